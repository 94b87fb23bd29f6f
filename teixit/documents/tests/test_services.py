import datetime as dt
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from teixit.accounts.tests.factories import UserFactory
from teixit.documents import services
from teixit.documents.models import Amendment, Document
from teixit.network.tests.factories import BodyFactory, BodyMembershipFactory
from teixit.notifications.models import Notification

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def executive(db):
    return BodyFactory(
        kind="executive_commission", name="Comissió executiva", slug="executiva"
    )


@pytest.fixture
def approver(executive):
    user = UserFactory(name="Marta Vila")
    BodyMembershipFactory(user=user, body=executive)
    return user


@pytest.fixture
def document(executive, technical_commission):
    return DocumentFactory(
        title="Codi ètic",
        slug="codi-etic",
        approving_body=executive,
        editing_body=technical_commission,
        is_public=True,
    )


def test_the_whole_path_to_two_approved_versions_and_their_comparison(
    document, approver, body_member_user, technician_user, client_for
):
    editor = body_member_user
    services.document_update(
        document=document,
        user=editor,
        title="Codi ètic",
        text="Som una xarxa.\n\nTreballem junts.\n\nCompartim recursos.",
    )
    services.document_open_consultation(document=document, user=editor)
    assert document.stage == Document.Stage.CONSULTATION
    replace = services.amendment_propose(
        document=document,
        user=technician_user,
        paragraph=2,
        kind=Amendment.Kind.REPLACE,
        text="Treballem junts i en igualtat.",
        reason="Cal parlar d'igualtat.",
    )
    delete = services.amendment_propose(
        document=document,
        user=technician_user,
        paragraph=3,
        kind=Amendment.Kind.DELETE,
        text="",
        reason="Sobra.",
    )
    add = services.amendment_propose(
        document=document,
        user=technician_user,
        paragraph=1,
        kind=Amendment.Kind.ADD,
        text="Som municipis.",
        reason="Qui som.",
    )
    # The approving body is told of each new amendment.
    assert Notification.objects.filter(
        recipient=approver, verb="documents.amended"
    ).exists()
    services.document_close_consultation(document=document, user=approver)
    with pytest.raises(ValidationError):
        services.document_approve(document=document, user=approver)  # answers pending
    services.amendment_answer(
        amendment=replace, user=approver, status=Amendment.Status.ACCEPTED, reply="Sí."
    )
    services.amendment_answer(
        amendment=delete,
        user=approver,
        status=Amendment.Status.REJECTED,
        reply="No, cal.",
    )
    services.amendment_answer(
        amendment=add,
        user=approver,
        status=Amendment.Status.MERGED,
        reply="Ho diem d'una altra manera.",
        merged_text="Som municipis i entitats.",
    )
    document.refresh_from_db()
    assert document.text == (
        "Som una xarxa.\n\nSom municipis i entitats.\n\n"
        "Treballem junts i en igualtat.\n\nCompartim recursos."
    )
    assert (
        Notification.objects.filter(
            recipient=technician_user, verb="documents.answered"
        ).count()
        == 3
    )
    v1 = services.document_approve(
        document=document, user=approver, approved_on=dt.date(2026, 12, 5)
    )
    assert (v1.number, v1.approved_by_body, v1.approved_on) == (
        1,
        document.approving_body,
        dt.date(2026, 12, 5),
    )
    services.document_publish(document=document, user=approver)
    public = client_for().get(reverse("documents:public", kwargs={"slug": "codi-etic"}))
    assert public.status_code == HTTPStatus.OK
    assert "Treballem junts i en igualtat." in public.content.decode()
    assert "5 de desembre de 2026" in public.content.decode(), public.content.decode()[
        -3000:
    ]

    # Amended again: a second round, v1 stays public meanwhile.
    services.document_reopen(document=document, user=editor)
    services.document_open_consultation(document=document, user=editor)
    second = services.amendment_propose(
        document=document,
        user=technician_user,
        paragraph=4,
        kind=Amendment.Kind.REPLACE,
        text="Compartim recursos i coneixement.",
        reason="Més complet.",
    )
    assert second.round == 2
    services.document_close_consultation(document=document, user=approver)
    services.amendment_answer(
        amendment=second, user=approver, status=Amendment.Status.ACCEPTED, reply="Bé."
    )
    v2 = services.document_approve(document=document, user=approver)
    assert v2.number == 2
    v1.refresh_from_db()
    assert v1.text.endswith("Compartim recursos.")  # frozen

    response = client_for(technician_user).get(
        reverse("documents:compare", kwargs={"slug": "codi-etic"}) + "?a=1&b=2"
    )
    html = response.content.decode()
    assert "Compartim recursos<ins> i coneixement</ins>." in html
    # Each round's amendments and answers stay readable with their version.
    v1_page = client_for().get(v1.get_absolute_url()).content.decode()
    assert "Cal parlar d&#x27;igualtat." in v1_page and "No, cal." in v1_page
    assert "Més complet." not in v1_page
    stages = list(document.stage_changes.values_list("round", "stage"))
    assert stages[-1] == (2, "approved")
    assert (1, "published") in stages


