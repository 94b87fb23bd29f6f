"""Pages of events: who sees and does what, per role."""

from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teixit.accounts.models import User
from teixit.accounts.tests.factories import UserFactory
from teixit.events.models import Agreement, Event, Invitation, Registration
from teixit.network.tests.factories import BodyMembershipFactory, TechnicianFactory
from teixit.workplans.models import Action, Indicator
from teixit.workplans.tests.factories import ActionFactory

from .factories import (
    AgreementFactory,
    EventFactory,
    InvitationFactory,
    RegistrationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_public_sees_public_events_only(client_for):
    public = EventFactory(audience=Event.Audience.PUBLIC, title="Jornada oberta")
    members = EventFactory(audience=Event.Audience.MEMBERS, title="Trobada interna")
    draft = EventFactory(
        audience=Event.Audience.PUBLIC, status="draft", title="Esborrany"
    )
    client = client_for()
    page = client.get(reverse("events:list")).content.decode()
    assert public.title in page
    assert members.title not in page and draft.title not in page
    assert client.get(members.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get(public.get_absolute_url()).status_code == HTTPStatus.OK


def test_agenda_lists_upcoming_events_a_page_at_a_time(client_for):
    """The agenda runs to the end of the calendar (hundreds of upcoming events
    at network scale): 20 a page, in date order, the same queries whatever
    the number of events, and no DISTINCT even when filtering by theme (an
    event with two themes is listed once)."""
    housing, energy = ThemeFactory(), ThemeFactory()
    start = timezone.now() + timedelta(days=1)
    events = [
        EventFactory(
            audience=Event.Audience.PUBLIC,
            starts_at=start + timedelta(days=i),
            ends_at=start + timedelta(days=i, hours=2),
            themes=[housing, energy] if i % 2 else [housing],
        )
        for i in range(25)
    ]
    client = client_for()
    url = reverse("events:list")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert [e.pk for e in first.context["events"]] == [e.pk for e in events[:20]]
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(url, {"page": 2})
    assert [e.pk for e in second.context["events"]] == [e.pk for e in events[20:]]
    # Themes are not shown, nor read.
    assert not any(
        "vocabulary_concept" in q["sql"] and "event_id" in q["sql"]
        for q in queries.captured_queries
    )
    assert len(queries.captured_queries) <= 3

    themed = client.get(url, {"theme": housing.code})
    assert [e.pk for e in themed.context["events"]] == [e.pk for e in events[:20]]
    assert themed.context["page_obj"].paginator.count == 25
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"theme": energy.code})
    assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)
    energy_page = client.get(url, {"theme": energy.code})
    assert [e.pk for e in energy_page.context["events"]] == [e.pk for e in events[1::2]]
    # The month view is not paged: every event of the month.
    month = client.get(url, {"view": "month", "month": start.strftime("%Y-%m")})
    assert month.context["page_obj"] is None


def test_registered_people_see_members_events(client_for, registered_user):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    response = client_for(registered_user).get(event.get_absolute_url())
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "who, create, invite, minutes",
    [
        ("secretariat_user", True, True, True),
        ("technician_user", True, False, False),
        ("body_member_user", False, False, False),
        ("registered_user", False, False, False),
    ],
)
def test_permissions_per_role(request, who, create, invite, minutes):
    user = request.getfixturevalue(who)
    event = EventFactory()
    assert user.has_perm("events.add_event") is create
    assert user.has_perm("events.invite_event", event) is invite
    assert user.has_perm("events.write_minutes", event) is minutes
    assert user.has_perm("events.publish_event", event) is (who == "secretariat_user")


def test_technician_edits_own_members_unpublished_events_only(technician_user, member):
    own = EventFactory(organiser_kind="member", organiser_member=member, status="draft")
    published = EventFactory(
        organiser_kind="member", organiser_member=member, status="published"
    )
    other = EventFactory(status="draft")
    assert technician_user.has_perm("events.change_event", own)
    assert not technician_user.has_perm("events.change_event", published)
    assert not technician_user.has_perm("events.change_event", other)
    assert technician_user.has_perm("events.manage_registrations", published)


def test_invitations_page_is_for_the_secretariat(
    client_for, secretariat_user, technician_user
):
    event = EventFactory()
    url = reverse("events:invitations", kwargs={"pk": event.pk})
    assert client_for(technician_user).get(url).status_code == HTTPStatus.FORBIDDEN
    assert client_for(secretariat_user).get(url).status_code == HTTPStatus.OK


