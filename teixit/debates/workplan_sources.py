"""Indicators of the work plan computed from the debates (see
``teixit.workplans.sources``)."""

from django.utils.translation import gettext_lazy as _

from teixit.workplans.sources import register_indicator_source

from .models import Debate


def debates_concluded(*, year: int) -> int:
    """Debates closed with conclusions that year."""
    return (
        Debate.objects.filter(status=Debate.Status.CLOSED, closed_at__year=year)
        .exclude(conclusions="")
        .count()
    )


register_indicator_source(
    "debates.concluded",
    label=_("Debates closed with conclusions"),
    compute=debates_concluded,
    unit=_("debates"),
    matches=["Espai debat"],
)
