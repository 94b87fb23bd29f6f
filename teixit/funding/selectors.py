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


def _rows(qs: QuerySet) -> list[tuple]:
    """The rows of a values_list() of plain columns (ids, text), fetched
    without the ORM's per-row work."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def line_facts(ids: Iterable[int] | None = None) -> dict[int, LineFacts]:
    """The facts of the lines `ids` (all lines when None), in four queries."""
    lines = FundingLine.objects.order_by()
    through = FundingLine.themes.through.objects.order_by()
    kinds_qs = FundingLineBeneficiary.objects.order_by()
    areas_qs = FundingLineArea.objects.order_by()
    if ids is not None:
        ids = list(ids)
        lines = lines.filter(pk__in=ids)
        through = through.filter(fundingline_id__in=ids)
        kinds_qs = kinds_qs.filter(line_id__in=ids)
        areas_qs = areas_qs.filter(line_id__in=ids)
    with no_gc():
        theme_map: dict[int, set[int]] = defaultdict(set)
        for line_id, concept_id in _rows(
            through.values_list("fundingline_id", "concept_id")
        ):
            theme_map[line_id].add(concept_id)
        kind_map: dict[int, set[str]] = defaultdict(set)
        for line_id, kind in _rows(kinds_qs.values_list("line_id", "kind")):
            kind_map[line_id].add(kind)
        comarca_map: dict[int, set[int]] = defaultdict(set)
        municipality_map: dict[int, dict[int, int]] = defaultdict(dict)
        for line_id, comarca_id, municipality_id in _rows(
            areas_qs.values_list("line_id", "comarca_id", "municipality_id")
        ):
            if municipality_id is None:
                comarca_map[line_id].add(comarca_id)
            else:
                municipality_map[line_id][municipality_id] = comarca_id
        return {
            pk: LineFacts(
                pk=pk,
                start=start,
                end=end,
                themes=frozenset(theme_map[pk]),
                kinds=frozenset(kind_map[pk]),
                comarques=frozenset(comarca_map[pk]),
                municipalities=municipality_map[pk],
                administration=administration,
                level=level,
            )
            for pk, start, end, administration, level in lines.values_list(
                "pk", "execution_start", "execution_end", "administration", "level"
            )
        }


def _candidate_ids(facts: LineFacts) -> set[int]:
    """Lines that may overlap `facts`: the database keeps those whose period,
    themes, beneficiaries and territory meet it (one query)."""
    if not (facts.themes and facts.kinds and facts.area_count):
        return set()
    qs = (
        FundingLine.objects.exclude(pk=facts.pk)
        .filter(
            execution_start__lte=facts.end,
            execution_end__gte=facts.start,
            pk__in=FundingLine.themes.through.objects.filter(
                concept_id__in=facts.themes
            ).values("fundingline_id"),
        )
        .filter(
            pk__in=FundingLineBeneficiary.objects.filter(kind__in=facts.kinds).values(
                "line_id"
            )
        )
    )
    # A line over every comarca meets every other line's territory: no filter.
    if len(facts.comarques) < Comarca.objects.count():
        territory = Q(
            comarca_id__in=facts.touched_comarques(), municipality__isnull=True
        )
        if facts.comarques:
            territory |= Q(comarca_id__in=facts.comarques)
        if facts.municipalities:
            territory |= Q(municipality_id__in=list(facts.municipalities))
        qs = qs.filter(
            pk__in=FundingLineArea.objects.filter(territory).values("line_id")
        )
    return set(qs.values_list("pk", flat=True))


def overlaps_for_line(line: FundingLine | int) -> list[Overlap]:
    """The overlaps of one line, highest score first."""
    pk = getattr(line, "pk", line)
    own = line_facts([pk]).get(pk)
    if own is None:
        return []
    candidates = _candidate_ids(own)
    return overlaps_of(own, line_facts(candidates).values()) if candidates else []


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


def lines_registered_count(*, year: int) -> int:
    """Lines whose execution period touches `year`."""
    return funding_line_list(year=year).count()


def overlaps_resolved_count(*, year: int) -> int:
    return OverlapResolution.objects.filter(created_at__year=year).count()
