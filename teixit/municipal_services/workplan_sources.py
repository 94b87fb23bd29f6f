"""Indicators of the work plan computed from the municipal services
directory (see ``teixit.workplans.sources``)."""

import datetime as dt

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import register_indicator_source

from .models import MunicipalService

SERVICES_ACTION = "modalitats de serveis municipals"


def services_shared(*, start: dt.date, end: dt.date) -> int:
    """Service models the members shared (described in the directory) in the period."""
    first, after = day_bounds(start, end)
    return MunicipalService.objects.filter(
        created_at__gte=first, created_at__lt=after
    ).count()


def services_debated(*, start: dt.date, end: dt.date) -> int:
    """Service models discussed in a debate opened in the period (each once)."""
    if not apps.is_installed("teixit.debates"):
        return 0
    Debate = apps.get_model("debates", "Debate")
    first, after = day_bounds(start, end)
    return (
        Debate.objects.filter(
            target_type=ContentType.objects.get_for_model(MunicipalService),
            created_at__gte=first,
            created_at__lt=after,
        )
        .values("target_id")
        .distinct()
        .count()
    )


register_indicator_source(
    "municipal_services.shared",
    label=_("Municipal service models shared"),
    period=services_shared,
    unit=_("services"),
    matches=[SERVICES_ACTION],
)
register_indicator_source(
    "municipal_services.debated",
    label=_("Municipal service models debated"),
    period=services_debated,
    unit=_("services"),
    matches=[SERVICES_ACTION],
)
