"""Computed values for work-plan indicators: the registry other modules fill.

The plan tracks itself: every action that software can measure gets an
indicator fed by the module that serves it. Each module registers its sources
in its own code; nothing in workplans imports the providing module.

Where to register (either works; pick one per app):

1. a module ``teixit/<app>/workplan_sources.py``: the workplans app imports it
   at start-up (``autodiscover_modules("workplan_sources")`` in
   ``WorkplansConfig.ready()``), so registering at its top level is enough;
2. the app's ``AppConfig.ready()`` (what events and diagnosis do).

A source::

    from teixit.workplans.sources import register_indicator_source

    register_indicator_source(
        "events.network_meetings_held",          # "<app>.<what>", unique
        label=_("Network meetings held"),
        compute=network_meetings_held,           # def f(*, year) -> number | None
        unit=_("meetings"),
        target=3,                                # suggested yearly target (optional)
        matches=["trobades anuals"],             # action texts it serves (optional)
        breakdown=None,                          # def f(*, year) -> {label: number}
    )

``compute(year=…)`` returns the value for that calendar year (an int, float,
Decimal or None when nothing can be said). It must read only the providing
module's data and be cheap: it runs once per indicator and year on the
dashboard and in the reports.

Which action a source serves:

- **explicit link**: an ``Indicator`` of the action whose ``source`` is the
  code (set by the secretariat in the admin or on the action's page; kept by
  the plan copy);
- **text match**: ``matches`` lists fragments of action texts (compared
  folded: case, accents and "l·l" ignored, see ``teixit.core.text.fold``);
  ``workplans.services.plan_sources_link`` creates the indicator of every
  matching action of a plan that has none for that source yet.

The dashboard and reports mark values coming from a source as computed, and
manual values cannot be entered for such an indicator. An unknown code is
refused by ``Indicator.clean()``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from teixit.core.text import fold

Number = Decimal | float | int


@dataclass(frozen=True)
class IndicatorSource:
    code: str
    label: str
    compute: Callable[..., Number | None]
    unit: str = ""
    target: Number | None = None
    matches: tuple[str, ...] = field(default=())
    breakdown: Callable[..., dict[str, Number]] | None = None

    @property
    def module(self) -> str:
        """The app label of the providing module ("events" for "events.x")."""
        return self.code.split(".", 1)[0]

    def serves(self, action_text: str) -> bool:
        """Whether the action's text matches one of this source's fragments."""
        text = fold(action_text)
        return any(fold(fragment) in text for fragment in self.matches if fragment)


_SOURCES: dict[str, IndicatorSource] = {}


def register_indicator_source(
    code: str,
    *,
    label,
    compute: Callable[..., Number | None],
    unit: str = "",
    target: Number | None = None,
    matches: Iterable[str] = (),
    breakdown: Callable[..., dict[str, Number]] | None = None,
) -> None:
    """Register (or replace) the source ``code``. Idempotent: registering the
    same code again replaces it, so a module imported twice does no harm."""
    _SOURCES[code] = IndicatorSource(
        code=code,
        label=label,
        compute=compute,
        unit=unit,
        target=target,
        matches=tuple(matches),
        breakdown=breakdown,
    )


def indicator_sources() -> dict[str, IndicatorSource]:
    """Every registered source by code, in registration order."""
    return dict(_SOURCES)


def indicator_source_get(code: str) -> IndicatorSource | None:
    return _SOURCES.get(code)


def indicator_sources_serving(action_text: str) -> list[IndicatorSource]:
    """The sources whose ``matches`` name this action's text."""
    return [s for s in _SOURCES.values() if s.serves(action_text)]


def source_choices() -> list[tuple[str, str]]:
    """(code, "label (code)") pairs for forms and the admin."""
    return [(s.code, f"{s.label} ({s.code})") for s in _SOURCES.values()]


def autodiscover() -> None:
    """Import every installed app's ``workplan_sources`` module."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("workplan_sources")
