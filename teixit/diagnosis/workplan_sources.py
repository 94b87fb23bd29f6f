"""Indicators of the work plan computed from the diagnoses (see
``teixit.workplans.sources``; the mapping coverage is registered in apps.py)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import register_indicator_source

from .models import Diagnosis


def diagnoses_validated(*, start: dt.date, end: dt.date) -> int:
    """Diagnoses validated in the period (whatever year they describe)."""
    first, after = day_bounds(start, end)
    return Diagnosis.objects.filter(
        status=Diagnosis.Status.VALIDATED,
        validated_at__gte=first,
        validated_at__lt=after,
    ).count()


register_indicator_source(
    "diagnosis.validated",
    label=_("Diagnoses validated"),
    period=diagnoses_validated,
    unit=_("diagnoses"),
    matches=["Promoure la realització de mapeig/diagnosi"],
)
