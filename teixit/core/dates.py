"""Long dates written as each language writes them: "5 de desembre de 2026",
"1 d'octubre de 2026" (Catalan contracts "de" before a vowel), "5 de
diciembre de 2026", "5 December 2026". Django's own Catalan catalogue
would make its DATE_FORMAT write "5 desembre de 2026", without the first
"de": core's catalogue gives the months' "alt. month" names (MONTHS_ALT)."""

from __future__ import annotations

import datetime

from django.utils import dateformat, timezone
from django.utils.translation import get_language, override, pgettext_lazy

#: The months' "alt. month" names: what Django's date formats write for "E".
#: Its Catalan formats write a date as "j E \d\e Y" and a day as "j E",
#: meaning "5 de desembre de 2026", "1 d'octubre", but its Catalan catalogue
#: gives the bare names ("desembre"), so that every date Django writes — the
#: admin's columns and history, `{{ value }}`, the `date` filter without a
#: format — read "5 desembre de 2026". Ours (core's catalogue, before
#: Django's) give "de desembre" and "d'octubre"; in Spanish the names.
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)


def long_date(
    value: datetime.date | datetime.datetime | None, language: str | None = None
) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    language = (language or get_language() or "ca")[:2]
    with override(language):
        month = dateformat.format(value, "F")
        if language == "ca":
            month = month.lower()
            of = "d'" if month[:1] in "aeiouàèéíòóú" else "de "
            return f"{value.day} {of}{month} de {value.year}"
        if language == "es":
            return f"{value.day} de {month.lower()} de {value.year}"
        return dateformat.format(value, "j F Y")


def long_datetime(
    value: datetime.datetime | None,
    language: str | None = None,
    *,
    convert: bool = True,
) -> str:
    """ "5 de desembre de 2026, 10:30", in the current time zone unless
    `convert` is false (the template filter gets values already converted)."""
    if value is None or value == "":
        return ""
    if convert and isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, datetime.datetime):
        return long_date(value, language)
    day = long_date(value.replace(tzinfo=None), language)
    return f"{day}, {value:%H:%M}"


def month_year(
    value: datetime.date | datetime.datetime | None, language: str | None = None
) -> str:
    """ "desembre de 2026", "d'octubre" never: the month stands alone
    ("octubre de 2026"); "diciembre de 2026"; "December 2026"."""
    if value is None or value == "":
        return ""
    language = (language or get_language() or "ca")[:2]
    with override(language):
        month = dateformat.format(value, "F")
    if language in ("ca", "es"):
        return f"{month.lower()} de {value.year}"
    return f"{month} {value.year}"


def day_bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The instants bounding the local days from `start` to `end`, both
    included: filter a date-time field with `field__gte=first, field__lt=after`
    (an index serves it, unlike `field__date__range`)."""
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    return first, after
