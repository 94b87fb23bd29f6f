"""'What's new since your last visit' on the home page: what arrived after
the visit before the current one, whatever was read since."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teixit.notifications import services
from teixit.notifications.models import Notification, Visit
from teixit.practices.tests.factories import PublishedPracticeFactory

pytestmark = pytest.mark.django_db


def test_a_new_visit_starts_after_a_gap_and_writes_are_spaced(
    registered_user, settings
):
    settings.TEIXIT_NOTIFICATIONS_VISIT_GAP_MINUTES = 30
    settings.TEIXIT_NOTIFICATIONS_VISIT_WRITE_MINUTES = 5
    start = timezone.now() - dt.timedelta(days=1)
    visit = services.visit_record(registered_user, now=start)
    assert (visit.last_seen_at, visit.previous_visit_at) == (start, None)
    # Two minutes later: nothing is written.
    services.visit_record(registered_user, now=start + dt.timedelta(minutes=2))
    assert Visit.objects.get().last_seen_at == start
    # Ten minutes later: the same visit goes on.
    services.visit_record(registered_user, now=start + dt.timedelta(minutes=10))
    visit = Visit.objects.get()
    assert visit.last_seen_at == start + dt.timedelta(minutes=10)
    assert visit.previous_visit_at is None
    # An hour away: a new visit; the previous one ended at the last sight.
    services.visit_record(registered_user, now=start + dt.timedelta(minutes=70))
    visit = Visit.objects.get()
    assert visit.previous_visit_at == start + dt.timedelta(minutes=10)
    assert visit.last_seen_at == start + dt.timedelta(minutes=70)


def _told(user, title, *, ago=None, read=False):
    [notification] = services.notify(
        "practices.published", None, PublishedPracticeFactory(title=title), [user]
    )
    changes = {}
    if ago is not None:
        changes["created_at"] = timezone.now() - ago
    if read:
        changes["read_at"] = timezone.now()
    if changes:
        Notification.objects.filter(pk=notification.pk).update(**changes)
    return notification


def test_home_shows_what_arrived_since_the_previous_visit(client_for, registered_user):
    # First visit ever: the unread groups.
    _told(registered_user, "Banc del temps", ago=dt.timedelta(hours=3))
    page = client_for(registered_user).get("/").content.decode()
    assert "Banc del temps" in page and 'id="whats-new-since"' not in page

    # The person left two hours ago and comes back now.
    Visit.objects.filter(user=registered_user).update(
        last_seen_at=timezone.now() - dt.timedelta(hours=2), previous_visit_at=None
    )
    _told(registered_user, "Mercat social", read=True)  # read in the e-mail
    page = client_for(registered_user).get("/").content.decode()
    assert 'id="whats-new-since"' in page
    assert "Mercat social" in page  # arrived after the last visit, read or not
    assert "Banc del temps" not in page  # older than the last visit

    # Within the same visit the list stays the same (counted from the
    # visit before the current one).
    client = client_for(registered_user)
    assert "Mercat social" in client.get("/").content.decode()


def test_nothing_new_since_the_last_visit(client_for, registered_user):
    _told(registered_user, "Banc del temps", ago=dt.timedelta(hours=3))
    Visit.objects.create(
        user=registered_user, last_seen_at=timezone.now() - dt.timedelta(hours=1)
    )
    page = client_for(registered_user).get("/").content.decode()
    assert 'id="whats-new-nothing"' in page
    assert "Banc del temps" not in page


def test_home_queries_do_not_grow_and_the_visit_is_not_written_each_time(
    client_for, registered_user
):
    Visit.objects.create(
        user=registered_user, last_seen_at=timezone.now() - dt.timedelta(hours=1)
    )
    client = client_for(registered_user)
    _told(registered_user, "Primer")
    client.get("/")  # starts the visit (one write)
    with CaptureQueriesContext(connection) as few:
        page = client.get("/").content.decode()
    assert "Primer" in page
    for n in range(15):
        _told(registered_user, f"Pràctica {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/").content.decode()
    assert "Pràctica 14" in page
    assert len(many.captured_queries) == len(few.captured_queries)
    writes = [
        q["sql"]
        for q in many.captured_queries
        if "notifications_visit" in q["sql"] and not q["sql"].startswith("SELECT")
    ]
    assert writes == []
