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

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

import numpy as np


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


#: Lines compared at once by `candidate_pairs` (a block of rows against the
#: lines that start during their periods).
BLOCK = 256


def _masks(sets: list, words: int, bit: dict) -> np.ndarray:
    """One row of `words` 64-bit words per set: bit `bit[value]` set for each
    value of the set."""
    flat = np.zeros(len(sets) * words, dtype=np.uint64)
    rows, places = [], []
    for row, values in enumerate(sets):
        for value in values:
            rows.append(row)
            places.append(bit[value])
    if rows:
        places_array = np.array(places, dtype=np.int64)
        where = np.array(rows, dtype=np.int64) * words + places_array // 64
        np.bitwise_or.at(
            flat,
            where,
            np.left_shift(np.uint64(1), (places_array % 64).astype(np.uint64)),
        )
    return flat.reshape(len(sets), words)


def _bitsets(sets: list) -> np.ndarray:
    """The sets as bitsets (rows of uint64 words) over the values they hold."""
    bit = {value: i for i, value in enumerate(sorted(set().union(*sets), key=str))}
    return _masks(sets, max(1, (len(bit) + 63) // 64), bit)


def _meet(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """rows(a) × rows(b): whether the bitsets share a bit."""
    met = (a[:, None, 0] & b[None, :, 0]) != 0
    for word in range(1, a.shape[1]):
        met |= (a[:, None, word] & b[None, :, word]) != 0
    return met


@dataclass
class LineIndex:
    """The lines as arrays, ordered by start: execution periods as day
    numbers, and themes, kinds of beneficiary and touched comarques as
    bitsets. Built once; `candidate_pairs` and `candidates_of` read it."""

    lines: list[LineFacts]
    starts: np.ndarray
    ends: np.ndarray
    themes: np.ndarray
    kinds: np.ndarray
    comarques: np.ndarray

    @classmethod
    def build(cls, lines: Iterable[LineFacts]) -> LineIndex:
        ordered = sorted(lines, key=lambda line: (line.start, line.pk))
        return cls(
            lines=ordered,
            starts=np.array([x.start.toordinal() for x in ordered], dtype=np.int64),
            ends=np.array([x.end.toordinal() for x in ordered], dtype=np.int64),
            themes=_bitsets([x.themes for x in ordered]),
            kinds=_bitsets([x.kinds for x in ordered]),
            comarques=_bitsets([x.touched_comarques() for x in ordered]),
        )

    def candidate_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions (i, j), i < j, of the pairs whose periods overlap and that
        share a theme, a kind of beneficiary and a touched comarca: every
        overlapping pair, and a few that `overlap_between` will refuse (two
        municipalities of the same comarca). Blocks of lines are compared with
        the lines that start before the block's last period ends."""
        n = len(self.lines)
        # After line i (by start), the lines starting before it ends.
        stop = np.searchsorted(self.starts, self.ends, side="right")
        found_i, found_j = [], []
        for b0 in range(0, n, BLOCK):
            b1 = min(n, b0 + BLOCK)
            c1 = int(stop[b0:b1].max())
            if c1 <= b0 + 1:
                continue
            rows = np.arange(b0, b1)[:, None]
            cols = np.arange(b0 + 1, c1)[None, :]
            keep = (cols > rows) & (cols < stop[b0:b1, None])
            keep &= _meet(self.themes[b0:b1], self.themes[b0 + 1 : c1])
            keep &= _meet(self.kinds[b0:b1], self.kinds[b0 + 1 : c1])
            keep &= _meet(self.comarques[b0:b1], self.comarques[b0 + 1 : c1])
            i, j = np.nonzero(keep)
            found_i.append(i + b0)
            found_j.append(j + b0 + 1)
        if not found_i:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(found_i), np.concatenate(found_j)


class no_gc:
    """Keep the cyclic garbage collector off inside the block: detection
    builds tens of thousands of small objects that outlive it (and hold no
    reference cycles), and each pass of the collector over the whole heap
    meanwhile would cost more than the detection itself."""

    def __enter__(self):
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.enabled:
            gc.enable()


def all_overlaps(lines: Iterable[LineFacts]) -> list[Overlap]:
    """Every overlapping pair (a.pk < b.pk), the same as `all_overlaps_naive`
    finds. The index (`LineIndex`) keeps the candidate pairs with arrays;
    `overlap_between` decides each (municipalities) and scores it."""
    with no_gc():
        index = LineIndex.build(lines)
        ordered = index.lines
        rows, cols = index.candidate_pairs()
        found = []
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = ordered[i], ordered[j]
            if a.pk > b.pk:
                a, b = b, a
            overlap = overlap_between(a, b)
            if overlap is not None:
                found.append(overlap)
        found.sort(key=attrgetter("a", "b"))
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
