"""Indicators of the work plan computed from the expertise directory (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import register_indicator_source

from .models import ConsultationMessage, ExpertProfile


def people_listed(*, start: dt.date, end: dt.date) -> int:
    """People listed in the directory who had joined it by the end of the
    period (a state at its end)."""
    _first, after = day_bounds(start, end)
    return ExpertProfile.objects.listed().filter(created_at__lt=after).count()


def consultations_answered(*, start: dt.date, end: dt.date) -> int:
    """Consultations the expert answered (a message by the expert) in the period."""
    first, after = day_bounds(start, end)
    return (
        ConsultationMessage.objects.filter(
            created_at__gte=first,
            created_at__lt=after,
            author=F("consultation__expert"),
        )
        .values("consultation")
        .distinct()
        .count()
    )


register_indicator_source(
    "experts.people_listed",
    label=_("People in the expertise directory"),
    period=people_listed,
    unit=_("people"),
    matches=["relació d'experteses"],
)
register_indicator_source(
    "experts.consultations_answered",
    label=_("Consultations answered by experts"),
    period=consultations_answered,
    unit=_("consultations"),
    matches=["relació d'experteses"],
)
