import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from teixit.materials.tests.factories import EXE_BYTES, pdf_bytes, upload
from teixit.practices import services
from teixit.practices.models import Practice
from teixit.practices.tests.factories import (
    PracticeFactory,
    PublishedPracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _form_data(**overrides) -> dict:
    data = {
        "title": "Moneda local a Vilafranca",
        "summary": "Una moneda local que no va arrencar.",
        "outcome": "failure",
        "lessons": "Les lliçons: cal implicar el comerç des del principi.",
        "scope": "local",
        "language": "ca",
        "visibility": "members",
    }
    data.update(overrides)
    return data


# Services and model rules -----------------------------------------------------


def test_practice_workflow_draft_review_published(technician_user):
    practice = services.practice_create(author=technician_user, data=_form_data())
    assert practice.status == Practice.Status.DRAFT
    services.practice_submit(practice=practice)
    assert practice.status == Practice.Status.REVIEW and practice.submitted_at
    services.practice_publish(practice=practice)
    assert practice.status == Practice.Status.PUBLISHED and practice.published_at
    with pytest.raises(ValidationError) as info:
        services.practice_publish(practice=practice)
    assert info.value.code == "not_in_review"


def test_practice_send_back_needs_comment_and_allows_resubmission(technician_user):
    practice = services.practice_create(author=technician_user, data=_form_data())
    services.practice_submit(practice=practice)
    with pytest.raises(ValidationError):
        services.practice_send_back(practice=practice, comment="  ")
    services.practice_send_back(practice=practice, comment="Afegiu les xifres.")
    assert (
        practice.status == Practice.Status.RETURNED
        and practice.review_comment == "Afegiu les xifres."
    )
    services.practice_submit(practice=practice)
    assert practice.status == Practice.Status.REVIEW


def test_practice_end_before_start_is_a_field_error(technician_user):
    with pytest.raises(ValidationError) as info:
        services.practice_create(
            author=technician_user,
            data=_form_data(
                start_on=datetime.date(2020, 5, 1), end_on=datetime.date(2019, 1, 1)
            ),
        )
    assert "end_on" in info.value.message_dict


def test_practice_replicated_in_is_symmetrical(technician_user):
    original = PublishedPracticeFactory()
    copy = services.practice_create(
        author=technician_user, data=_form_data(), replicated_in=[original]
    )
    assert list(original.replicated_in.all()) == [copy]


def test_practice_document_refuses_disguised_executable(technician_user):
    practice = PracticeFactory(author=technician_user)
    with pytest.raises(ValidationError) as info:
        services.practice_document_add(
            practice=practice, file=upload("informe.pdf", EXE_BYTES)
        )
    assert info.value.code == "file_type_not_allowed"
    assert not practice.documents.exists()


# Pages per role ------------------------------------------------------------------


def test_practice_list_hides_members_only_from_public_and_never_hides_failures_from_members(
    client_for, registered_user
):
    PublishedPracticeFactory(title="Èxit públic", outcome="success")
    PublishedPracticeFactory(
        title="Fracàs intern", outcome="failure", visibility="members"
    )
    PracticeFactory(title="Esborrany")
    public = client_for().get(reverse("practices:list")).content.decode()
    assert (
        "Èxit públic" in public
        and "Fracàs intern" not in public
        and "Esborrany" not in public
    )
    member = client_for(registered_user).get(reverse("practices:list")).content.decode()
    assert "Fracàs intern" in member and "Esborrany" not in member
    failures = (
        client_for(registered_user)
        .get(reverse("practices:list"), {"outcome": "failure"})
        .content.decode()
    )
    assert "Fracàs intern" in failures and "Èxit públic" not in failures


def test_practice_list_filters_by_theme_scope_language_and_member(client, member):
    theme = ThemeFactory(code="mercat-social")
    wanted = PublishedPracticeFactory(
        title="Buscada", scope="national", language="es", member=member
    )
    wanted.themes.add(theme)
    PublishedPracticeFactory(title="Altra", scope="local")
    params = {
        "theme": "mercat-social",
        "scope": "national",
        "language": "es",
        "member": member.slug,
    }
    html = client.get(reverse("practices:list"), params).content.decode()
    assert "Buscada" in html and "Altra" not in html


def test_practice_list_by_theme_shows_each_practice_once_newest_first(client, member):
    """The theme filter is a subquery, not a join: a practice with two themes
    is not listed twice, and the count agrees with the rows (no DISTINCT)."""
    import datetime

    from django.utils import timezone

    theme, other = ThemeFactory(code="habitatge"), ThemeFactory(code="cures")
    now = timezone.now()
    older = PublishedPracticeFactory(
        title="Cessió d'ús", published_at=now - datetime.timedelta(days=3)
    )
    newer = PublishedPracticeFactory(
        title="Masoveria urbana", published_at=now - datetime.timedelta(days=1)
    )
    older.themes.add(theme, other)
    newer.themes.add(theme, other)
    PublishedPracticeFactory(title="Sense tema")
    response = client.get(reverse("practices:list"), {"theme": "habitatge"})
    assert [p.title for p in response.context["practices"]] == [
        "Masoveria urbana",
        "Cessió d'ús",
    ]
    assert response.context["paginator"].count == 2
    by_member = client.get(reverse("practices:list"), {"member": member.slug})
    assert list(by_member.context["practices"]) == []
    unknown = client.get(reverse("practices:list"), {"member": "no-existeix"})
    assert unknown.context["paginator"].count == 3  # an invalid filter is ignored


def test_practice_list_territory_select_lists_members_by_name(client, member):
    from teixit.network.tests.factories import MemberFactory

    MemberFactory(name="Abrera", slug="abrera")
    html = client.get(reverse("practices:list"), {"member": "abrera"}).content.decode()
    select = html[
        html.index('name="member"') : html.index(
            "</select>", html.index('name="member"')
        )
    ]
    assert '<option value="abrera" selected>Abrera</option>' in select
    assert f'<option value="{member.slug}">{member.name}</option>' in select
    assert select.index("Abrera") < select.index(member.name)  # "Ajuntament …"


def test_practice_list_htmx_answers_results_fragment(client):
    PublishedPracticeFactory(title="Visible")
    response = client.get(reverse("practices:list"), HTTP_HX_REQUEST="true")
    assert (
        "<html" not in response.content.decode()
        and "Visible" in response.content.decode()
    )


def test_practice_list_query_count_is_constant(client_for, registered_user):
    theme = ThemeFactory()

    def count() -> int:
        client = client_for(registered_user)
        client.get(reverse("practices:list"))
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("practices:list"))
        return len(ctx.captured_queries)

    from teixit.network.tests.factories import MemberFactory

    for _ in range(2):
        PublishedPracticeFactory().themes.add(theme)
    few = count()
    for _ in range(10):
        PublishedPracticeFactory(member=MemberFactory()).themes.add(theme)
    assert count() == few


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, HTTPStatus.FOUND),
        ("registered_user", HTTPStatus.FORBIDDEN),
        ("technician_user", HTTPStatus.OK),
        ("body_member_user", HTTPStatus.OK),
        ("secretariat_user", HTTPStatus.OK),
    ],
)
def test_practice_create_page_per_role(request, client_for, role, expected):
    user = request.getfixturevalue(role) if role else None
    assert client_for(user).get(reverse("practices:create")).status_code == expected


