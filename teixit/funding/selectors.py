"""Reads of funding lines: lists, one line's overlaps with their reasons, and
the overlap matrix of the commission."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teixit.core.dates import day_bounds
from teixit.core.prepared import prepared_object
from teixit.territories.models import Comarca, Municipality
from teixit.vocabulary.models import Concept

from .models import (
    THEME_SCHEME,
    FundingLine,
    FundingLineArea,
    FundingLineBeneficiary,
    OverlapResolution,
)
from .overlaps import (
    LineFacts,
    LineIndex,
    Overlap,
    no_gc,
    overlaps_from_table,
    overlaps_of,
)


def themes() -> QuerySet[Concept]:
    return Concept.objects.in_scheme(THEME_SCHEME).order_by("order", "code")


_line_of = prepared_object(
    FundingLine,
    prefetch=("themes", "beneficiary_rows", "provinces", "comarques", "municipalities"),
)


def funding_line_get(pk: int) -> FundingLine | None:
    """One funding line with its themes, beneficiaries and area (what its page
    shows), or None: every query compiled once (`core.prepared`)."""
    return _line_of(pk)


def funding_line_list(
    *, level: str = "", theme: str = "", year: int | None = None, q: str = ""
) -> QuerySet[FundingLine]:
    qs = FundingLine.objects.prefetch_related("themes", "beneficiary_rows")
    if level:
        qs = qs.filter(level=level)
    if theme:
        qs = qs.filter(themes__scheme__code=THEME_SCHEME, themes__code=theme)
    if year:
        qs = qs.filter(
            execution_start__lte=date(year, 12, 31),
            execution_end__gte=date(year, 1, 1),
        )
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(administration__icontains=q)
            | Q(programme__icontains=q)
        )
    return qs.distinct()


# Facts ------------------------------------------------------------------------


def _tables() -> dict[str, str]:
    """Table and column names of the facts' rows, for the raw SQL below (the
    ORM's query building cost more than the queries themselves)."""
    through = FundingLine.themes.through._meta
    return {
        "line": FundingLine._meta.db_table,
        "themes": through.db_table,
        "theme_line": through.get_field("fundingline").column,
        "theme": through.get_field("concept").column,
        "kinds": FundingLineBeneficiary._meta.db_table,
        "areas": FundingLineArea._meta.db_table,
    }


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def line_facts(ids: Iterable[int] | None = None) -> dict[int, LineFacts]:
    """The facts of the lines `ids` (all lines when None), in four queries."""
    t = _tables()
    params: list = []
    where = {"line": "", "themes": "", "kinds": "", "areas": ""}
    if ids is not None:
        params = [int(pk) for pk in ids]
        if not params:
            return {}
        marks = ", ".join(["%s"] * len(params))
        where = {
            "line": f" WHERE id IN ({marks})",
            "themes": f" WHERE {t['theme_line']} IN ({marks})",
            "kinds": f" WHERE line_id IN ({marks})",
            "areas": f" WHERE line_id IN ({marks})",
        }
    with no_gc():
        theme_map: dict[int, set[int]] = defaultdict(set)
        for line_id, concept_id in _rows(
            f"SELECT {t['theme_line']}, {t['theme']} FROM {t['themes']}{where['themes']}",
            params,
        ):
            theme_map[line_id].add(concept_id)
        kind_map: dict[int, set[str]] = defaultdict(set)
        for line_id, kind in _rows(
            f"SELECT line_id, kind FROM {t['kinds']}{where['kinds']}", params
        ):
            kind_map[line_id].add(kind)
        comarca_map: dict[int, set[int]] = defaultdict(set)
        municipality_map: dict[int, dict[int, int]] = defaultdict(dict)
        for line_id, comarca_id, municipality_id in _rows(
            f"SELECT line_id, comarca_id, municipality_id FROM {t['areas']}{where['areas']}",
            params,
        ):
            if municipality_id is None:
                comarca_map[line_id].add(comarca_id)
            else:
                municipality_map[line_id][municipality_id] = comarca_id
        return {
            pk: LineFacts(
                pk=pk,
                start=_day(start),
                end=_day(end),
                themes=frozenset(theme_map[pk]),
                kinds=frozenset(kind_map[pk]),
                comarques=frozenset(comarca_map[pk]),
                municipalities=municipality_map[pk],
                administration=administration,
                level=level,
            )
            for pk, start, end, administration, level in _rows(
                "SELECT id, execution_start, execution_end, administration, level"
                f" FROM {t['line']}{where['line']}",
                params,
            )
        }


