"""Indicators of the work plan computed from the materials library (see
``teixit.workplans.sources``)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import Material


def _added_in(start, end) -> Q:
    first, after = day_bounds(start, end)
    return Q(created_at__gte=first, created_at__lt=after)


def materials_published(*, start, end) -> int:
    """Published materials added to the library in the period."""
    return Material.objects.published().filter(_added_in(start, end)).count()


def materials_published_by_year(*, years) -> dict[int, int]:
    return aggregate_by_year(Material.objects.published(), years, _added_in)


register_indicator_source(
    "materials.published",
    label=_("Materials published"),
    period=materials_published,
    unit=_("materials"),
    matches=["Elaborar documents i materials"],
    by_year=materials_published_by_year,
)