def test_practice_create_page_saves_draft_with_document_and_links(
    client_for, technician_user, member
):
    theme = ThemeFactory()
    data = _form_data(
        themes=[theme.pk], member=member.pk, links="https://example.org/informe Informe final\n",
        document=upload("avaluacio.pdf", pdf_bytes()), document_title="Avaluació",
    )  # fmt: skip
    response = client_for(technician_user).post(reverse("practices:create"), data)
    assert response.status_code == HTTPStatus.FOUND
    practice = Practice.objects.get()
    assert (
        practice.author == technician_user and practice.status == Practice.Status.DRAFT
    )
    assert practice.documents.get().content_type == "application/pdf"
    assert practice.links.get().title == "Informe final"
    assert list(practice.themes.all()) == [theme]


def test_practice_create_page_keeps_input_on_errors(client_for, technician_user):
    data = _form_data(
        start_on="2021-05-01",
        end_on="2020-01-01",
        links="not a link",
        document=upload("x.pdf", EXE_BYTES),
    )
    with translation.override("en"):
        url = reverse("practices:create")  # /en/…: messages in English
    response = client_for(technician_user).post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "The end date is before the start date." in html
    assert "is not a web address" in html
    assert "whatever its name says" in html
    assert "must be chosen again" in html
    assert "Les lliçons: cal implicar el comerç des del principi." in html
    assert not Practice.objects.exists()


