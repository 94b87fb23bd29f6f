"""Computed values for work-plan indicators.

Other modules feed indicators of the plan with values they compute (e.g.
network meetings held per year, members that made an SSE diagnosis). A module
registers a source once, in its AppConfig.ready():

    from teixit.workplans.sources import register_indicator_source

    register_indicator_source(
        "diagnosis.mapping_coverage",
        label=_("Members that mapped their SSE and made a diagnosis"),
        compute=lambda *, year: 12,   # returns a number (or None) for that year
    )

An indicator of the plan whose `source` names a registered code gets its values
from `compute(year=…)` instead of manual entry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class IndicatorSource:
    code: str
    label: str
    compute: Callable[..., Decimal | float | int | None]
    unit: str = ""


_SOURCES: dict[str, IndicatorSource] = {}


def register_indicator_source(
    code: str,
    *,
    label,
    compute: Callable[..., Decimal | float | int | None],
    unit: str = "",
) -> None:
    _SOURCES[code] = IndicatorSource(code=code, label=label, compute=compute, unit=unit)


def indicator_sources() -> dict[str, IndicatorSource]:
    return dict(_SOURCES)


def indicator_source_get(code: str) -> IndicatorSource | None:
    return _SOURCES.get(code)