def test_invitee_answers_through_the_link_without_account(client_for):
    invitation = InvitationFactory()
    client = client_for()
    url = invitation.get_absolute_url()
    response = client.post(url, {"answer": "yes", "attendees": "Núria Puig"})
    assert response.status_code == HTTPStatus.FOUND
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.YES
    assert invitation.attendees == "Núria Puig"
    bad = client.post(url, {"answer": "yes", "attendees": ""})
    assert bad.status_code == HTTPStatus.OK
    assert (
        client.get("/events/invitation/not-a-token/").status_code
        == HTTPStatus.NOT_FOUND
    )


def test_online_link_only_for_registered_people(client_for, registered_user):
    event = EventFactory(
        audience=Event.Audience.PUBLIC, online_url="https://meet.example.org/xarxa"
    )
    client = client_for(registered_user)
    assert (
        "meet.example.org" not in client.get(event.get_absolute_url()).content.decode()
    )
    RegistrationFactory(event=event, user=registered_user)
    assert "meet.example.org" in client.get(event.get_absolute_url()).content.decode()


def test_register_page_creates_the_registration(client_for, registered_user):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    client = client_for(registered_user)
    url = reverse("events:register", kwargs={"pk": event.pk})
    missing = client.post(url, {"name": "Anna"})
    assert missing.status_code == HTTPStatus.OK and not Registration.objects.exists()
    response = client.post(url, {"name": "Anna", "needs": "Menú vegà", "consent": "on"})
    assert response.status_code == HTTPStatus.FOUND
    registration = Registration.objects.get()
    assert registration.needs == "Menú vegà" and registration.status == "registered"


def test_attendance_page_for_organisers(client_for, secretariat_user, registered_user):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    url = reverse("events:attendance", kwargs={"pk": event.pk})
    assert client_for(registered_user).get(url).status_code == HTTPStatus.FORBIDDEN
    response = client_for(secretariat_user).post(url, {"present": [registration.pk]})
    assert response.status_code == HTTPStatus.FOUND
    registration.refresh_from_db()
    assert registration.attended


def test_certificate_download(client_for):
    registration = RegistrationFactory(attended=True)
    url = reverse("events:certificate", kwargs={"pk": registration.event_id})
    response = client_for(registration.user).get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_my_agreements_lists_open_agreements(client_for, registered_user):
    agreement = AgreementFactory(responsible_user=registered_user, text="Fer l'informe")
    page = client_for(registered_user).get(reverse("events:my_agreements"))
    assert "Fer l&#x27;informe" in page.content.decode()
    home = client_for(registered_user).get(reverse("events:list")).content.decode()
    assert reverse("events:my_agreements") in home
    assert agreement.status == "open"


def test_agreement_linked_to_an_action_appears_on_its_page(
    client_for, secretariat_user
):
    action = ActionFactory()
    event = EventFactory(status="held")
    client = client_for(secretariat_user)
    response = client.post(
        reverse("events:agreement_add", kwargs={"pk": event.pk}),
        {"text": "Revisar els plecs de contractació", "action": action.pk},
    )
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Revisar els plecs de contractació" in page
    assert event.get_absolute_url() in page


def test_agreement_form_lists_people_and_actions_without_an_object_per_option(
    client_for, secretariat_user
):
    """The secretariat's event page offers the network's people (technicians,
    body members, superusers: not everyone with an account) and every action
    of an approved plan (160 actions at network scale), written from rows: no
    user or action object is built per option (they were half of the page's
    time); the chosen ones still resolve, and a person the select does not
    offer is refused."""
    action = ActionFactory(text="Revisar els plecs " + "de contractació " * 6)
    named = TechnicianFactory(user__name="Anna Puig").user
    unnamed = BodyMembershipFactory(
        user__name="", user__email="sense.nom@example.org"
    ).user
    gone = TechnicianFactory(user__name="Persona de baixa", user__is_active=False).user
    outsider = UserFactory(name="Inscrita a un curs")
    UserFactory.create_batch(20)
    event = EventFactory(status="held")
    client = client_for(secretariat_user)
    client.get(event.get_absolute_url())
    with (
        mock.patch.object(User, "from_db", wraps=User.from_db) as users,
        mock.patch.object(Action, "from_db", wraps=Action.from_db) as actions,
    ):
        content = client.get(event.get_absolute_url()).content.decode()
    assert users.call_count <= 2  # the session's user, not one per option
    assert actions.call_count == 0
    form = content.split('id="agreement-form"')[1].split("</form>")[0]
    assert f'<option value="{named.pk}">Anna Puig</option>' in form
    assert f'<option value="{unnamed.pk}">sense.nom@example.org</option>' in form
    assert "Persona de baixa" not in form
    assert "Inscrita a un curs" not in form
    label = f"{action.code} {action}"
    assert len(str(action)) == 80 and label in form
    assert f'<option value="{action.pk}">{label}</option>' in form

    response = client.post(
        reverse("events:agreement_add", kwargs={"pk": event.pk}),
        {"text": "Fer l'informe", "action": action.pk, "responsible_user": named.pk},
    )
    assert response.status_code == HTTPStatus.FOUND
    agreement = Agreement.objects.get(event=event)
    assert (agreement.action, agreement.responsible_user) == (action, named)
    client.post(
        reverse("events:agreement_add", kwargs={"pk": event.pk}),
        {"text": "No pot", "responsible_user": gone.pk},
    )
    client.post(
        reverse("events:agreement_add", kwargs={"pk": event.pk}),
        {"text": "No pot", "responsible_user": outsider.pk},
    )
    assert not Agreement.objects.filter(text="No pot").exists()


