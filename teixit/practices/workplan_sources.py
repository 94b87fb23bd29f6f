"""Indicators of the work plan computed from the practice bank (see
``teixit.workplans.sources``)."""

from django.utils.translation import gettext_lazy as _

from teixit.workplans.sources import register_indicator_source

from .models import Practice


def practices_published(*, year: int) -> int:
    return Practice.objects.published().filter(published_at__year=year).count()


def failures_published(*, year: int) -> int:
    """Of the practices published that year, those told as failures."""
    return (
        Practice.objects.published()
        .filter(published_at__year=year, outcome=Practice.Outcome.FAILURE)
        .count()
    )


register_indicator_source(
    "practices.published",
    label=_("Practices published"),
    compute=practices_published,
    unit=_("practices"),
    matches=["banc de pràctiques", "bancs de bones pràctiques"],
)
register_indicator_source(
    "practices.failures_published",
    label=_("Practices published that tell a failure"),
    compute=failures_published,
    unit=_("practices"),
    matches=["banc de pràctiques"],
)
