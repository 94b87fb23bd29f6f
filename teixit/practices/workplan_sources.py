"""Indicators of the work plan computed from the practice bank (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import register_indicator_source

from .models import Practice


def _published_in(start: dt.date, end: dt.date):
    first, after = day_bounds(start, end)
    return Practice.objects.published().filter(
        published_at__gte=first, published_at__lt=after
    )


def practices_published(*, start: dt.date, end: dt.date) -> int:
    return _published_in(start, end).count()


def failures_published(*, start: dt.date, end: dt.date) -> int:
    """Of the practices published in the period, those told as failures."""
    return _published_in(start, end).filter(outcome=Practice.Outcome.FAILURE).count()


register_indicator_source(
    "practices.published",
    label=_("Practices published"),
    period=practices_published,
    unit=_("practices"),
    matches=["banc de pràctiques", "bancs de bones pràctiques"],
)
register_indicator_source(
    "practices.failures_published",
    label=_("Practices published that tell a failure"),
    period=failures_published,
    unit=_("practices"),
    matches=["banc de pràctiques"],
)