def test_each_stage_allows_only_its_roles(
    document, approver, body_member_user, technician_user, registered_user
):
    editor = body_member_user
    # Draft: members may not amend, the editors write, a technician may not.
    with pytest.raises(PermissionDenied):
        services.document_update(
            document=document, user=technician_user, title="x", text="y"
        )
    with pytest.raises(PermissionDenied):
        services.amendment_propose(
            document=document,
            user=technician_user,
            paragraph=1,
            kind="delete",
            text="",
            reason="r",
        )
    services.document_open_consultation(document=document, user=editor)
    # Consultation: editing is over; a registered person outside the network may not amend.
    with pytest.raises(PermissionDenied):
        services.document_update(document=document, user=editor, title="x", text="y")
    with pytest.raises(PermissionDenied):
        services.amendment_propose(
            document=document,
            user=registered_user,
            paragraph=1,
            kind="delete",
            text="",
            reason="r",
        )
    amendment = services.amendment_propose(
        document=document,
        user=technician_user,
        paragraph=1,
        kind="delete",
        text="",
        reason="r",
    )
    # Only the approving body closes and answers.
    with pytest.raises(PermissionDenied):
        services.document_close_consultation(document=document, user=editor)
    services.document_close_consultation(document=document, user=approver)
    with pytest.raises(PermissionDenied):
        services.amendment_answer(
            amendment=amendment, user=editor, status="accepted", reply="x"
        )
    with pytest.raises(PermissionDenied):
        services.document_approve(document=document, user=technician_user)


def test_an_amendment_needs_a_paragraph_of_the_text_and_a_reason(
    document, technician_user, body_member_user
):
    services.document_open_consultation(document=document, user=body_member_user)
    with pytest.raises(ValidationError) as exc:
        services.amendment_propose(
            document=document,
            user=technician_user,
            paragraph=9,
            kind="replace",
            text="",
            reason="",
        )
    assert set(exc.value.message_dict) == {"paragraph", "text", "reason"}
    assert not Amendment.objects.exists()


def test_the_views_follow_the_stage_and_role(
    document, client_for, technician_user, body_member_user, approver
):
    url = document.get_absolute_url()
    assert client_for().get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(UserFactory()).get(url).status_code == HTTPStatus.FORBIDDEN
    assert client_for(technician_user).get(url).status_code == HTTPStatus.OK
    stage = reverse("documents:stage", kwargs={"slug": document.slug})
    assert (
        client_for(technician_user).post(stage, {"action": "open"}).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client_for(body_member_user).post(stage, {"action": "open"}).status_code
        == HTTPStatus.FOUND
    )
    document.refresh_from_db()
    assert document.stage == "consultation"
    response = client_for(technician_user).post(
        reverse("documents:amend", kwargs={"slug": document.slug}),
        {"paragraph": 1, "kind": "replace", "text": "Nou.", "reason": "Millor."},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert document.amendments.get().author == technician_user
    # The public page exists only once a version is approved.
    public = reverse("documents:public", kwargs={"slug": document.slug})
    assert client_for().get(public).status_code == HTTPStatus.NOT_FOUND


def test_a_published_version_downloads_as_pdf(document, approver, client_for):
    services.document_import_version(
        document=document, text=document.text, approved_on=dt.date(2026, 1, 1)
    )
    response = client_for().get(
        reverse("documents:pdf", kwargs={"slug": document.slug, "number": 1})
    )
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")


def test_a_document_shows_its_other_languages(document, executive, client_for):
    services.document_import_version(
        document=document, text="Hola.", approved_on=dt.date(2026, 1, 1)
    )
    spanish = DocumentFactory(
        title="Código ético",
        slug="codigo-etico",
        language="es",
        translation_of=document,
        approving_body=executive,
        is_public=True,
    )
    services.document_import_version(
        document=spanish, text="Hola en castellano.", approved_on=dt.date(2026, 1, 2)
    )
    html = client_for().get(document.get_public_url()).content.decode()
    assert spanish.get_public_url() in html
    api = client_for().get("/api/v1/documents/?language=es").json()
    assert [item["slug"] for item in api["items"]] == ["codigo-etico"]
    assert api["items"][0]["translation_of"] == "codi-etic"
    assert api["items"][0]["versions"][0]["number"] == 1


def test_the_documents_page_counts_its_round_once_from_the_versions_it_lists(
    document, approver, client_for
):
    """The round in progress is one more than the approved versions: the page
    works it out from the versions it lists (it counted them at every use,
    four queries), and offers to approve the next number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import ApprovedVersionFactory

    for number in (1, 2):
        ApprovedVersionFactory(
            document=document, number=number, approved_on=dt.date(2026, 11, number)
        )
    Document.objects.filter(pk=document.pk).update(stage=Document.Stage.DELIBERATION)
    client = client_for(approver)
    client.get(document.get_absolute_url())
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(document.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Aprova la versió 3" in response.content.decode()
    counts = [
        q["sql"]
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"] and "documents_version" in q["sql"]
    ]
    assert counts == []
