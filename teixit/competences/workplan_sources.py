"""Indicators of the work plan computed from the competence profile (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import CompetenceProfile, SelfAssessment

PROFILE_ACTION = "perfil competencial"


def _made_by(start: dt.date, end: dt.date) -> Q:
    """Made by the end of the period (a state at its end)."""
    _first, after = day_bounds(start, end)
    return Q(created_at__lt=after)


def _made_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(created_at__gte=first, created_at__lt=after)


def profile_published(*, start: dt.date, end: dt.date) -> int:
    """1 when a competence profile was published by the end of the period."""
    return int(CompetenceProfile.objects.filter(_made_by(start, end)).exists())


def profile_published_by_year(*, years) -> dict[int, int]:
    """``profile_published`` for calendar years, in one query: 1 when the
    profiles made by the end of the year are some."""
    counts = aggregate_by_year(CompetenceProfile.objects.all(), years, _made_by)
    return {year: int(n > 0) for year, n in counts.items()}


def self_assessments_done(*, start: dt.date, end: dt.date) -> int:
    return SelfAssessment.objects.filter(_made_in(start, end)).count()


def self_assessments_by_year(*, years) -> dict[int, int]:
    return aggregate_by_year(SelfAssessment.objects.all(), years, _made_in)


register_indicator_source(
    "competences.profile_published",
    label=_("Competence profile published"),
    period=profile_published,
    unit=_("profile"),
    target=1,
    matches=[PROFILE_ACTION],
    by_year=profile_published_by_year,
)
register_indicator_source(
    "competences.self_assessments",
    label=_("Self-assessments done"),
    period=self_assessments_done,
    unit=_("self-assessments"),
    matches=[PROFILE_ACTION],
    by_year=self_assessments_by_year,
)
