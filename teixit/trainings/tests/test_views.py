from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.trainings.models import Registration, Training

from .factories import ThemeFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def _form_data(organiser, **overrides):
    start = (timezone.localtime() + timedelta(days=10)).replace(second=0, microsecond=0)
    data = {
        "title": "Taller de balanç social",
        "description": "",
        "member": organiser.pk,
        "institution": "",
        "organiser_name": "",
        "place": "Casal",
        "online_url": "",
        "language": "ca",
        "audience": "",
        "seats": "12",
        "open_to_other_members": "on",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "1",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "sessions-0-ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "sessions-0-title": "",
        "sessions-1-starts_at": "",
        "sessions-1-ends_at": "",
        "sessions-1-title": "",
    }
    data.update(overrides)
    return data


def test_list_shows_upcoming_by_default_and_past_on_request(client):
    upcoming = TrainingFactory(title="Propera formació")
    past = TrainingFactory(title="Formació passada", sessions=[-30])
    draft = TrainingFactory(title="Esborrany", status=Training.Status.DRAFT)
    response = client.get(reverse("trainings:list"))
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert (
        upcoming.title in content
        and past.title not in content
        and draft.title not in content
    )
    content = client.get(reverse("trainings:list"), {"when": "past"}).content.decode()
    assert past.title in content and upcoming.title not in content


