"""iCalendar (RFC 5545) files for trainings: one per training and a feed.

Written by hand because the format is small: CRLF line endings, lines folded
at 75 octets (never inside a UTF-8 character), TEXT values escaped, times in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext

PRODID = "-//Teixit//Trainings//CA"


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets; continuation lines start with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    limit = 75
    while data:
        cut = min(limit, len(data))
        # Do not split a multi-byte character: step back over continuation bytes.
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(data[:cut].decode("utf-8"))
        data = data[cut:]
        limit = 74  # the leading space counts
    return "\r\n ".join(parts)


def utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def session_event(session, *, host: str, base_url: str, stamp: datetime) -> list[str]:
    training = session.training
    summary = (
        training.title if not session.title else f"{training.title} — {session.title}"
    )
    # A public feed: the meeting link is for registered participants only.
    location = training.place or gettext("Online")
    description = training.description
    url = base_url + training.get_absolute_url()
    lines = [
        "BEGIN:VEVENT",
        f"UID:training-{training.pk}-session-{session.pk}@{host}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(session.starts_at)}",
        f"DTEND:{utc(session.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"URL:{url}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append("STATUS:CANCELLED" if training.is_cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar(sessions: Iterable, *, host: str, base_url: str, name: str) -> str:
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for session in sessions:
        lines += session_event(session, host=host, base_url=base_url, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