def test_practice_missing_required_fields_are_reported(client_for, technician_user):
    response = client_for(technician_user).post(
        reverse("practices:create"), {"lessons": "Guardat"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors.keys() >= {"title", "summary", "outcome"}
    assert "Guardat" in response.content.decode()


def test_practice_author_edits_draft_but_not_in_review(
    client_for, technician_user, registered_user, secretariat_user
):
    practice = PracticeFactory(author=technician_user)
    edit = reverse("practices:update", kwargs={"pk": practice.pk})
    assert client_for(technician_user).get(edit).status_code == HTTPStatus.OK
    assert client_for(registered_user).get(edit).status_code == HTTPStatus.FORBIDDEN
    response = client_for(technician_user).post(edit, _form_data(title="Nou títol"))
    assert response.status_code == HTTPStatus.FOUND
    practice.refresh_from_db()
    assert practice.title == "Nou títol"
    client_for(technician_user).post(
        reverse("practices:submit", kwargs={"pk": practice.pk})
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.REVIEW
    assert client_for(technician_user).get(edit).status_code == HTTPStatus.FORBIDDEN
    assert client_for(secretariat_user).get(edit).status_code == HTTPStatus.OK


def test_practice_review_by_secretariat_only(
    client_for, technician_user, secretariat_user, body_member_user
):
    practice = PracticeFactory(author=technician_user, status=Practice.Status.REVIEW)
    publish = reverse("practices:publish", kwargs={"pk": practice.pk})
    queue = reverse("practices:review_queue")
    assert client_for(technician_user).post(publish).status_code == HTTPStatus.FORBIDDEN
    assert client_for(body_member_user).get(queue).status_code == HTTPStatus.FORBIDDEN
    assert practice.title in client_for(secretariat_user).get(queue).content.decode()
    send_back = reverse("practices:send_back", kwargs={"pk": practice.pk})
    assert (
        client_for(secretariat_user).post(send_back, {"comment": ""}).status_code
        == HTTPStatus.BAD_REQUEST
    )
    assert (
        client_for(secretariat_user)
        .post(send_back, {"comment": "Falten dades"})
        .status_code
        == HTTPStatus.FOUND
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.RETURNED
    detail = (
        client_for(technician_user).get(practice.get_absolute_url()).content.decode()
    )
    assert "Falten dades" in detail


def test_practice_detail_visibility(client_for, registered_user, technician_user):
    draft = PracticeFactory(author=technician_user)
    members = PublishedPracticeFactory(visibility="members", contact_name="Anna Puig")
    assert (
        client_for().get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    )
    assert (
        client_for(registered_user).get(draft.get_absolute_url()).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client_for(technician_user).get(draft.get_absolute_url()).status_code
        == HTTPStatus.OK
    )
    assert (
        client_for().get(members.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    )
    assert (
        "Anna Puig"
        in client_for(registered_user).get(members.get_absolute_url()).content.decode()
    )


def test_practice_detail_renders_markdown_safely(client):
    practice = PublishedPracticeFactory(lessons="**Clau**: <script>alert(1)</script>")
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "<strong>Clau</strong>" in html and "<script>alert" not in html


def test_practice_document_download_follows_practice_visibility(
    client_for, registered_user
):
    practice = PublishedPracticeFactory(visibility="members")
    document = services.practice_document_add(
        practice=practice, file=upload("a.pdf", pdf_bytes())
    )
    url = document.get_absolute_url()
    assert client_for().get(url).status_code == HTTPStatus.NOT_FOUND
    response = client_for(registered_user).get(url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# Admin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat_user", HTTPStatus.OK),
        ("superuser", HTTPStatus.OK),
        ("technician_user", HTTPStatus.FORBIDDEN),
    ],
)
def test_practice_admin_per_role(request, client_for, role, expected):
    practice = PublishedPracticeFactory()
    client = client_for(request.getfixturevalue(role))
    assert (
        client.get(reverse("admin:practices_practice_changelist")).status_code
        == expected
    )
    assert (
        client.get(
            reverse("admin:practices_practice_change", args=[practice.pk])
        ).status_code
        == expected
    )


def test_practice_admin_anonymous_redirected_to_login(client):
    assert (
        client.get(reverse("admin:practices_practice_changelist")).status_code
        == HTTPStatus.FOUND
    )


def test_practice_admin_action_publishes_in_review(client_for, secretariat_user):
    practice = PracticeFactory(status=Practice.Status.REVIEW)
    client_for(secretariat_user).post(
        reverse("admin:practices_practice_changelist"),
        {"action": "publish_selected", "_selected_action": [practice.pk]},
    )
    practice.refresh_from_db()
    assert practice.is_published


# API -----------------------------------------------------------------------------------


def test_practices_api_list_and_detail(client, registered_user):
    from teixit.accounts.services import api_token_create

    failure = PublishedPracticeFactory(
        title="Fracàs", outcome="failure", lessons="Aprendre"
    )
    PublishedPracticeFactory(title="Interna", visibility="members")
    PracticeFactory(title="Esborrany")
    data = client.get("/api/v1/practices/").json()
    assert [item["title"] for item in data["items"]] == ["Fracàs"]
    assert client.get("/api/v1/practices/", {"outcome": "success"}).json()["count"] == 0
    detail = client.get(f"/api/v1/practices/{failure.pk}/").json()
    assert detail["lessons"] == "Aprendre" and detail["outcome"] == "failure"
    _, raw = api_token_create(user=registered_user, name="t")
    data = client.get("/api/v1/practices/", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert data["count"] == 2
    hidden = Practice.objects.get(title="Interna")
    assert (
        client.get(f"/api/v1/practices/{hidden.pk}/").status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client.get("/api/v1/practices/", HTTP_AUTHORIZATION="Bearer wrong").status_code
        == HTTPStatus.UNAUTHORIZED
    )


def test_openapi_documents_knowledge_bank_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation_ids = {
        op["operationId"] for path in schema["paths"].values() for op in path.values()
    }
    assert {
        "practices_list",
        "practices_detail",
        "materials_list",
        "materials_detail",
        "search_search",
    } <= operation_ids


def test_replicated_in_is_typed_as_numbers_or_addresses_not_chosen_from_every_practice(
    technician_user,
):
    from teixit.practices.forms import PracticeForm

    first, second = PublishedPracticeFactory(), PublishedPracticeFactory()
    draft = PracticeFactory()
    text = f"{first.pk}, https://xarxa.example.org/practices/{second.pk}/ {first.pk}"
    form = PracticeForm(data=_form_data(replicated_in=text))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["replicated_in"] == [first, second]
    # Not a select of the whole bank.
    assert "<option" not in str(form["replicated_in"])

    bad = PracticeForm(data=_form_data(replicated_in=f"{draft.pk}, 999999, abc"))
    assert not bad.is_valid()
    message = bad.errors["replicated_in"][0]
    assert str(draft.pk) in message and "999999" in message and "abc" in message

    practice = services.practice_create(
        author=technician_user, data=_form_data(), replicated_in=[second, first]
    )
    shown = PracticeForm(instance=practice)
    assert shown["replicated_in"].value() == ", ".join(
        str(pk) for pk in sorted([first.pk, second.pk])
    )
    itself = PracticeForm(
        instance=practice, data=_form_data(replicated_in=str(practice.pk))
    )
    assert not itself.is_valid()
