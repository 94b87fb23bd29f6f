"""The home page: the network's showcase for visitors, "My work" for each
role, each pending thing a count with a link that works."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teixit.entities.models import Entity, ImportBatch
from teixit.entities.tests.factories import EntityFactory
from teixit.home.registry import my_work
from teixit.home.selectors import forget_showcase
from teixit.network.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def _sections(user) -> dict[str, list[dict]]:
    """The person's sections, labels in English (the messages' ids)."""
    from django.utils import translation

    sections = my_work(user)
    with translation.override("en"):
        return {
            section["key"]: [
                {**item, "label": str(item["label"])} for item in section["items"]
            ]
            for section in sections
        }


def test_visitor_sees_the_network_the_map_and_the_agenda(client, member):
    from teixit.practices.tests.factories import PublishedPracticeFactory

    NetworkFactory(name="Xarxa de proves", description="Una *xarxa* de municipis.")
    practice = PublishedPracticeFactory(title="Moneda social al barri")
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Xarxa de proves" in content
    assert "<em>xarxa</em>" in content
    assert f'src="{reverse("maps:embed")}"' in content
    assert practice.title in content
    assert "work-section" not in content
    assert (
        'href="/entities/propose/"' in content or reverse("entities:propose") in content
    )


def test_visitor_home_does_not_repeat_the_menu(client):
    content = client.get("/").content.decode()
    assert "section-links" not in content


def test_person_with_nothing_pending_is_told_so(client_for, registered_user):
    content = client_for(registered_user).get("/").content.decode()
    assert "work-section" not in content
    assert "empty-state" in content


def test_technician_sees_entities_to_moderate_and_their_imports(
    client_for, technician_user, member
):
    EntityFactory(municipality=member.municipality, status=Entity.Status.PROPOSED)
    EntityFactory(municipality=member.municipality, status=Entity.Status.PROPOSED)
    EntityFactory(status=Entity.Status.PROPOSED)  # elsewhere: not theirs
    EntityFactory(municipality=member.municipality, last_verified_on=None)
    ImportBatch.objects.create(
        source_name="llista",
        file=SimpleUploadedFile("llista.csv", b"nom\nCoop\n"),
        created_by=technician_user,
    )
    items = _sections(technician_user)["entities"]
    counts = {str(item["label"]): item["count"] for item in items}
    assert counts == {
        "proposed entities to review": 2,
        "entities not verified for a long time": 1,
        "imports of mine": 1,
    }
    client = client_for(technician_user)
    content = client.get("/en/").content.decode()
    assert 'id="work-entities"' in content
    for item in items:
        assert client.get(item["url"]).status_code == HTTPStatus.OK


def test_registered_person_sees_no_entity_section(registered_user):
    EntityFactory(status=Entity.Status.PROPOSED)
    assert "entities" not in _sections(registered_user)


def test_body_member_sees_their_bodys_actions_and_stale_ones(
    client_for, body_member_user, technical_commission
):
    import datetime

    from django.utils import timezone

    from teixit.workplans.tests.factories import ActionFactory, ResponsibilityFactory

    fresh = ActionFactory(last_update_on=timezone.localdate())
    stale = ActionFactory(
        last_update_on=timezone.localdate() - datetime.timedelta(days=120)
    )
    ResponsibilityFactory(action=fresh, body=technical_commission)
    ResponsibilityFactory(action=stale, body=technical_commission)
    # Twice the body's (two roles): counted once.
    ResponsibilityFactory(action=stale, body=technical_commission, role="support")
    never = ActionFactory(last_update_on=None)
    ResponsibilityFactory(action=never, body=technical_commission)
    ActionFactory()  # another body's
    items = _sections(body_member_user)["workplans"]
    assert [item["count"] for item in items] == [3, 2]
    response = client_for(body_member_user).get(items[0]["url"])
    assert response.status_code == HTTPStatus.OK


def test_secretariat_sees_diagnoses_to_validate(client_for, secretariat_user, member):
    from teixit.diagnosis.models import Diagnosis
    from teixit.diagnosis.services import diagnosis_create, methodology_load

    methodology_load()
    diagnosis = diagnosis_create(member=member, year=2024)
    Diagnosis.objects.filter(pk=diagnosis.pk).update(status=Diagnosis.Status.SUBMITTED)
    items = {str(i["label"]): i for i in _sections(secretariat_user)["diagnosis"]}
    validate = items["diagnoses to validate"]
    assert validate["count"] == 1
    assert validate["url"] == reverse("diagnosis:diagnosis_detail", args=[diagnosis.pk])
    assert (
        client_for(secretariat_user).get(validate["url"]).status_code == HTTPStatus.OK
    )


def test_technician_sees_the_draft_diagnosis_to_fill(technician_user, member):
    from teixit.diagnosis.services import diagnosis_create, methodology_load

    methodology_load()
    diagnosis_create(member=member, year=2024)
    items = _sections(technician_user)["diagnosis"]
    assert [(str(i["label"]), i["count"]) for i in items] == [
        ("diagnoses to fill and submit", 1)
    ]


def test_expert_sees_consultations_waiting_for_an_answer(registered_user):
    from teixit.accounts.tests.factories import UserFactory
    from teixit.experts.services import consultation_ask
    from teixit.experts.tests.factories import ExpertProfileFactory

    asker = UserFactory()
    profile = ExpertProfileFactory(user=registered_user)
    consultation_ask(
        expert_profile=profile, requester=asker, subject="Estatuts", body="Dubte"
    )
    assert _sections(registered_user)["experts"][0]["count"] == 1
    # The one who asked waits for the expert, not for themselves.
    assert "experts" not in _sections(asker)


def test_my_registrations_link_to_the_training(client_for, registered_user):
    import datetime

    from django.utils import timezone

    from teixit.trainings.models import TrainingSession
    from teixit.trainings.tests.factories import RegistrationFactory, TrainingFactory

    training = TrainingFactory(title="Cooperativisme bàsic")
    start = timezone.now() + datetime.timedelta(days=10)
    TrainingSession.objects.create(
        training=training, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    RegistrationFactory(training=training, user=registered_user)
    content = client_for(registered_user).get("/").content.decode()
    assert "Cooperativisme bàsic" in content
    assert f'href="{training.get_absolute_url()}"' in content


def test_map_and_entity_lists_link_to_the_proposal_form(client_for, technician_user):
    propose = reverse("entities:propose")
    assert (
        f'href="{propose}"'
        in client_for(None).get(reverse("maps:map")).content.decode()
    )
    manage = (
        client_for(technician_user).get(reverse("entities:manage")).content.decode()
    )
    assert f'href="{propose}"' in manage
    assert 'class="subnav"' in manage
    assert 'aria-current="page"' in manage


def test_management_menu_is_shown_to_those_who_manage_something(
    client_for, registered_user, technician_user, secretariat_user
):
    def menu(user) -> str:
        return client_for(user).get("/").content.decode()

    assert "nav-group-manage" not in menu(None)
    assert "nav-group-manage" not in menu(registered_user)
    technician_menu = menu(technician_user)
    assert "nav-group-manage" in technician_menu
    assert f'href="{reverse("entities:import_list")}"' in technician_menu
    assert f'href="{reverse("debates:moderation")}"' not in technician_menu
    secretariat_menu = menu(secretariat_user)
    assert f'href="{reverse("debates:moderation")}"' in secretariat_menu
    assert f'href="{reverse("admin:index")}"' in secretariat_menu


def test_main_menu_has_at_most_six_groups_for_visitors(client):
    from teixit.core.navigation import main_navigation

    class Request:
        path = "/"

    groups = main_navigation(Request())
    assert 1 <= len(groups) <= 6
    assert all(group["items"] for group in groups)


def test_an_app_adds_a_menu_entry_through_the_registry(client):
    from teixit.core import navigation

    class Request:
        path = "/"

    def knowledge() -> list[str]:
        groups = {g["key"]: g for g in navigation.main_navigation(Request())}
        return [item["url"] for item in groups["knowledge"]["items"]]

    assert "/credits/" not in knowledge()
    navigation.register_nav_item("knowledge", "core:credits", "Crèdits de prova")
    try:
        assert "/credits/" in knowledge()
    finally:
        navigation._ITEMS.pop("knowledge:core:credits")


@pytest.mark.parametrize(
    ("path", "title", "lang"),
    [
        ("/no-such-page/", "trobat la pàgina", "ca"),
        ("/es/no-such-page/", "Página no encontrada", "es"),
        ("/en/no-such-page/", "Page not found", "en"),
    ],
)
def test_a_mistyped_address_answers_in_the_sites_language(client, path, title, lang):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == HTTPStatus.NOT_FOUND
    import html

    content = html.unescape(response.content.decode())
    assert f'lang="{lang}"' in content
    assert title in content


def test_token_help_shows_the_authorization_header(client_for, registered_user):
    page = client_for(registered_user).get(reverse("accounts:profile")).content.decode()
    assert "Authorization: Bearer &lt;token&gt;" in page


def test_home_keeps_the_unverified_count_a_minute_like_the_list(
    client_for, technician_user, member
):
    """Counting the unverified part of a large register is the home page's
    costliest query: it is kept (a change shows within a minute), the same
    number the unverified list shows."""
    from django.core.cache import cache

    EntityFactory(municipality=member.municipality, last_verified_on=None)

    def unverified() -> int:
        items = _sections(technician_user)["entities"]
        return {i["label"]: i["count"] for i in items}[
            "entities not verified for a long time"
        ]

    assert unverified() == 1
    EntityFactory(municipality=member.municipality, last_verified_on=None)
    assert unverified() == 1  # kept
    listed = client_for(technician_user).get(reverse("entities:unverified"))
    assert listed.context["page_obj"].paginator.count == 1  # the same number
    cache.clear()
    assert unverified() == 2


@pytest.mark.parametrize("role", ["anonymous", "technician_user", "secretariat_user"])
def test_home_runs_as_many_queries_with_more_data(request, client_for, member, role):
    """Each role's home page: the same number of queries with a few and with
    many entities, practices, diagnoses and registrations (cache emptied
    before each count, so the counts themselves are run)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.diagnosis.models import Diagnosis
    from teixit.diagnosis.services import diagnosis_create, methodology_load
    from teixit.network.tests.factories import MemberFactory
    from teixit.practices.tests.factories import PublishedPracticeFactory

    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user)
    methodology_load()

    def add(n: int) -> None:
        for _ in range(n):
            EntityFactory(municipality=member.municipality, status="proposed")
            EntityFactory(municipality=member.municipality, last_verified_on=None)
            PublishedPracticeFactory(member=MemberFactory())
            diagnosis = diagnosis_create(member=MemberFactory(), year=2024)
            Diagnosis.objects.filter(pk=diagnosis.pk).update(
                status=Diagnosis.Status.SUBMITTED
            )

    def count() -> int:
        cache.clear()
        client.get("/")  # the session, the language and the menus settled
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/")
        assert response.status_code == HTTPStatus.OK
        return len(ctx.captured_queries)

    add(1)
    few = count()
    add(6)
    assert count() == few


