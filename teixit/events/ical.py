"""iCalendar (RFC 5545) for events, built with the `icalendar` library.

Each event has one UID for life (`event-<pk>@<host>`); every change raises
its SEQUENCE so calendar programs replace their copy, and a cancelled event
is published with STATUS:CANCELLED. Times are written in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Teixit//Events//CA"


def event_uid(event, *, host: str) -> str:
    return f"event-{event.pk}@{host.split(':')[0]}"


def vevent(event, *, host: str, base_url: str, stamp) -> VEvent:
    entry = VEvent()
    entry.add("uid", event_uid(event, host=host))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("sequence", event.sequence)
    entry.add("last-modified", event.updated_at)
    entry.add("url", base_url + event.get_absolute_url())
    if event.place:
        entry.add("location", event.place)
    if event.description:
        entry.add("description", event.description)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    for theme in event.themes.all():
        entry.add("categories", [theme.label])
    return entry


def calendar(events: Iterable, *, host: str, base_url: str, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        cal.add_component(vevent(event, host=host, base_url=base_url, stamp=stamp))
    return cal.to_ical()
