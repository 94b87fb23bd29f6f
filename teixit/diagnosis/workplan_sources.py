"""Indicators of the work plan computed from the diagnoses (see
``teixit.workplans.sources``; the mapping coverage is registered in apps.py)."""

from django.utils.translation import gettext_lazy as _

from teixit.workplans.sources import register_indicator_source

from .models import Diagnosis


def diagnoses_validated(*, year: int) -> int:
    return Diagnosis.objects.filter(
        status=Diagnosis.Status.VALIDATED, validated_at__year=year
    ).count()


register_indicator_source(
    "diagnosis.validated",
    label=_("Diagnoses validated"),
    compute=diagnoses_validated,
    unit=_("diagnoses"),
    matches=["Promoure la realització de mapeig/diagnosi"],
)
