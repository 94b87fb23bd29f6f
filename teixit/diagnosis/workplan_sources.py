"""Indicators of the work plan computed from the diagnoses (see
``teixit.workplans.sources``; the mapping coverage is registered in apps.py)."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import Diagnosis


def _validated_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(validated_at__gte=first, validated_at__lt=after)


def _validated():
    return Diagnosis.objects.filter(status=Diagnosis.Status.VALIDATED)


def diagnoses_validated(*, start: dt.date, end: dt.date) -> int:
    """Diagnoses validated in the period (whatever year they describe)."""
    return _validated().filter(_validated_in(start, end)).count()


def diagnoses_validated_by_year(*, years) -> dict[int, int]:
    return aggregate_by_year(_validated(), years, _validated_in)


register_indicator_source(
    "diagnosis.validated",
    label=_("Diagnoses validated"),
    period=diagnoses_validated,
    unit=_("diagnoses"),
    matches=["Promoure la realització de mapeig/diagnosi"],
    by_year=diagnoses_validated_by_year,
)
