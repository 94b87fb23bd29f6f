"""Indicators of the work plan computed from the materials library (see
``teixit.workplans.sources``)."""

from django.utils.translation import gettext_lazy as _

from teixit.workplans.sources import register_indicator_source

from .models import Material


def materials_published(*, year: int) -> int:
    """Published materials added to the library that year."""
    return Material.objects.published().filter(created_at__year=year).count()


register_indicator_source(
    "materials.published",
    label=_("Materials published"),
    compute=materials_published,
    unit=_("materials"),
    matches=["Elaborar documents i materials"],
)
