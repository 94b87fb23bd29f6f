"""Indicators of the work plan computed from the practice bank (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import Practice


def _in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(published_at__gte=first, published_at__lt=after)


def _failures():
    return Practice.objects.published().filter(outcome=Practice.Outcome.FAILURE)


def practices_published(*, start: dt.date, end: dt.date) -> int:
    return Practice.objects.published().filter(_in(start, end)).count()


def practices_published_by_year(*, years) -> dict[int, int]:
    return aggregate_by_year(Practice.objects.published(), years, _in)


def failures_published(*, start: dt.date, end: dt.date) -> int:
    """Of the practices published in the period, those told as failures."""
    return _failures().filter(_in(start, end)).count()


def failures_published_by_year(*, years) -> dict[int, int]:
    return aggregate_by_year(_failures(), years, _in)


register_indicator_source(
    "practices.published",
    label=_("Practices published"),
    period=practices_published,
    unit=_("practices"),
    matches=["banc de pràctiques", "bancs de bones pràctiques"],
    by_year=practices_published_by_year,
)
register_indicator_source(
    "practices.failures_published",
    label=_("Practices published that tell a failure"),
    period=failures_published,
    unit=_("practices"),
    matches=["banc de pràctiques"],
    by_year=failures_published_by_year,
)
