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
        period=network_meetings_between,         # def f(*, start, end) -> number | None
        unit=_("meetings"),
        target=3,                                # suggested yearly target (optional)
        matches=["trobades anuals"],             # action texts it serves (optional)
        breakdown=None,                          # def f(*, year) -> {label: number}
        by_year=network_meetings_by_year,        # optional: def f(*, years) -> {year: number | None}
    )

Values per period: a source gives

- ``period(start=…, end=…)``: the value for any date range, both days
  included (what happened in it, or a state at its end, e.g. "people listed
  by then"); the reports of a semester use the semester's range. Its yearly
  value is the value of the calendar year;
- or only ``compute(year=…)``: the value for a calendar year, for sources that
  are inherently yearly (yearly snapshots, e.g. the diagnoses of a year). A
  report of a shorter period shows the value of the year of its end and marks
  it as a whole-year value (``IndicatorSource.per_period`` is False).

and optionally

- ``by_year(years=[…])``: the values of several calendar years at once,
  ``{year: value}`` for every year asked, each the value ``compute`` gives for
  that year, in a fixed number of queries whatever the number of years.
  ``yearly_values`` (the plan's evaluation page, the dashboard, the assembly's
  report) uses it when the source has it and ``compute`` year by year
  otherwise. ``aggregate_by_year`` writes it for a count (or another
  aggregate) whose period is a condition on the rows: one query, one
  filtered aggregate per year, e.g.::

      def _in(start, end):
          first, after = day_bounds(start, end)
          return Q(created_at__gte=first, created_at__lt=after)

      def shared(*, start, end):
          return Service.objects.filter(_in(start, end)).count()

      def shared_by_year(*, years):
          return aggregate_by_year(Service.objects.all(), years, _in)

  A state at the end of the period ("listed by then": ``created_at__lt``
  the end) works the same way: each year's aggregate has its own condition.

  The statement ``aggregate_by_year`` runs for a source and its years is
  kept (per database and time zone) once ``yearly_values`` has run it:
  building its conditions costs the ORM far more than the database takes to
  answer (the evaluation page's twenty sources, 2 ms each), so the next
  request runs the same SQL again on the data as they are then. So a
  source's ``by_year`` must build the same statements for the same years:
  no clock, person or setting read to build them
  (``test_source_years.py`` checks every source under two clocks).

Values are ints, floats, Decimals or None when nothing can be said. A source
must read only the providing module's data and be cheap: it runs once per
indicator and year (or period, or once for all the years with ``by_year``)
on the dashboard and in the reports.

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

import contextvars
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

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
    period: Callable[..., Number | None] | None = None
    by_year: Callable[..., dict[int, Number | None]] | None = None

    @property
    def per_period(self) -> bool:
        """Whether the source gives values for any date range (False: only
        for calendar years)."""
        return self.period is not None

    def value(self, *, start: dt.date, end: dt.date) -> Number | None:
        """The value for the period from ``start`` to ``end``; a yearly source
        gives the value of the year of ``end``."""
        if self.period is not None:
            return self.period(start=start, end=end)
        return self.compute(year=end.year)

    @property
    def module(self) -> str:
        """The app label of the providing module ("events" for "events.x")."""
        return self.code.split(".", 1)[0]

    def serves(self, action_text: str) -> bool:
        """Whether the action's text matches one of this source's fragments."""
        return self.serves_folded(fold(action_text))

    def serves_folded(self, folded_text: str) -> bool:
        """``serves`` for a text already folded (``teixit.core.text.fold``)."""
        return any(fragment in folded_text for fragment in self.folded_matches)

    @property
    def folded_matches(self) -> tuple[str, ...]:
        """The fragments folded, once per source (a source is immutable)."""
        try:
            return self.__dict__["_folded_matches"]
        except KeyError:
            folded = tuple(fold(fragment) for fragment in self.matches if fragment)
            object.__setattr__(self, "_folded_matches", folded)
            return folded


_SOURCES: dict[str, IndicatorSource] = {}


def register_indicator_source(
    code: str,
    *,
    label,
    compute: Callable[..., Number | None] | None = None,
    period: Callable[..., Number | None] | None = None,
    unit: str = "",
    target: Number | None = None,
    matches: Iterable[str] = (),
    breakdown: Callable[..., dict[str, Number]] | None = None,
    by_year: Callable[..., dict[int, Number | None]] | None = None,
) -> None:
    """Register (or replace) the source ``code``, with ``period`` (values for
    any date range), ``compute`` (values for calendar years) or both, and
    optionally ``by_year`` (the values of several calendar years at once).
    Idempotent: registering the same code again replaces it, so a module
    imported twice does no harm."""
    if compute is None:
        if period is None:
            raise ValueError(f"The source {code} needs period= or compute=.")
        compute = _yearly(period)
    _SOURCES[code] = IndicatorSource(
        code=code,
        label=label,
        compute=compute,
        unit=unit,
        target=target,
        matches=tuple(matches),
        breakdown=breakdown,
        period=period,
        by_year=by_year,
    )


def _yearly(period: Callable[..., Number | None]) -> Callable[..., Number | None]:
    def compute(*, year: int) -> Number | None:
        return period(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))

    return compute


def indicator_sources() -> dict[str, IndicatorSource]:
    """Every registered source by code, in registration order."""
    return dict(_SOURCES)


def indicator_source_get(code: str) -> IndicatorSource | None:
    return _SOURCES.get(code)


def indicator_sources_serving(action_text: str) -> list[IndicatorSource]:
    """The sources whose ``matches`` name this action's text."""
    text = fold(action_text)
    return [s for s in _SOURCES.values() if s.serves_folded(text)]


def yearly_values(
    source: IndicatorSource, years, memo: dict | None = None
) -> list[tuple[int, Number | None]]:
    """(year, value) of the source for each year: all the years at once when
    the source has ``by_year``, else one ``compute`` per year. ``memo``, a
    dict kept for one request, computes a source that several rows show (a
    linked indicator and the actions it serves by text) once per year."""
    years = list(years)
    if memo is None:
        memo = {}
    missing = [year for year in dict.fromkeys(years) if (source.code, year) not in memo]
    if missing and source.by_year is not None:
        scope = _statement_scope.set([source.code, 0])
        try:
            found = source.by_year(years=missing)
        finally:
            _statement_scope.reset(scope)
        for year in missing:
            memo[source.code, year] = found[year]
    else:
        for year in missing:
            memo[source.code, year] = source.compute(year=year)
    return [(year, memo[source.code, year]) for year in years]


def aggregate_by_year(
    queryset: QuerySet,
    years: Iterable[int],
    within: Callable[[dt.date, dt.date], Q],
    aggregate: Callable[[Q], object] = lambda rows: Count("pk", filter=rows),
) -> dict[int, object]:
    """{year: value} for calendar years in one query, for a source's
    ``by_year``: ``within(start, end)`` is the condition a row of
    ``queryset`` meets to count for the days from ``start`` to ``end`` (the
    one its ``period`` filters by) and ``aggregate(condition)`` the
    aggregate over the rows meeting it (a count of rows by default; e.g.
    ``Count("institution", distinct=True, filter=condition)``). Each year
    gets ``aggregate(within(1 January, 31 December))``, the value of
    ``queryset.filter(within(…))`` for that year; the query reads only the
    rows meeting ``within`` for the whole span of the years, so a row that
    counts in a year must meet it for any longer period holding that year
    (true of "in the period", "by its end" and "touches it")."""
    years = sorted(set(years))
    if not years:
        return {}
    key = _statement_key(queryset, years, within, aggregate)
    kept = _STATEMENTS.get(key) if key is not None else None
    if isinstance(kept, _KeptStatement):
        row = kept.run(connections[queryset.db])
        return {year: row[f"y{year}"] for year in years}
    if kept is not None:  # refused: tried again after a while (see `keep`)
        _STATEMENTS[key] = kept - 1 if kept > 1 else None
        key = None

    def run():
        span = within(dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31))
        return queryset.filter(span).aggregate(
            **{
                f"y{year}": aggregate(
                    within(dt.date(year, 1, 1), dt.date(year, 12, 31))
                )
                for year in years
            }
        )

    if key is None:
        row = run()
    else:
        row = _KeptStatement.keep(key, connections[queryset.db], run)
    return {year: row[f"y{year}"] for year in years}


