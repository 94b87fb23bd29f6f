"""Indicators of the work plan computed from the competence profile (see
``teixit.workplans.sources``)."""

from django.utils.translation import gettext_lazy as _

from teixit.workplans.sources import register_indicator_source

from .models import CompetenceProfile, SelfAssessment

PROFILE_ACTION = "perfil competencial"


def profile_published(*, year: int) -> int:
    """1 when a competence profile was published by the end of that year."""
    return int(CompetenceProfile.objects.filter(created_at__year__lte=year).exists())


def self_assessments_done(*, year: int) -> int:
    return SelfAssessment.objects.filter(created_at__year=year).count()


register_indicator_source(
    "competences.profile_published",
    label=_("Competence profile published"),
    compute=profile_published,
    unit=_("profile"),
    target=1,
    matches=[PROFILE_ACTION],
)
register_indicator_source(
    "competences.self_assessments",
    label=_("Self-assessments done"),
    compute=self_assessments_done,
    unit=_("self-assessments"),
    matches=[PROFILE_ACTION],
)
