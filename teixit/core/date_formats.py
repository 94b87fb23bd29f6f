"""Dates and times written in a format, kept per process.

Every date a page shows goes through `django.utils.dateformat` (`{{ value }}`,
the `date` filter, the admin's columns, `formats.date_format`): the format
split at its letters and each letter worked out, the month's name translated,
about 20 µs a date on a quiet machine. A list of fifty rows with a date each
(the admin's change lists, the members, the debates) spent 1–1.5 ms there,
writing the same few hundred dates for every person who opened it.

`install()` (CoreConfig.ready) puts in `dateformat.format` and
`dateformat.time_format`, which `formats.date_format`/`time_format` and so the
template engine call, a version that keeps what it wrote by everything that
decides the text: the value (its type, its time zone, the zone's name and its
fold too: two aware datetimes of the same instant in other zones are equal in
Python but written differently, and so are two fixed offsets of other names),
the format, the active language (month and day names)
and the default time zone (which a naive value is written in). Emptied past
`_LIMIT` entries; Django's own functions write whatever is not kept.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import dateformat
from django.utils.functional import Promise
from django.utils.translation import get_language

_LIMIT = 20_000

#: (function, value's type, value, tzinfo, zone name, fold, format, language,
#: time zone) -> text
_KEPT: dict[tuple, str] = {}

_djangos = {"format": dateformat.format, "time_format": dateformat.time_format}


def _kept(function, value, format_string) -> str:
    if isinstance(format_string, Promise):
        format_string = str(format_string)
    try:
        key = (
            function,
            type(value),
            value,
            getattr(value, "tzinfo", None),
            # fixed offsets compare by offset only: their names too
            value.tzname() if hasattr(value, "tzname") else None,
            getattr(value, "fold", 0),
            format_string,
            get_language(),
            settings.TIME_ZONE,
        )
        text = _KEPT.get(key)
    except TypeError:  # something unhashable: written as Django does
        return _djangos[function](value, format_string)
    if text is None:
        text = _djangos[function](value, format_string)
        if len(_KEPT) >= _LIMIT:
            _KEPT.clear()
        _KEPT[key] = text
    return text


def format(value, format_string):  # noqa: A001 (Django's name)
    """`dateformat.format`, kept."""
    return _kept("format", value, format_string)


def time_format(value, format_string):
    """`dateformat.time_format`, kept."""
    return _kept("time_format", value, format_string)


def forget(**kwargs) -> None:
    """Empty what is kept (on any setting changed, in tests: the formats'
    modules, the languages)."""
    _KEPT.clear()


def install() -> None:
    from django.core.signals import setting_changed

    dateformat.format = format
    dateformat.time_format = time_format
    setting_changed.connect(forget, dispatch_uid="teixit.core.date_formats")