def test_the_showcase_reads_no_theme_it_does_not_show(client):
    """The visitors' showcase lists the agenda's events and the latest
    practices by title: their themes are not read (two queries a home page),
    and the lists still show."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.events.models import Event
    from teixit.events.tests.factories import EventFactory
    from teixit.practices.tests.factories import PublishedPracticeFactory, ThemeFactory

    theme = ThemeFactory(label_ca="Habitatge cooperatiu")
    event = EventFactory(
        title="Trobada d'estiu", audience=Event.Audience.PUBLIC, themes=[theme]
    )
    practice = PublishedPracticeFactory(title="Menjadors escolars")
    practice.themes.set([theme])
    client.get("/")
    forget_showcase()  # read again, not the one kept by the first visit
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    content = response.content.decode()
    assert event.title.replace("'", "&#x27;") in content
    assert practice.title in content
    assert "Habitatge cooperatiu" not in content
    read = [q["sql"] for q in ctx.captured_queries]
    assert not [sql for sql in read if "vocabulary_concept" in sql], read


def test_visitors_showcase_read_once_a_minute_and_after_a_change(client, monkeypatch):
    """Visitors see the showcase read by an earlier visit of the last minute
    (no statement of its own), read anew when something it shows is saved
    in this process or the minute is over; kept per language."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.home import selectors
    from teixit.practices.tests.factories import PublishedPracticeFactory

    first = PublishedPracticeFactory(title="Menjadors escolars")

    def visit():
        with CaptureQueriesContext(connection) as ctx:
            content = client.get("/").content.decode()
        read = [q["sql"] for q in ctx.captured_queries]
        return content, [sql for sql in read if "practices_practice" in sql]

    content, read = visit()
    assert first.title in content and read
    content, read = visit()
    assert first.title in content and not read  # the kept showcase
    second = PublishedPracticeFactory(title="Moneda social al barri")
    content, read = visit()
    assert second.title in content and read  # a practice saved: read anew
    assert not visit()[1]
    clock = time.monotonic()
    monkeypatch.setattr(
        time, "monotonic", lambda: clock + selectors.SHOWCASE_SECONDS + 1
    )
    assert visit()[1]  # the minute is over
    with CaptureQueriesContext(connection):
        client.get("/es/")
    assert ("es", 3) in selectors._KEPT and ("ca", 3) in selectors._KEPT
