"""Visits to the public site: what the counter counts, how it writes, the
secretariat's page and the work plan's source."""

import datetime as dt
from http import HTTPStatus
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from teixit.visits import counter
from teixit.visits.models import DailyVisits
from teixit.workplans.sources import indicator_source_get, indicator_sources_serving

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture
def counting():
    """Counting on, written only when the test says so."""
    counter.reset()
    with override_settings(
        TEIXIT_VISITS_COUNT=True,
        TEIXIT_VISITS_FLUSH_EVERY=10_000,
        TEIXIT_VISITS_FLUSH_SECONDS=3_600,
    ):
        yield
    counter.reset()


def _stored() -> dict[tuple[dt.date, str], int]:
    return {(r.day, r.section): r.count for r in DailyVisits.objects.all()}


def browser(**headers) -> Client:
    return Client(HTTP_USER_AGENT=BROWSER, **headers)


def test_anonymous_page_views_are_counted_per_day_and_section(counting):
    visitor = browser()
    for _ in range(2):
        assert visitor.get(reverse("news:list")).status_code == HTTPStatus.OK
    visitor.get("/")

    assert not DailyVisits.objects.exists()  # nothing written per request
    assert counter.flush() == 3

    today = timezone.localdate()
    assert _stored() == {(today, "news"): 2, (today, "home"): 1}


@pytest.mark.parametrize(
    "how",
    [
        "logged_in",
        "bot",
        "no_user_agent",
        "do_not_track",
        "global_privacy_control",
        "htmx_fragment",
        "prefetch",
        "post",
        "not_found",
        "admin",
        "api",
    ],
)
def test_what_is_not_counted(counting, how, registered_user):
    url = reverse("news:list")
    headers = {}
    client = browser()
    if how == "logged_in":
        client.force_login(registered_user)
    elif how == "bot":
        client = Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    elif how == "no_user_agent":
        client = Client()
    elif how == "do_not_track":
        headers = {"DNT": "1"}
    elif how == "global_privacy_control":
        headers = {"Sec-GPC": "1"}
    elif how == "htmx_fragment":
        headers = {"HX-Request": "true"}
    elif how == "prefetch":
        headers = {"Sec-Purpose": "prefetch"}
    elif how == "not_found":
        url = "/news/no-such-news-item-here/"
    elif how == "admin":
        url = reverse("admin:login")
    elif how == "api":
        url = "/api/v1/docs"
    if how == "post":
        client.post(url)
    else:
        response = client.get(url, headers=headers)
        if how in ("admin", "logged_in", "bot", "do_not_track"):
            assert response.status_code == HTTPStatus.OK  # a real page, not counted
    # The same page by a plain visitor is counted: the case above is what differs.
    browser().get(reverse("news:list"))

    counter.flush()

    assert _stored() == {(timezone.localdate(), "news"): 1}


def test_the_batch_is_written_every_n_views_adding_to_the_stored_count(counting):
    today = timezone.localdate()
    DailyVisits.objects.create(day=today, section="news", count=5)  # another server
    with override_settings(TEIXIT_VISITS_FLUSH_EVERY=3):
        visitor = browser()
        for _ in range(2):
            visitor.get(reverse("news:list"))
        assert _stored() == {(today, "news"): 5}
        visitor.get(reverse("news:list"))  # the third view writes the batch

    assert _stored() == {(today, "news"): 8}
    assert counter.pending() == {}


def test_the_batch_is_written_after_n_seconds(counting):
    with override_settings(TEIXIT_VISITS_FLUSH_SECONDS=0):
        browser().get(reverse("news:list"))
    assert _stored() == {(timezone.localdate(), "news"): 1}


def test_two_processes_writing_the_same_day_add_up(counting):
    day = dt.date(2026, 3, 2)
    counter.upsert({(day, "news"): 4, (day, "entities"): 1})
    counter.upsert({(day, "news"): 3})
    assert _stored() == {(day, "news"): 7, (day, "entities"): 1}


def test_a_database_error_keeps_the_batch_and_breaks_no_page(counting):
    with mock.patch.object(counter, "upsert", side_effect=DatabaseError("down")):
        with override_settings(TEIXIT_VISITS_FLUSH_EVERY=1):
            response = browser().get(reverse("news:list"))
    assert response.status_code == HTTPStatus.OK
    assert counter.pending() == {(timezone.localdate(), "news"): 1}
    counter.flush()
    assert _stored() == {(timezone.localdate(), "news"): 1}


def test_nothing_about_the_visitor_is_stored():
    assert {f.name for f in DailyVisits._meta.get_fields()} == {
        "id",
        "day",
        "section",
        "count",
    }


def test_the_secretariat_sees_the_visits_per_month_and_section(
    client_for, secretariat_user, body_member_user
):
    DailyVisits.objects.create(day=dt.date(2025, 1, 10), section="news", count=4)
    DailyVisits.objects.create(day=dt.date(2025, 1, 11), section="entities", count=2)
    DailyVisits.objects.create(day=dt.date(2025, 3, 1), section="news", count=1)
    DailyVisits.objects.create(day=dt.date(2024, 12, 31), section="news", count=50)
    url = reverse("visits:stats")

    assert client_for(body_member_user).get(url).status_code == HTTPStatus.FORBIDDEN
    response = client_for(secretariat_user).get(url, {"year": 2025})

    assert response.status_code == HTTPStatus.OK
    assert response.context["total"] == 7
    months = dict(response.context["months"])
    assert months[dt.date(2025, 1, 1)] == 6
    assert months[dt.date(2025, 3, 1)] == 1
    assert months[dt.date(2025, 2, 1)] == 0
    assert [n for _label, n in response.context["sections"]] == [5, 2]
    assert client_for(secretariat_user).get(url, {"year": "x"}).status_code == 404


def test_the_work_plan_source_counts_a_semester_and_serves_communication():
    for day, n in (
        (dt.date(2026, 1, 1), 3),
        (dt.date(2026, 6, 30), 4),
        (dt.date(2026, 7, 1), 100),
        (dt.date(2025, 12, 31), 100),
    ):
        DailyVisits.objects.create(day=day, section="news", count=n)
    source = indicator_source_get("visits.public_site")

    assert source.per_period
    assert source.value(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)) == 7
    assert source.compute(year=2026) == 107
    assert source in indicator_sources_serving("Accions del pla de comunicació 2017")


def test_the_news_page_links_the_secretariat_to_the_visits(
    client_for, secretariat_user, registered_user
):
    link = reverse("visits:stats")
    news = reverse("news:list")
    assert link in client_for(secretariat_user).get(news).content.decode()
    assert link not in client_for(registered_user).get(news).content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_lose_no_count():
    """Two servers (here four threads, each with its own connection) adding
    to the same new row at once: the upsert never loses nor doubles a count."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises writers)")
    day = dt.date(2026, 5, 4)
    start = threading.Barrier(4)
    errors = []

    def writer():
        try:
            start.wait()
            for _ in range(25):
                counter.upsert({(day, "news"): 1, (day, "home"): 2})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _stored() == {(day, "news"): 100, (day, "home"): 200}
