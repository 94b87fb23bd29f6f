"""Indicators of the work plan computed from the municipal services
directory (see ``teixit.workplans.sources``)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from teixit.workplans.sources import register_indicator_source

from .models import MunicipalService

SERVICES_ACTION = "modalitats de serveis municipals"


def services_shared(*, year: int) -> int:
    """Service models the members shared (described in the directory) that year."""
    return MunicipalService.objects.filter(created_at__year=year).count()


def services_debated(*, year: int) -> int:
    """Service models discussed in a debate opened that year (each once)."""
    if not apps.is_installed("teixit.debates"):
        return 0
    Debate = apps.get_model("debates", "Debate")
    return (
        Debate.objects.filter(
            target_type=ContentType.objects.get_for_model(MunicipalService),
            created_at__year=year,
        )
        .values("target_id")
        .distinct()
        .count()
    )


register_indicator_source(
    "municipal_services.shared",
    label=_("Municipal service models shared"),
    compute=services_shared,
    unit=_("services"),
    matches=[SERVICES_ACTION],
)
register_indicator_source(
    "municipal_services.debated",
    label=_("Municipal service models debated"),
    compute=services_debated,
    unit=_("services"),
    matches=[SERVICES_ACTION],
)
