"""Indicators of the work plan computed from the expertise directory (see
``teixit.workplans.sources``)."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from teixit.workplans.sources import register_indicator_source

from .models import ConsultationMessage, ExpertProfile


def people_listed(*, year: int) -> int:
    """People listed in the directory who joined it by the end of that year."""
    return ExpertProfile.objects.listed().filter(created_at__year__lte=year).count()


def consultations_answered(*, year: int) -> int:
    """Consultations the expert answered (a message by the expert) that year."""
    return (
        ConsultationMessage.objects.filter(
            created_at__year=year, author=F("consultation__expert")
        )
        .values("consultation")
        .distinct()
        .count()
    )


register_indicator_source(
    "experts.people_listed",
    label=_("People in the expertise directory"),
    compute=people_listed,
    unit=_("people"),
    matches=["relació d'experteses"],
)
register_indicator_source(
    "experts.consultations_answered",
    label=_("Consultations answered by experts"),
    compute=consultations_answered,
    unit=_("consultations"),
    matches=["relació d'experteses"],
)
