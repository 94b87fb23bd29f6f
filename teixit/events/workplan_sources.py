"""Indicators of the work plan computed from meetings and events (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import register_indicator_source

from .models import Event, Invitation
from .selectors import network_meetings_held_between


def _invitations(start: dt.date, end: dt.date):
    first, after = day_bounds(start, end)
    return Invitation.objects.filter(
        institution__isnull=False,
        event__starts_at__gte=first,
        event__starts_at__lt=after,
    ).exclude(event__status__in=[Event.Status.DRAFT, Event.Status.SUBMITTED])


def institutions_invited(*, start: dt.date, end: dt.date) -> int:
    """Institutions invited to the network's events of the period (each once)."""
    return _invitations(start, end).values("institution").order_by().distinct().count()


def institutions_invited_by_theme(*, year: int) -> dict[str, int]:
    """The same institutions counted per theme of the events they were invited to."""
    rows = (
        _invitations(dt.date(year, 1, 1), dt.date(year, 12, 31))
        .values_list("event__themes__label_ca", "institution")
        .order_by()
        .distinct()
    )
    counts: dict[str, int] = {}
    for theme, _institution in rows:
        key = theme or ""
        counts[key] = counts.get(key, 0) + 1
    return counts


register_indicator_source(
    "events.network_meetings_held",
    label=_("Network meetings held"),
    period=network_meetings_held_between,
    unit=_("meetings"),
    target=3,
    matches=["3 trobades anuals"],
)
register_indicator_source(
    "events.institutions_invited",
    label=_("Institutions invited to the network's events"),
    period=institutions_invited,
    unit=_("institutions"),
    matches=["Convidar a diferents institucions"],
    breakdown=institutions_invited_by_theme,
)
