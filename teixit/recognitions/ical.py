"""The calendar (iCalendar, RFC 5545) of recognition deadlines: one all-day
event per published recognition with a deadline, UID stable for life."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Teixit//Recognitions//CA"


def calendar(recognitions: Iterable, *, host: str, base_url: str, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    domain = host.split(":")[0]
    for recognition in recognitions:
        if recognition.deadline is None:
            continue
        entry = VEvent()
        entry.add("uid", f"recognition-{recognition.pk}-deadline@{domain}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", recognition.deadline)
        entry.add("dtend", recognition.deadline + datetime.timedelta(days=1))
        entry.add(
            "summary",
            _("Deadline: %(name)s (%(body)s)")
            % {"name": recognition.name, "body": recognition.granted_by},
        )
        entry.add("last-modified", recognition.updated_at)
        entry.add("url", base_url + recognition.get_absolute_url())
        entry.add("categories", [recognition.get_kind_display()])
        if recognition.link:
            entry.add("description", recognition.link)
        cal.add_component(entry)
    return cal.to_ical()