# Statements of `aggregate_by_year` kept for the next request (see the
# module's docstring): the scope `yearly_values` opens for a source's
# `by_year` ([the source's code, how many statements it has run]), and the
# statements by what decides them.
_statement_scope: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "workplans_statement_scope", default=None
)
_STATEMENTS: dict[tuple, "_KeptStatement | int | None"] = {}
_STATEMENTS_LIMIT = 2_000
#: A statement `keep` refused is run by the ORM this many times before it is
#: tried again (its years may have no rows yet, then have some).
_REFUSED_FOR = 50


def _function_key(function) -> tuple | None:
    """What decides a condition or aggregate function's statement: its code
    and the values it closes over (None when one cannot be compared)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    try:
        cells = tuple(cell.cell_contents for cell in function.__closure__ or ())
        hash(cells)
        hash(function.__defaults__)
    except (TypeError, ValueError):
        return None
    return (code, cells, function.__defaults__)


def _statement_key(queryset, years, within, aggregate) -> tuple | None:
    scope = _statement_scope.get()
    if scope is None:
        return None
    scope[1] += 1
    functions = (_function_key(within), _function_key(aggregate))
    if None in functions:
        return None
    connection = connections[queryset.db]
    return (
        scope[0],
        scope[1],
        queryset.model._meta.label,
        functions,
        tuple(years),
        timezone.get_current_timezone_name(),
        queryset.db,
        connection.vendor,
        connection.settings_dict["NAME"],
    )


class _KeptStatement:
    """One aggregate's SQL and parameters, and the names of its columns."""

    def __init__(self, sql: str, params, names: tuple[str, ...]) -> None:
        self.sql = sql
        self.params = params
        self.names = names

    def run(self, connection) -> dict:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            return dict(zip(self.names, cursor.fetchone(), strict=True))

    @classmethod
    def keep(cls, key: tuple, connection, run) -> dict:
        """`run()`'s row, the statement it ran kept under `key` when it is
        one statement whose row, read again as the database gives it, is the
        ORM's: the same values, of the same types where they are not NULL
        (a converter would show there), and one at least not NULL (every
        column is the same aggregate, so they share their converters; NULL
        alone tells nothing of them). Otherwise `key` is refused for
        `_REFUSED_FOR` runs."""
        statements = []

        def noted(execute, sql, params, many, context):
            statements.append((sql, params, many))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(noted):
            row = run()
        if len(_STATEMENTS) >= _STATEMENTS_LIMIT:
            _STATEMENTS.clear()
        _STATEMENTS[key] = _REFUSED_FOR
        if len(statements) != 1 or statements[0][2]:
            return row
        sql, params, _many = statements[0]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = tuple(column[0] for column in cursor.description)
            again = dict(zip(names, cursor.fetchone(), strict=True))
        if (
            set(names) == set(row)
            and any(value is not None for value in row.values())
            and all(
                type(again[name]) is type(value) and again[name] == value
                for name, value in row.items()
            )
        ):
            _STATEMENTS[key] = cls(sql, params, names)
        return row


def source_choices() -> list[tuple[str, str]]:
    """(code, "label (code)") pairs for forms and the admin."""
    return [(s.code, f"{s.label} ({s.code})") for s in _SOURCES.values()]


def autodiscover() -> None:
    """Import every installed app's ``workplan_sources`` module."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("workplan_sources")