def _candidate_ids(pk: int) -> list[int]:
    """Lines that may overlap line `pk`: the database keeps those whose period
    meets its period and that share a theme, a kind of beneficiary and a
    comarca (covered whole or of a municipality) with it — one query, the
    line's own rows read by subqueries; the rule decides afterwards."""
    t = _tables()
    sql = (
        f"SELECT l.id FROM {t['line']} l WHERE l.id <> %s"
        f" AND l.execution_start <= (SELECT execution_end FROM {t['line']} WHERE id = %s)"
        f" AND l.execution_end >= (SELECT execution_start FROM {t['line']} WHERE id = %s)"
        f" AND l.id IN (SELECT {t['theme_line']} FROM {t['themes']} WHERE {t['theme']} IN"
        f" (SELECT {t['theme']} FROM {t['themes']} WHERE {t['theme_line']} = %s))"
        f" AND l.id IN (SELECT line_id FROM {t['kinds']} WHERE kind IN"
        f" (SELECT kind FROM {t['kinds']} WHERE line_id = %s))"
        f" AND l.id IN (SELECT line_id FROM {t['areas']} WHERE comarca_id IN"
        f" (SELECT comarca_id FROM {t['areas']} WHERE line_id = %s))"
    )
    return [row[0] for row in _rows(sql, [pk] * 6)]


def overlaps_for_line(line: FundingLine | int) -> list[Overlap]:
    """The overlaps of one line, highest score first."""
    pk = getattr(line, "pk", line)
    candidates = _candidate_ids(pk)
    facts = line_facts([pk, *candidates])
    own = facts.pop(pk, None)
    if own is None or not facts:
        return []
    return overlaps_of(own, facts.values())


@dataclass
class OverlapView:
    """An overlap ready to show: the other line, the score, the reasons."""

    line: FundingLine
    other: FundingLine
    score: int
    reasons: list[dict]
    resolution: OverlapResolution | None
    overlap: Overlap


def _names(model, ids: set[int], field: str = "name") -> list[str]:
    if not ids:
        return []
    return sorted(
        str(v) for v in model.objects.filter(pk__in=ids).values_list(field, flat=True)
    )


def overlap_reasons(overlap: Overlap) -> list[dict]:
    """The reasons of an overlap as {"kind", "text"}, in the active language."""
    theme_labels = sorted(
        c.label for c in Concept.objects.filter(pk__in=overlap.themes)
    )
    kinds = [
        str(label)
        for code, label in FundingLine.Beneficiary.choices
        if code in overlap.kinds
    ]
    places = _names(Comarca, set(overlap.comarques)) + _names(
        Municipality, set(overlap.municipalities)
    )
    shown = places[:5]
    more = len(places) - len(shown)
    territory = ", ".join(shown)
    if more:
        territory += " " + ngettext(
            "and %(count)s more", "and %(count)s more", more
        ) % {"count": more}
    return [
        {"kind": "themes", "text": _("Shared themes: %(themes)s") % {"themes": ", ".join(theme_labels)}},
        {"kind": "beneficiaries", "text": _("Shared beneficiaries: %(kinds)s") % {"kinds": ", ".join(kinds)}},
        {"kind": "territory", "text": _("Shared territory: %(places)s") % {"places": territory}},
        {
            "kind": "period",
            "text": ngettext(
                "Execution periods overlap from %(start)s to %(end)s (%(days)s day)",
                "Execution periods overlap from %(start)s to %(end)s (%(days)s days)",
                overlap.days,
            )
            % {
                "start": date_format(overlap.start, "DATE_FORMAT"),
                "end": date_format(overlap.end, "DATE_FORMAT"),
                "days": overlap.days,
            },
        },
    ]  # fmt: skip


def _resolutions(
    pairs: Iterable[tuple[int, int]],
) -> dict[tuple[int, int], OverlapResolution]:
    pairs = list(pairs)
    if not pairs:
        return {}
    ids = {pk for pair in pairs for pk in pair}
    found = OverlapResolution.objects.filter(line_a_id__in=ids, line_b_id__in=ids)
    return {(r.line_a_id, r.line_b_id): r for r in found}


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def overlap_views_for_line(line: FundingLine) -> list[OverlapView]:
    """The overlaps of `line` with the other lines, their reasons and whether
    the commission has resolved them."""
    overlaps = overlaps_for_line(line)
    others = FundingLine.objects.in_bulk([o.b for o in overlaps])
    resolved = _resolutions(_pair(o.a, o.b) for o in overlaps)
    return [
        OverlapView(
            line=line,
            other=others[o.b],
            score=o.score,
            reasons=overlap_reasons(o),
            resolution=resolved.get(_pair(o.a, o.b)),
            overlap=o,
        )
        for o in overlaps
        if o.b in others
    ]