def test_list_filters_by_theme_and_answers_htmx_with_fragment(client):
    theme = ThemeFactory()
    with_theme = TrainingFactory(title="Amb tema")
    with_theme.themes.add(theme)
    TrainingFactory(title="Sense tema")
    response = client.get(
        reverse("trainings:list"), {"theme": theme.code}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "Amb tema" in content and "Sense tema" not in content
    assert "<h1>" not in content


def test_the_catalogue_page_reads_no_theme_and_the_api_lists_them(client):
    """The page shows no themes: it does not read them (the API's list does)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    theme = ThemeFactory()
    training = TrainingFactory(title="Amb tema i dues sessions", sessions=[7, 14])
    training.themes.add(theme)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("trainings:list")).content.decode()
    assert "Amb tema i dues sessions" in page
    assert page.count("<br>", page.index("Amb tema i dues sessions")) >= 1
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "trainings_training_themes" not in read
    answer = client.get("/api/v1/trainings/").json()
    listed = answer["items"] if isinstance(answer, dict) else answer
    (item,) = [t for t in listed if t["id"] == training.pk]
    assert theme.code in str(item["themes"])


def test_list_query_count_is_constant(client, django_assert_max_num_queries):
    TrainingFactory.create_batch(3)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("trainings:list"))
    TrainingFactory.create_batch(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("trainings:list"))


def test_technician_creates_training_for_own_member(
    client_for, technician_user, member
):
    response = client_for(technician_user).post(
        reverse("trainings:create"), _form_data(member)
    )
    training = Training.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert training.created_by == technician_user
    assert training.status == Training.Status.DRAFT
    assert training.sessions.count() == 1


def test_session_ending_before_start_shows_field_error_and_keeps_input(
    client_for, technician_user, member
):
    data = _form_data(member, title="Títol que no es perd")
    data["sessions-0-ends_at"] = (timezone.localtime() + timedelta(days=9)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    response = client_for(technician_user).post(reverse("trainings:create"), data)
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert response.context["formset"].forms[0].errors["ends_at"]
    assert "Títol que no es perd" in content
    assert not Training.objects.exists()


def test_missing_required_fields_show_errors(client_for, technician_user, member):
    data = _form_data(member, title="", place="", member="")
    response = client_for(technician_user).post(reverse("trainings:create"), data)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors.keys() >= {"title"}
    assert not Training.objects.exists()


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", HTTPStatus.FOUND),
        ("registered_user", HTTPStatus.FORBIDDEN),
        ("technician_user", HTTPStatus.OK),
        ("body_member_user", HTTPStatus.OK),
        ("secretariat_user", HTTPStatus.OK),
    ],
)
def test_create_page_per_role(request, client_for, role, expected):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    assert client_for(user).get(reverse("trainings:create")).status_code == expected


@pytest.mark.parametrize(
    "role, expected",
    [
        ("registered_user", HTTPStatus.FORBIDDEN),
        ("technician_user", HTTPStatus.OK),
        ("other_technician", HTTPStatus.FORBIDDEN),
        ("secretariat_user", HTTPStatus.OK),
    ],
)
def test_edit_page_per_role(request, client_for, member, other_member, role, expected):
    from teixit.network.tests.factories import TechnicianFactory

    if role == "other_technician":
        user = TechnicianFactory(member=other_member).user
    else:
        user = request.getfixturevalue(role)
    training = TrainingFactory(member=member)
    assert (
        client_for(user)
        .get(reverse("trainings:update", args=[training.pk]))
        .status_code
        == expected
    )


def test_draft_is_hidden_from_public_and_others(
    client, client_for, technician_user, member
):
    draft = TrainingFactory(member=member, status=Training.Status.DRAFT)
    url = reverse("trainings:detail", args=[draft.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(UserFactory()).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(technician_user).get(url).status_code == HTTPStatus.OK


def test_publish_by_organiser(client_for, technician_user, member):
    draft = TrainingFactory(member=member, status=Training.Status.DRAFT)
    client_for(technician_user).post(reverse("trainings:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Training.Status.PUBLISHED


def test_register_when_full_shows_waiting_list_position(client_for):
    training = TrainingFactory(seats=1)
    client_for(UserFactory()).post(reverse("trainings:register", args=[training.pk]))
    second = client_for(UserFactory())
    response = second.post(
        reverse("trainings:register", args=[training.pk]), follow=True
    )
    assert (
        "position 1" in response.content.decode()
        or "posició 1" in response.content.decode()
    )
    assert Registration.objects.filter(status="waitlisted").count() == 1


def test_register_twice_shows_clear_message(client_for):
    training = TrainingFactory()
    client = client_for(UserFactory())
    client.post(reverse("trainings:register", args=[training.pk]))
    response = client.post(
        reverse("trainings:register", args=[training.pk]), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("already" in m or "Ja" in m for m in messages)


def test_unregister_promotes_and_attendance_page_for_organiser(
    client_for, technician_user, member
):
    training = TrainingFactory(member=member, seats=1)
    a, b = UserFactory(), UserFactory()
    client_for(a).post(reverse("trainings:register", args=[training.pk]))
    client_for(b).post(reverse("trainings:register", args=[training.pk]))
    client_for(a).post(reverse("trainings:unregister", args=[training.pk]))
    assert Registration.objects.get(user=b).status == "registered"
    session = training.sessions.first()
    url = reverse("trainings:attendance", args=[training.pk, session.pk])
    assert client_for(b).get(url).status_code == HTTPStatus.FORBIDDEN
    response = client_for(technician_user).post(url, {"present": [str(b.pk)]})
    assert response.status_code == HTTPStatus.FOUND
    assert session.attendances.get(user=b).present is True


def test_ics_file_follows_rfc5545(client):
    training = TrainingFactory(
        title="Economia social, solidària; i feminista: un títol llarg amb accents àéíòú per plegar la línia",
        place="Carrer Major, 1; Vic",
        sessions=[5, 12],
    )
    response = client.get(reverse("trainings:ics", args=[training.pk]))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Economia social\\, solidària\\; i feminista" in unfolded
    assert "LOCATION:Carrer Major\\, 1\\; Vic" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 2
    assert f"UID:training-{training.pk}-session-" in unfolded
    import re

    assert re.search(r"DTSTART:\d{8}T\d{6}Z", unfolded)
    assert re.search(r"DTEND:\d{8}T\d{6}Z", unfolded)
    assert re.search(r"DTSTAMP:\d{8}T\d{6}Z", unfolded)


def test_feed_lists_only_upcoming_published_trainings(client):
    TrainingFactory(title="Futura")
    TrainingFactory(title="Passada", sessions=[-10])
    TrainingFactory(title="Esborrany", status=Training.Status.DRAFT)
    body = client.get(reverse("trainings:feed")).content.decode()
    assert "SUMMARY:Futura" in body
    assert "Passada" not in body and "Esborrany" not in body


@pytest.mark.parametrize(
    "role, expected",
    [
        ("registered_user", HTTPStatus.FOUND),  # not staff: redirected to admin login
        ("technician_user", HTTPStatus.OK),
        ("secretariat_user", HTTPStatus.OK),
    ],
)
def test_admin_changelist_per_role(request, client_for, role, expected):
    user = request.getfixturevalue(role)
    response = client_for(user).get(reverse("admin:trainings_training_changelist"))
    assert response.status_code == expected


def test_admin_technician_cannot_change_another_members_training(
    client_for, technician_user, other_member, member
):
    own = TrainingFactory(member=member)
    foreign = TrainingFactory(member=other_member)
    client = client_for(technician_user)
    assert (
        client.get(
            reverse("admin:trainings_training_change", args=[own.pk])
        ).status_code
        == HTTPStatus.OK
    )
    response = client.get(reverse("admin:trainings_training_change", args=[foreign.pk]))
    assert response.status_code in (
        HTTPStatus.FOUND,
        HTTPStatus.FORBIDDEN,
        HTTPStatus.NOT_FOUND,
    )


def test_admin_registrations_for_secretariat_only(
    client_for, technician_user, secretariat_user
):
    url = reverse("admin:trainings_registration_changelist")
    assert client_for(technician_user).get(url).status_code == HTTPStatus.FORBIDDEN
    assert client_for(secretariat_user).get(url).status_code == HTTPStatus.OK


def test_list_counts_registrations_once_whatever_the_sessions(client):
    from teixit.trainings.services import training_register

    training = TrainingFactory(seats=25, sessions=[5, 12, 19])
    training_register(training=training, user=UserFactory())
    response = client.get(reverse("trainings:list"))
    assert response.context["trainings"][0].registered_count == 1


def test_the_catalogue_reads_each_training_once_in_date_order_without_grouping():
    """First start and last end come from the sessions by subqueries, not by
    grouping the catalogue joined with its sessions (which sorted every
    training in a temporary table, twice a page: 117 → 18 ms at 2,000
    trainings, bench/README.md). A training whose first session is past and
    last is to come is upcoming; one without sessions is only in "all"."""
    from teixit.trainings.selectors import training_list

    running = TrainingFactory(title="En curs", sessions=[-10, 3, 20])
    later = TrainingFactory(title="Més endavant", sessions=[8])
    over = TrainingFactory(title="Acabada", sessions=[-40, -20])
    bare = TrainingFactory(title="Sense sessions", sessions=[])
    upcoming = list(training_list(when="upcoming"))
    assert [t.pk for t in upcoming] == [running.pk, later.pk]
    assert upcoming[0].first_start == min(s.starts_at for s in running.sessions.all())
    assert upcoming[0].last_end == max(s.ends_at for s in running.sessions.all())
    assert [t.pk for t in training_list(when="past")] == [over.pk]
    assert {t.pk for t in training_list(when="all")} == {
        running.pk,
        later.pk,
        over.pk,
        bare.pk,
    }
    assert training_list(when="upcoming").count() == 2
    sql = str(training_list(when="upcoming").query)
    assert 'GROUP BY "trainings_training"."id"' not in sql


def test_the_attendance_list_reads_the_training_without_its_themes_and_sessions(
    client_for, technician_user, member
):
    """The attendance list of a session shows the training's title and the
    people registered: the training's themes and its other sessions are not
    read (two queries); its page still shows both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    training = TrainingFactory(member=member, sessions=[5, 12])
    training.themes.set([ThemeFactory(label_ca="Finances ètiques")])
    session = training.sessions.order_by("starts_at").first()
    client = client_for(technician_user)
    url = reverse("trainings:attendance", args=[training.pk, session.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert training.title in response.content.decode()
    read = [q["sql"] for q in ctx.captured_queries]
    assert not [sql for sql in read if "trainings_training_themes" in sql], read
    assert sum('FROM "trainings_trainingsession"' in sql for sql in read) == 1, (
        read
    )  # the session asked for, by its key
    page = client.get(training.get_absolute_url()).content.decode()
    assert "Finances ètiques" in page
