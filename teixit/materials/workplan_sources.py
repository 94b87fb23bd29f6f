"""Indicators of the work plan computed from the materials library (see
``teixit.workplans.sources``)."""

from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.sources import register_indicator_source

from .models import Material


def materials_published(*, start, end) -> int:
    """Published materials added to the library in the period."""
    first, after = day_bounds(start, end)
    return (
        Material.objects.published()
        .filter(created_at__gte=first, created_at__lt=after)
        .count()
    )


register_indicator_source(
    "materials.published",
    label=_("Materials published"),
    period=materials_published,
    unit=_("materials"),
    matches=["Elaborar documents i materials"],
)
