"""Indicators of the work plan computed from the municipal services
directory (see ``teixit.workplans.sources``)."""

import datetime as dt

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Count, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import MunicipalService

SERVICES_ACTION = "modalitats de serveis municipals"


def _made_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(created_at__gte=first, created_at__lt=after)


def services_shared(*, start: dt.date, end: dt.date) -> int:
    """Service models the members shared (described in the directory) in the period."""
    return MunicipalService.objects.filter(_made_in(start, end)).count()


def services_shared_by_year(*, years) -> dict[int, int]:
    return aggregate_by_year(MunicipalService.objects.all(), years, _made_in)


def _debates_on_services():
    Debate = apps.get_model("debates", "Debate")
    return Debate.objects.filter(
        target_type=ContentType.objects.get_for_model(MunicipalService)
    )


def services_debated(*, start: dt.date, end: dt.date) -> int:
    """Service models discussed in a debate opened in the period (each once)."""
    if not apps.is_installed("teixit.debates"):
        return 0
    return (
        _debates_on_services()
        .filter(_made_in(start, end))
        .values("target_id")
        .distinct()
        .count()
    )


def services_debated_by_year(*, years) -> dict[int, int]:
    """``services_debated`` for calendar years, in one query. The distinct
    rows of ``services_debated`` count a null ``target_id`` as one value,
    which a count of distinct values leaves out: it counts the ids with a
    null as -1 (never an id)."""
    if not apps.is_installed("teixit.debates"):
        return dict.fromkeys(years, 0)
    target = Coalesce("target_id", Value(-1), output_field=BigIntegerField())
    return aggregate_by_year(
        _debates_on_services(),
        years,
        _made_in,
        lambda rows: Count(target, distinct=True, filter=rows),
    )


register_indicator_source(
    "municipal_services.shared",
    label=_("Municipal service models shared"),
    period=services_shared,
    unit=_("services"),
    matches=[SERVICES_ACTION],
    by_year=services_shared_by_year,
)
register_indicator_source(
    "municipal_services.debated",
    label=_("Municipal service models debated"),
    period=services_debated,
    unit=_("services"),
    matches=[SERVICES_ACTION],
    by_year=services_debated_by_year,
)
