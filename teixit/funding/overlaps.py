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

import numpy as np


@dataclass(slots=True)
class LineFacts:
    """What the rule needs about a line (read-only by convention: not frozen,
    because a frozen dataclass costs a tenth of the matrix's time to build
    five thousand of them)."""

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


#: Lines compared at once by `LineIndex.table` (a block of lines against the
#: lines that start during their periods).
BLOCK = 256


def _bitsets(sets: list, bit: dict) -> np.ndarray:
    """One row of 64-bit words per set: bit `bit[value]` set for each value
    of the set (a single narrower word when the values are few)."""
    if len(bit) <= 64:
        masks = []
        for values in sets:
            mask = 0
            for value in values:
                mask |= 1 << bit[value]
            masks.append(mask)
        dtype = next(
            t for t, bits in ((np.uint8, 8), (np.uint16, 16), (np.uint32, 32), (np.uint64, 64))
            if len(bit) <= bits
        )  # fmt: skip
        return np.array(masks, dtype=dtype).reshape(len(sets), 1)
    words = (len(bit) + 63) // 64
    flat = np.zeros(len(sets) * words, dtype=np.uint64)
    rows, places = [], []
    for row, values in enumerate(sets):
        for value in values:
            rows.append(row)
            places.append(bit[value])
    if rows:
        place = np.array(places, dtype=np.int64)
        np.bitwise_or.at(
            flat,
            np.array(rows, dtype=np.int64) * words + place // 64,
            np.left_shift(np.uint64(1), (place % 64).astype(np.uint64)),
        )
    return flat.reshape(len(sets), words)


def _bits(sets: list) -> dict:
    return {value: k for k, value in enumerate(sorted(set().union(*sets), key=str))}


if hasattr(np, "bitwise_count"):  # numpy >= 2

    def _popcount(x: np.ndarray) -> np.ndarray:
        return np.bitwise_count(x).astype(np.int64)

else:  # pragma: no cover - numpy 1.26
    _BYTE_BITS = np.array([bin(b).count("1") for b in range(256)], dtype=np.int64)

    def _popcount(x: np.ndarray) -> np.ndarray:
        as_bytes = x[..., None].view(np.uint8)
        return _BYTE_BITS[as_bytes].sum(axis=-1)


