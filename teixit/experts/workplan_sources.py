"""Indicators of the work plan computed from the expertise directory (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import ConsultationMessage, ExpertProfile


def _joined_by(start: dt.date, end: dt.date) -> Q:
    _first, after = day_bounds(start, end)
    return Q(created_at__lt=after)


def _written_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(created_at__gte=first, created_at__lt=after)


def people_listed(*, start: dt.date, end: dt.date) -> int:
    """People listed in the directory who had joined it by the end of the
    period (a state at its end)."""
    return ExpertProfile.objects.listed().filter(_joined_by(start, end)).count()


def people_listed_by_year(*, years) -> dict[int, int]:
    """``people_listed`` at the end of each calendar year, in one query."""
    return aggregate_by_year(ExpertProfile.objects.listed(), years, _joined_by)


def _answers():
    return ConsultationMessage.objects.filter(author=F("consultation__expert"))


def consultations_answered(*, start: dt.date, end: dt.date) -> int:
    """Consultations the expert answered (a message by the expert) in the period."""
    return (
        _answers()
        .filter(_written_in(start, end))
        .values("consultation")
        .distinct()
        .count()
    )


def consultations_answered_by_year(*, years) -> dict[int, int]:
    """``consultations_answered`` for calendar years, in one query (a
    message's consultation is never null: its distinct values count the same
    as the distinct rows)."""
    return aggregate_by_year(
        _answers(),
        years,
        _written_in,
        lambda rows: Count("consultation", distinct=True, filter=rows),
    )


register_indicator_source(
    "experts.people_listed",
    label=_("People in the expertise directory"),
    period=people_listed,
    unit=_("people"),
    matches=["relació d'experteses"],
    by_year=people_listed_by_year,
)
register_indicator_source(
    "experts.consultations_answered",
    label=_("Consultations answered by experts"),
    period=consultations_answered,
    unit=_("consultations"),
    matches=["relació d'experteses"],
    by_year=consultations_answered_by_year,
)
