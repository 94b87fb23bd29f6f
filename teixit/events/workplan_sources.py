"""Indicators of the work plan computed from meetings and events (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import Event, Invitation
from .selectors import network_meetings_held_between, network_meetings_held_by_year


def _event_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(event__starts_at__gte=first, event__starts_at__lt=after)


def _institution_invitations():
    return Invitation.objects.filter(institution__isnull=False).exclude(
        event__status__in=[Event.Status.DRAFT, Event.Status.SUBMITTED]
    )


def _invitations(start: dt.date, end: dt.date):
    return _institution_invitations().filter(_event_in(start, end))


def institutions_invited(*, start: dt.date, end: dt.date) -> int:
    """Institutions invited to the network's events of the period (each once)."""
    return _invitations(start, end).values("institution").order_by().distinct().count()


def institutions_invited_by_year(*, years) -> dict[int, int]:
    """``institutions_invited`` for calendar years, in one query (the
    institution is never null here, so counting its distinct values counts
    the same as the distinct rows)."""
    return aggregate_by_year(
        _institution_invitations(),
        years,
        _event_in,
        lambda rows: Count("institution", distinct=True, filter=rows),
    )


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
    by_year=network_meetings_held_by_year,
)
register_indicator_source(
    "events.institutions_invited",
    label=_("Institutions invited to the network's events"),
    period=institutions_invited,
    unit=_("institutions"),
    matches=["Convidar a diferents institucions"],
    breakdown=institutions_invited_by_theme,
    by_year=institutions_invited_by_year,
)
