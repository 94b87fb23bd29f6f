"""Indicators of the work plan computed from the competence profile (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import register_indicator_source

from .models import CompetenceProfile, SelfAssessment

PROFILE_ACTION = "perfil competencial"


def profile_published(*, start: dt.date, end: dt.date) -> int:
    """1 when a competence profile was published by the end of the period."""
    _first, after = day_bounds(start, end)
    return int(CompetenceProfile.objects.filter(created_at__lt=after).exists())


def self_assessments_done(*, start: dt.date, end: dt.date) -> int:
    first, after = day_bounds(start, end)
    return SelfAssessment.objects.filter(
        created_at__gte=first, created_at__lt=after
    ).count()


register_indicator_source(
    "competences.profile_published",
    label=_("Competence profile published"),
    period=profile_published,
    unit=_("profile"),
    target=1,
    matches=[PROFILE_ACTION],
)
register_indicator_source(
    "competences.self_assessments",
    label=_("Self-assessments done"),
    period=self_assessments_done,
    unit=_("self-assessments"),
    matches=[PROFILE_ACTION],
)
