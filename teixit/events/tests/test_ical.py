"""iCalendar output, read back with the icalendar library."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from teixit.events import services

from .factories import EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _events(content: bytes):
    calendar = Calendar.from_ical(content)
    return calendar, [c for c in calendar.walk("VEVENT")]


def test_event_ics_is_valid_and_has_the_events_url(client):
    event = EventFactory(audience="public", title="Trobada, primavera; 2018")
    response = client.get(reverse("events:ics", kwargs={"pk": event.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    calendar, entries = _events(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    (entry,) = entries
    assert str(entry["SUMMARY"]) == "Trobada, primavera; 2018"
    assert str(entry["URL"]) == f"http://testserver{event.get_absolute_url()}"
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert str(entry["STATUS"]) == "CONFIRMED"


def test_updates_keep_the_uid_and_cancellation_is_sent(client, secretariat_user):
    event = EventFactory(audience="public")
    url = reverse("events:ics", kwargs={"pk": event.pk})
    _, (before,) = _events(client.get(url).content)
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    services.event_save(event=event, by=secretariat_user)
    _, (moved,) = _events(client.get(url).content)
    services.event_cancel(event=event, by=secretariat_user)
    _, (cancelled,) = _events(client.get(url).content)
    assert str(before["UID"]) == str(moved["UID"]) == str(cancelled["UID"])
    assert int(moved["SEQUENCE"]) > int(before["SEQUENCE"])
    assert int(cancelled["SEQUENCE"]) > int(moved["SEQUENCE"])
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_feed_filters_by_kind_and_theme(client):
    housing = ThemeFactory()
    meeting = EventFactory(audience="public", themes=[housing])
    conference = EventFactory(audience="public", kind="conference")
    EventFactory(audience="members")  # not in the public feed
    _, entries = _events(client.get(reverse("events:feed")).content)
    assert {str(e["SUMMARY"]) for e in entries} == {meeting.title, conference.title}
    _, entries = _events(
        client.get(reverse("events:feed"), {"kind": "conference"}).content
    )
    assert [str(e["SUMMARY"]) for e in entries] == [conference.title]
    _, entries = _events(
        client.get(reverse("events:feed"), {"theme": housing.code}).content
    )
    assert [str(e["SUMMARY"]) for e in entries] == [meeting.title]