def _shared(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """rows(a) × rows(b): how many bits the bitsets share."""
    count = _popcount(a[:, None, 0] & b[None, :, 0])
    for word in range(1, a.shape[1]):
        count += _popcount(a[:, None, word] & b[None, :, word])
    return count


def _meet(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """rows(a) × rows(b): whether the bitsets share a bit."""
    met = (a[:, None, 0] & b[None, :, 0]) != 0
    for word in range(1, a.shape[1]):
        met |= (a[:, None, word] & b[None, :, word]) != 0
    return met


@dataclass
class OverlapTable:
    """Every overlapping pair as arrays: the lines' pks (a < b), the score,
    and their positions in `LineIndex.lines`."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray
    i: np.ndarray
    j: np.ndarray

    def __len__(self) -> int:
        return len(self.a)


@dataclass
class LineIndex:
    """The lines as arrays, ordered by start, built once: execution periods
    as day numbers; themes, kinds of beneficiary, comarques covered whole
    and comarques of the municipalities named as bitsets. Counting the bits
    two rows share counts, for every pair of a block at once, what the
    lines share — the counts `overlap_between` takes from the sets."""

    lines: list[LineFacts]
    starts: np.ndarray
    ends: np.ndarray
    themes: np.ndarray
    kinds: np.ndarray
    whole: np.ndarray  # comarques covered whole
    towns: np.ndarray  # comarques of the municipalities named
    n_themes: np.ndarray
    n_kinds: np.ndarray
    n_areas: np.ndarray
    named: np.ndarray  # names municipalities
    crowded: np.ndarray  # names two municipalities of one comarca
    single: np.ndarray  # the one municipality it names, else -1
    theme_bit: dict  # theme id → its bit in `themes`

    @classmethod
    def build(cls, lines: Iterable[LineFacts]) -> LineIndex:
        ordered = sorted(lines, key=lambda line: (line.start, line.pk))
        themes = [x.themes for x in ordered]
        kinds = [x.kinds for x in ordered]
        whole = [x.comarques for x in ordered]
        towns = [set(x.municipalities.values()) for x in ordered]
        comarca_bit = _bits(whole + towns)
        theme_bit = _bits(themes)
        return cls(
            lines=ordered,
            starts=np.array([x.start.toordinal() for x in ordered], dtype=np.int64),
            ends=np.array([x.end.toordinal() for x in ordered], dtype=np.int64),
            themes=_bitsets(themes, theme_bit),
            kinds=_bitsets(kinds, _bits(kinds)),
            whole=_bitsets(whole, comarca_bit),
            towns=_bitsets(towns, comarca_bit),
            n_themes=np.array([len(x) for x in themes], dtype=np.int64),
            n_kinds=np.array([len(x) for x in kinds], dtype=np.int64),
            n_areas=np.array([x.area_count for x in ordered], dtype=np.int64),
            named=np.array([bool(x.municipalities) for x in ordered]),
            crowded=np.array(
                [
                    len(t) < len(x.municipalities)
                    for t, x in zip(towns, ordered, strict=True)
                ]
            ),
            theme_bit=theme_bit,
            single=np.array(
                [
                    next(iter(x.municipalities)) if len(x.municipalities) == 1 else -1
                    for x in ordered
                ],
                dtype=np.int64,
            ),
        )

    def table(self) -> OverlapTable:
        """Every overlapping pair with its score, as `overlap_between` decides
        and scores it: theme by theme, blocks of the theme's lines are
        compared with its lines that start before the block's last period
        ends. A pair whose two lines name
        municipalities (they may name the same one), or with a line naming
        two municipalities of one comarca, goes through `overlap_between`
        itself."""
        starts, ends = self.starts, self.ends
        days = ends - starts  # as (end - start).days
        n_themes, n_kinds, n_areas = self.n_themes, self.n_kinds, self.n_areas
        touched = self.whole | self.towns
        found: list[tuple] = []
        slow_i, slow_j = [], []
        # Theme by theme: only lines of one theme are compared, and a pair is
        # taken at the first theme (by bit) the two lines share.
        words = self.themes.shape[1]
        word_type = self.themes.dtype.type
        for bit in sorted(self.theme_bit.values()):
            word, shift = divmod(bit, 64)
            column = self.themes[:, word].astype(np.uint64)
            members = np.nonzero((column >> np.uint64(shift)) & np.uint64(1))[0]
            if len(members) < 2:
                continue
            full = np.iinfo(self.themes.dtype).max
            below = [
                word_type(full if w < word else 0 if w > word else (1 << shift) - 1)
                for w in range(words)
            ]
            # After member k (by start), the members starting before it ends.
            stop = np.searchsorted(starts[members], ends[members], side="right")
            for b0 in range(0, len(members), BLOCK):
                b1 = min(len(members), b0 + BLOCK)
                c0, c1 = b0 + 1, int(stop[b0:b1].max())
                if c1 <= c0:
                    continue
                r, c = members[b0:b1], members[c0:c1]
                rows = np.arange(b0, b1)[:, None]
                cols = np.arange(c0, c1)[None, :]
                keep = (cols > rows) & (cols < stop[b0:b1, None])
                for w in range(words):
                    if below[w]:
                        keep &= (self.themes[r, None, w] & self.themes[None, c, w] & below[w]) == 0  # fmt: skip
                keep &= _meet(self.kinds[r], self.kinds[c])
                keep &= _meet(touched[r], touched[c])
                # Two lines naming one municipality each are counted here;
                # other pairs naming municipalities on both sides go through
                # `overlap_between`.
                named, crowded = self.named, self.crowded
                several = named & (self.single < 0)
                hard = (
                    (named[r, None] & named[None, c] & (several[r, None] | several[None, c]))
                    | crowded[r, None] | crowded[None, c]
                )  # fmt: skip
                i, j = np.nonzero(keep)
                slow = hard[i, j]
                gi, gj = r[i], c[j]
                slow_i.append(gi[slow])
                slow_j.append(gj[slow])
                gi, gj = gi[~slow], gj[~slow]
                if not len(gi):
                    continue
                # Only the pairs kept: rows of bitsets, pair by pair.
                st = _popcount(self.themes[gi] & self.themes[gj]).sum(axis=1)
                sk = _popcount(self.kinds[gi] & self.kinds[gj]).sum(axis=1)
                same = (self.single[gi] == self.single[gj]) & (self.single[gi] >= 0)
                sa = _popcount(self.whole[gi] & self.whole[gj]).sum(axis=1) + np.where(
                    same,
                    1,
                    (
                        _popcount(self.whole[gi] & self.towns[gj])
                        + _popcount(self.towns[gi] & self.whole[gj])
                    ).sum(axis=1),
                )
                yes = sa > 0
                gi, gj, st, sk, sa = gi[yes], gj[yes], st[yes], sk[yes], sa[yes]
                smallest = np.minimum(n_areas[gi], n_areas[gj])
                smallest[smallest == 0] = 1
                shared_days = np.minimum(ends[gi], ends[gj]) - np.maximum(starts[gi], starts[gj]) + 1  # fmt: skip
                total = (
                    st / (n_themes[gi] + n_themes[gj] - st)
                    + sk / (n_kinds[gi] + n_kinds[gj] - sk)
                    + np.minimum(1.0, sa / smallest)
                    + shared_days / (np.minimum(days[gi], days[gj]) + 1)
                )
                found.append((gi, gj, np.rint(25 * total).astype(np.int64)))
        pks = np.array([line.pk for line in self.lines], dtype=np.int64)
        if slow_i:
            ordered = self.lines
            rows_i, rows_j, scores = [], [], []
            for i, j in zip(
                np.concatenate(slow_i).tolist(), np.concatenate(slow_j).tolist(), strict=True
            ):  # fmt: skip
                overlap = overlap_between(ordered[i], ordered[j])
                if overlap is not None:
                    rows_i.append(i)
                    rows_j.append(j)
                    scores.append(overlap.score)
            found.append(
                (
                    np.array(rows_i, dtype=np.int64),
                    np.array(rows_j, dtype=np.int64),
                    np.array(scores, dtype=np.int64),
                )
            )
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return OverlapTable(empty, empty, empty, empty, empty)
        gi = np.concatenate([f[0] for f in found])
        gj = np.concatenate([f[1] for f in found])
        score = np.concatenate([f[2] for f in found])
        a, b = np.minimum(pks[gi], pks[gj]), np.maximum(pks[gi], pks[gj])
        order = np.lexsort((b, a))
        return OverlapTable(a[order], b[order], score[order], gi[order], gj[order])

    def shares_theme(self, table: OverlapTable, theme_id) -> np.ndarray:
        """Per pair of the table: whether both lines have the theme."""
        bit = self.theme_bit.get(theme_id)
        if bit is None:
            return np.zeros(len(table), dtype=bool)
        word = self.themes[:, bit // 64].astype(np.uint64)
        mask = np.uint64(1) << np.uint64(bit % 64)
        return ((word[table.i] & word[table.j]) & mask) != 0


class no_gc:
    """Keep the cyclic garbage collector off inside the block: it builds
    tens of thousands of small objects that outlive it (and hold no
    reference cycles), and each pass of the collector over the whole heap
    meanwhile would cost more than the work itself."""

    def __enter__(self):
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.enabled:
            gc.enable()


def overlap_table(lines: Iterable[LineFacts]) -> OverlapTable:
    """Every overlapping pair (a.pk < b.pk) with its score, as arrays: what
    `all_overlaps_naive` finds, through the index (`LineIndex`)."""
    with no_gc():
        return LineIndex.build(lines).table()


def overlaps_from_table(
    index: LineIndex, table: OverlapTable, rows=None
) -> list[Overlap]:
    """The Overlap objects (shared themes, beneficiaries, areas, days) of the
    table's pairs (of the positions `rows` only when given)."""
    ordered = index.lines
    picked = range(len(table)) if rows is None else rows
    found = []
    with no_gc():
        i_all, j_all = table.i.tolist(), table.j.tolist()
        for k in picked:
            a, b = ordered[i_all[k]], ordered[j_all[k]]
            found.append(
                overlap_between(a, b) if a.pk < b.pk else overlap_between(b, a)
            )
    return found


def all_overlaps(lines: Iterable[LineFacts]) -> list[Overlap]:
    """Every overlapping pair (a.pk < b.pk) as Overlap objects, ordered by
    (a, b): the same as `all_overlaps_naive` finds."""
    with no_gc():
        index = LineIndex.build(lines)
        table = index.table()
    return overlaps_from_table(index, table)


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
