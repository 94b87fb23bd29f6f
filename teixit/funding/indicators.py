"""The funding app's sources for work-plan indicators (teixit.workplans.sources)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from teixit.workplans.sources import register_indicator_source

    from . import selectors

    register_indicator_source(
        "funding.lines_registered",
        label=_("Public funding lines for the SSE registered (in execution that year)"),
        period=selectors.lines_registered_count,
        by_year=selectors.lines_registered_by_year,
    )
    register_indicator_source(
        "funding.overlaps_resolved",
        label=_("Overlaps between funding lines resolved by the commission"),
        period=selectors.overlaps_resolved_count,
        by_year=selectors.overlaps_resolved_by_year,
    )