MATRIX_PAIRS_SHOWN = 200


def overlap_matrix(*, theme: str = "", year: int | None = None) -> dict:
    """The overlaps between administrations, per theme and year.

    Returns the counts per theme × year of every overlap, then, for the overlaps
    of `theme` and `year` (all when empty), the administrations × administrations
    counts and the list of pairs. Every count comes from the overlap table
    (arrays of pairs and scores); only the pairs shown become Overlap objects."""
    import numpy as np

    with no_gc():
        index = LineIndex.build(line_facts().values())
        table = index.table()
        ordered = index.lines
        theme_objects = {c.pk: c for c in themes()}
        # Per pair: the years its shared period touches, and its shared themes.
        start_year = np.array([x.start.year for x in ordered], dtype=np.int64)
        end_year = np.array([x.end.year for x in ordered], dtype=np.int64)
        first = np.maximum(start_year[table.i], start_year[table.j])
        last = np.minimum(end_year[table.i], end_year[table.j])
        years = list(range(int(first.min()), int(last.max()) + 1)) if len(table) else []
        shared = {pk: index.shares_theme(table, pk) for pk in theme_objects}
        theme_rows = []
        for pk, concept in theme_objects.items():
            has = shared[pk]
            total = int(has.sum())
            if total:
                counts = [int((has & (first <= y) & (last >= y)).sum()) for y in years]
                theme_rows.append({"theme": concept, "counts": counts, "total": total})
        selected_theme = next(
            (c for c in theme_objects.values() if c.code == theme), None
        )
        chosen = np.ones(len(table), dtype=bool)
        if selected_theme is not None:
            chosen &= shared[selected_theme.pk]
        if year is not None:
            chosen &= (first <= year) & (last >= year)
        names = [x.administration for x in ordered]
        administrations = sorted(
            {names[k] for k in table.i[chosen].tolist()}
            | {names[k] for k in table.j[chosen].tolist()}
        )
        position = {name: k for k, name in enumerate(administrations)}
        where = np.array([position.get(name, -1) for name in names], dtype=np.int64)
        cells = np.zeros((len(administrations),) * 2, dtype=np.int64)
        ai, bj = where[table.i[chosen]], where[table.j[chosen]]
        np.add.at(cells, (ai, bj), 1)
        np.add.at(cells, (bj[ai != bj], ai[ai != bj]), 1)
        rows = [
            {"administration": name, "cells": row}
            for name, row in zip(administrations, cells.tolist(), strict=True)
        ]
        picked = np.nonzero(chosen)[0]
        top = picked[
            np.lexsort((table.b[picked], table.a[picked], -table.score[picked]))
        ][:MATRIX_PAIRS_SHOWN]
        shown = overlaps_from_table(index, table, top.tolist())
    lines = FundingLine.objects.in_bulk({pk for o in shown for pk in (o.a, o.b)})
    resolved = _resolutions((o.a, o.b) for o in shown)
    pairs = [
        {
            "a": lines[o.a],
            "b": lines[o.b],
            "score": o.score,
            "overlap": o,
            "resolution": resolved.get((o.a, o.b)),
        }
        for o in shown
    ]
    return {
        "years": years,
        "theme_rows": theme_rows,
        "administrations": administrations,
        "rows": rows,
        "pairs": pairs,
        "total": len(table),
        "chosen": int(chosen.sum()),
        "selected_theme": selected_theme,
        "selected_year": year,
    }


def _in_execution(start: date, end: date) -> Q:
    return Q(execution_start__lte=end, execution_end__gte=start)


def _resolved_in(start: date, end: date) -> Q:
    first, after = day_bounds(start, end)
    return Q(created_at__gte=first, created_at__lt=after)


def lines_registered_count(*, start: date, end: date) -> int:
    """Lines whose execution period touches the period from `start` to `end`."""
    return FundingLine.objects.filter(_in_execution(start, end)).count()


def lines_registered_by_year(*, years) -> dict[int, int]:
    """`lines_registered_count` for calendar years, in one query (a line in
    execution in several years counts in each)."""
    from teixit.workplans.sources import aggregate_by_year

    return aggregate_by_year(FundingLine.objects.all(), years, _in_execution)


def overlaps_resolved_count(*, start: date, end: date) -> int:
    return OverlapResolution.objects.filter(_resolved_in(start, end)).count()


def overlaps_resolved_by_year(*, years) -> dict[int, int]:
    from teixit.workplans.sources import aggregate_by_year

    return aggregate_by_year(OverlapResolution.objects.all(), years, _resolved_in)