def test_dashboard_shows_meetings_held_against_the_target(client_for, secretariat_user):
    action = ActionFactory()
    plan = action.objective.line.plan
    Indicator.objects.create(
        action=action,
        name="Trobades de la xarxa",
        source="events.network_meetings_held",
        target=3,
    )
    for month in (3, 6, 11):
        start = timezone.datetime(
            2018, month, 10, 10, tzinfo=timezone.get_current_timezone()
        )
        EventFactory(status="held", starts_at=start, ends_at=start + timedelta(hours=2))
    page = client_for(secretariat_user).get(
        reverse("workplans:plan_dashboard", kwargs={"pk": plan.pk})
    )
    content = page.content.decode()
    assert "2017: 0/3" in content and "2018: 3/3" in content


def test_create_event_by_technician_is_a_draft(client_for, technician_user, member):
    start = timezone.localtime() + timedelta(days=5)
    response = client_for(technician_user).post(
        reverse("events:create"),
        {
            "kind": "visit",
            "title": "Visita a la cooperativa",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "Europe/Madrid",
            "organiser_kind": "member",
            "organiser_member": member.pk,
            "audience": "members",
            "agenda": "10:00 | Benvinguda | Laia\nVisita",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.status == "draft" and event.created_by == technician_user
    assert [a.title for a in event.agenda.all()] == ["Benvinguda", "Visita"]


def test_create_event_refused_to_registered_people(client_for, registered_user):
    response = client_for(registered_user).get(reverse("events:create"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_month_view_shows_the_events_of_the_month(client_for):
    start = timezone.datetime(2018, 6, 15, 10, tzinfo=timezone.get_current_timezone())
    EventFactory(
        audience="public",
        title="Trobada de juny",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    page = client_for().get(
        reverse("events:list"), {"view": "month", "month": "2018-06"}
    )
    assert "Trobada de juny" in page.content.decode()
    other = client_for().get(
        reverse("events:list"), {"view": "month", "month": "2018-07"}
    )
    assert "Trobada de juny" not in other.content.decode()


def test_representation_log_for_network_people(client_for, body_member_user):
    event = EventFactory(kind="external", status="held", presented="Ponència sobre ESS")
    url = reverse("events:representation")
    assert client_for(UserFactory()).get(url).status_code == HTTPStatus.FORBIDDEN
    page = client_for(body_member_user).get(url).content.decode()
    assert event.title in page and "Ponència sobre ESS" in page


def test_times_are_typed_in_the_events_time_zone(client_for, secretariat_user):
    response = client_for(secretariat_user).post(
        reverse("events:create"),
        {
            "kind": "conference",
            "title": "Conferència a Lisboa",
            "starts_at": "2030-05-10T10:00",
            "ends_at": "2030-05-10T12:00",
            "time_zone": "Europe/Lisbon",
            "organiser_kind": "network",
            "audience": "public",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    event = Event.objects.get()
    assert event.starts_at.astimezone(event.tz).hour == 10
    # 10:00 in Lisbon is 11:00 in Barcelona.
    assert timezone.localtime(event.starts_at).hour == 11
    bad = client_for(secretariat_user).post(
        reverse("events:create"),
        {
            "kind": "conference",
            "title": "X",
            "starts_at": "2030-05-10T10:00",
            "ends_at": "2030-05-10T12:00",
            "time_zone": "Mars/Olympus",
            "organiser_kind": "network",
            "audience": "public",
        },
    )
    assert bad.status_code == HTTPStatus.OK and Event.objects.count() == 1


def test_representation_log_a_page_at_a_time(client_for, body_member_user):
    """Years of conferences are not one page: 50 a page, newest first, the
    year's filter kept from page to page; the queries do not grow with them."""
    import datetime as dt

    from teixit.events import views

    base = timezone.make_aware(dt.datetime(2024, 1, 1, 10))
    made = [
        EventFactory(
            kind="conference",
            status="held",
            title=f"Congrés {i:03d}",
            starts_at=base + timedelta(days=3 * i),
            ends_at=base + timedelta(days=3 * i, hours=2),
        )
        for i in range(views.REPRESENTATION_PER_PAGE + 5)
    ]
    client = client_for(body_member_user)
    url = reverse("events:representation")
    with CaptureQueriesContext(connection) as first_page:
        first = client.get(url).content.decode()
    newest = made[-1].title
    assert newest in first and made[4].title not in first
    assert first.count("<tr>") == views.REPRESENTATION_PER_PAGE + 1  # and the head
    assert 'rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert made[0].title in second and newest not in second
    year = client.get(url, {"year": 2024, "page": 2}).content.decode()
    assert "year=2024" in year and 'rel="prev"' in year
    EventFactory.create_batch(5, kind="external", status="held")
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert len(again.captured_queries) == len(first_page.captured_queries)


def test_representatives_are_the_network_s_people_and_those_already_chosen(
    client_for, secretariat_user
):
    """The representation form of an external event offers the network's
    people (technicians, body members), not everyone with an account; a
    representative who has since left the network stays chosen and the log
    saves again without choosing again."""
    event = EventFactory(kind="external", status="held")
    technician = TechnicianFactory(user__name="Tècnica de Vic").user
    left = UserFactory(name="Ja no hi és")
    event.representatives.add(left)
    outsider = UserFactory(name="Inscrita a un curs")
    client = client_for(secretariat_user)
    url = reverse("events:minutes", kwargs={"pk": event.pk})
    page = client.get(url).content.decode()
    select = page.split('name="representatives"')[1].split("</select>")[0]
    assert "Tècnica de Vic" in select
    assert f'<option value="{left.pk}" selected>Ja no hi és</option>' in select
    assert "Inscrita a un curs" not in select

    response = client.post(
        url,
        {
            "form": "representation",
            "representatives": [left.pk, technician.pk],
            "presented": "Ponència",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert set(event.representatives.all()) == {left, technician}
    client.post(
        url,
        {
            "form": "representation",
            "representatives": [outsider.pk],
            "presented": "Una altra",
        },
    )
    event.refresh_from_db()
    assert event.presented == "Ponència"
    assert set(event.representatives.all()) == {left, technician}


def test_the_pages_about_an_events_people_read_none_of_what_its_page_shows(
    client_for, secretariat_user, registered_user
):
    """The registration form and the attendance list read the event without its themes, agenda, documents and representatives (four
    queries a page that shows none of them); the event's own page reads them."""
    from teixit.events.models import AgendaItem

    event = EventFactory(
        audience=Event.Audience.PUBLIC,
        themes=[ThemeFactory(label_ca="Habitatge cooperatiu")],
    )
    AgendaItem.objects.create(event=event, title="Benvinguda", order=1)
    RegistrationFactory(event=event, user=registered_user)
    related = (
        "events_event_themes",
        "events_agendaitem",
        "events_eventdocument",
        "events_event_representatives",
    )

    def tables_read(client, url) -> set[str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        return {t for t in related if any(t in q["sql"] for q in ctx.captured_queries)}

    secretariat = client_for(secretariat_user)
    person = client_for(registered_user)
    assert (
        tables_read(secretariat, reverse("events:attendance", args=[event.pk])) == set()
    )
    other = EventFactory(audience=Event.Audience.PUBLIC)
    assert tables_read(person, reverse("events:register", args=[other.pk])) == set()
    page = secretariat.get(event.get_absolute_url()).content.decode()
    assert "Benvinguda" in page and "Habitatge cooperatiu" in page
    assert tables_read(secretariat, event.get_absolute_url()) >= {
        "events_event_themes",
        "events_agendaitem",
    }


def test_the_event_page_reads_its_invitations_once_to_list_and_count_them(
    client_for, secretariat_user
):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    InvitationFactory(event=event, name="Ateneu Cooperatiu", sent_at=timezone.now())
    InvitationFactory(event=event, name="Coop de Mar")
    client = client_for(secretariat_user)
    url = event.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Ateneu Cooperatiu" in html and "Coop de Mar" in html
    read = [
        q["sql"] for q in ctx.captured_queries if 'FROM "events_invitation"' in q["sql"]
    ]
    assert len(read) == 1, read
    counts = response.context["invitation_counts"]
    assert (counts["invited"], counts["sent"]) == (2, 1)


def test_the_edit_form_reads_the_events_themes_once(client_for, secretariat_user):
    theme = ThemeFactory(label_ca="Consum responsable")
    event = EventFactory(themes=[theme])
    client = client_for(secretariat_user)
    url = reverse("events:update", args=[event.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"]["themes"].value() == [theme.pk]
    read = [q["sql"] for q in ctx.captured_queries if "events_event_themes" in q["sql"]]
    assert len(read) == 1, read
