"""The overlap rule between funding lines, written once.

Two lines overlap when all four hold:
- themes: they share at least one theme;
- beneficiaries: they share at least one kind of eligible beneficiary;
- territory: their territories intersect (a comarca both cover whole, a
  municipality both cover, or a municipality of one inside a comarca the
  other covers whole);
- period: their execution periods share at least one day (both bounds
  included: a line ending on 30 June and one starting on 30 June overlap).

The score (0–100) is the mean of four fractions, so that two lines that
duplicate each other fully score 100:
- shared themes / all themes of both (Jaccard);
- shared beneficiaries / all beneficiaries of both (Jaccard);
- shared areas / areas of the smaller territory (1 when one lies inside the
  other);
- shared days / days of the shorter period.

`overlap_between` decides for one pair and is used by every path: one line's
overlaps (candidates narrowed by the database), the full matrix (candidates
narrowed by an index in memory) and the naive baseline of the bench.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LineFacts:
    """What the rule needs about a line."""

    pk: int
    start: date
    end: date
    themes: frozenset[int]
    kinds: frozenset[str]
    comarques: frozenset[int]  # comarques covered whole
    municipalities: dict[int, int]  # municipality id → its comarca id
    administration: str = ""
    level: str = ""

    @property
    def area_count(self) -> int:
        return len(self.comarques) + len(self.municipalities)

    def touched_comarques(self) -> set[int]:
        return set(self.comarques) | set(self.municipalities.values())


@dataclass(slots=True)
class Overlap:
    """The overlap of line `a` with line `b` and why."""

    a: int
    b: int
    score: int
    themes: frozenset[int]
    kinds: frozenset[str]
    comarques: frozenset[int]
    municipalities: frozenset[int]
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)


_EMPTY: frozenset = frozenset()


def shared_territory(a: LineFacts, b: LineFacts) -> tuple[frozenset, frozenset]:
    """(comarques both cover whole, municipalities covered by both)."""
    comarques = a.comarques & b.comarques
    if not a.municipalities and not b.municipalities:
        return comarques, _EMPTY
    municipalities = {m for m, c in b.municipalities.items() if c in a.comarques}
    municipalities.update(m for m, c in a.municipalities.items() if c in b.comarques)
    municipalities.update(a.municipalities.keys() & b.municipalities.keys())
    return comarques, frozenset(municipalities)


def overlap_between(a: LineFacts, b: LineFacts) -> Overlap | None:
    """The overlap of two lines, or None when they do not overlap."""
    start = a.start if a.start > b.start else b.start
    end = a.end if a.end < b.end else b.end
    if start > end:
        return None
    themes = a.themes & b.themes
    if not themes:
        return None
    kinds = a.kinds & b.kinds
    if not kinds:
        return None
    comarques, municipalities = shared_territory(a, b)
    if not comarques and not municipalities:
        return None
    shared_themes, shared_kinds = len(themes), len(kinds)
    shortest = min((a.end - a.start).days, (b.end - b.start).days) + 1
    smallest = min(a.area_count, b.area_count) or 1
    total = (
        shared_themes / (len(a.themes) + len(b.themes) - shared_themes)
        + shared_kinds / (len(a.kinds) + len(b.kinds) - shared_kinds)
        + min(1.0, (len(comarques) + len(municipalities)) / smallest)
        + ((end - start).days + 1) / shortest
    )
    return Overlap(
        a.pk,
        b.pk,
        round(25 * total),
        themes,
        kinds,
        comarques,
        municipalities,
        start,
        end,
    )


def overlaps_of(line: LineFacts, others: Iterable[LineFacts]) -> list[Overlap]:
    """The overlaps of `line` with `others`, highest score first."""
    found = [
        overlap
        for other in others
        if other.pk != line.pk and (overlap := overlap_between(line, other))
    ]
    return sorted(found, key=lambda o: (-o.score, o.b))


def all_overlaps(lines: Iterable[LineFacts]) -> list[Overlap]:
    """Every overlapping pair (a.pk < b.pk). An index by (theme, kind of
    beneficiary, comarca) gives, for each line, the lines that share one of
    each with it; `overlap_between` decides (periods, municipalities)."""
    by_pk = {line.pk: line for line in lines}
    buckets: dict[tuple, list[int]] = defaultdict(list)
    keys: dict[int, list[tuple]] = {}
    for line in by_pk.values():
        line_keys = [
            (theme, kind, comarca)
            for theme in line.themes
            for kind in line.kinds
            for comarca in line.touched_comarques()
        ]
        keys[line.pk] = line_keys
        for key in line_keys:
            buckets[key].append(line.pk)
    found = []
    for line in by_pk.values():
        pk, start, end = line.pk, line.start, line.end
        for other_pk in set().union(*(buckets[key] for key in keys[pk])):
            if other_pk <= pk:
                continue
            other = by_pk[other_pk]
            # The period test of `overlap_between`, inline: most candidates
            # stop here, without the cost of a call.
            if other.start > end or start > other.end:
                continue
            overlap = overlap_between(line, other)
            if overlap is not None:
                found.append(overlap)
    found.sort(key=lambda o: (o.a, o.b))
    return found


def all_overlaps_naive(lines: Iterable[LineFacts]) -> list[Overlap]:
    """Every pair compared: the baseline of the bench."""
    ordered = sorted(lines, key=lambda line: line.pk)
    found = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            overlap = overlap_between(a, b)
            if overlap is not None:
                found.append(overlap)
    return found
