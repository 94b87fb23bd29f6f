"""The overlap rule itself (teixit.funding.overlaps): pure, no database."""

from datetime import date

import pytest

from teixit.funding.overlaps import (
    LineFacts,
    all_overlaps,
    all_overlaps_naive,
    overlap_between,
)


def facts(pk, **kw) -> LineFacts:
    base = {
        "start": date(2026, 1, 1),
        "end": date(2026, 12, 31),
        "themes": frozenset({1}),
        "kinds": frozenset({"cooperatives"}),
        "comarques": frozenset({10}),
        "municipalities": {},
    }
    base.update(kw)
    return LineFacts(pk=pk, **base)


def test_identical_lines_overlap_with_score_100():
    overlap = overlap_between(facts(1), facts(2))
    assert overlap is not None
    assert overlap.score == 100
    assert overlap.themes == {1}
    assert overlap.kinds == {"cooperatives"}
    assert overlap.comarques == {10}
    assert (overlap.start, overlap.end) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    "change",
    [
        {"themes": frozenset({2})},
        {"kinds": frozenset({"associations"})},
        {"comarques": frozenset({11})},
        {"start": date(2027, 1, 1), "end": date(2027, 12, 31)},
    ],
    ids=["themes", "beneficiaries", "territory", "period"],
)
def test_no_overlap_when_one_dimension_is_disjoint(change):
    assert overlap_between(facts(1), facts(2, **change)) is None


def test_periods_touching_on_the_same_day_overlap_for_one_day():
    a = facts(1, start=date(2026, 1, 1), end=date(2026, 6, 30))
    b = facts(2, start=date(2026, 6, 30), end=date(2026, 12, 31))
    overlap = overlap_between(a, b)
    assert overlap is not None
    assert overlap.days == 1
    assert overlap.start == overlap.end == date(2026, 6, 30)


def test_periods_one_day_apart_do_not_overlap():
    a = facts(1, start=date(2026, 1, 1), end=date(2026, 6, 29))
    b = facts(2, start=date(2026, 6, 30), end=date(2026, 12, 31))
    assert overlap_between(a, b) is None


def test_one_day_line_inside_a_longer_one():
    a = facts(1, start=date(2026, 3, 3), end=date(2026, 3, 3))
    overlap = overlap_between(a, facts(2))
    assert overlap.days == 1
    # The period fraction is of the shorter period: fully covered.
    assert overlap.score == 100


def test_municipality_inside_a_whole_comarca_overlaps():
    town = facts(1, comarques=frozenset(), municipalities={500: 10})
    overlap = overlap_between(town, facts(2))
    assert overlap.municipalities == {500}
    assert overlap.comarques == set()
    assert overlap.score == 100  # the smaller territory lies inside the other


def test_two_municipalities_of_one_comarca_do_not_overlap():
    a = facts(1, comarques=frozenset(), municipalities={500: 10})
    b = facts(2, comarques=frozenset(), municipalities={501: 10})
    assert overlap_between(a, b) is None


def test_score_is_the_mean_of_the_four_fractions():
    a = facts(
        1,
        themes=frozenset({1, 2}),
        kinds=frozenset({"cooperatives", "associations"}),
        comarques=frozenset({10, 11}),
        start=date(2026, 1, 1),
        end=date(2026, 1, 10),
    )
    b = facts(
        2,
        themes=frozenset({1}),  # 1/2
        kinds=frozenset({"cooperatives"}),  # 1/2
        comarques=frozenset({10, 12}),  # 1 shared of 2 (the smaller)
        start=date(2026, 1, 6),  # 5 shared days of 10
        end=date(2026, 1, 30),
    )
    assert overlap_between(a, b).score == 50


def test_indexed_detection_finds_what_pairwise_comparison_finds():
    lines = [
        facts(1),
        facts(2, municipalities={500: 10}, comarques=frozenset()),
        facts(3, themes=frozenset({2})),
        facts(4, start=date(2027, 1, 1), end=date(2027, 6, 1)),
        facts(5, start=date(2026, 12, 31), end=date(2027, 3, 1)),
        facts(6, comarques=frozenset({11, 10}), kinds=frozenset({"associations", "cooperatives"})),
        facts(7, comarques=frozenset({11})),
    ]  # fmt: skip
    indexed = {(o.a, o.b, o.score) for o in all_overlaps(lines)}
    naive = {(o.a, o.b, o.score) for o in all_overlaps_naive(lines)}
    assert indexed == naive
    assert (1, 2, 100) in indexed
    assert (
        4,
        5,
        indexed and next(s for a, b, s in indexed if (a, b) == (4, 5)),
    ) in indexed
    assert not any(3 in (a, b) for a, b, _ in indexed)
    assert (1, 7) not in {(a, b) for a, b, _ in indexed}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_indexed_detection_equals_pairwise_comparison_on_random_lines(seed):
    """The arrays of `overlap_table` and the objects of `all_overlaps` hold
    exactly the pairs, scores and shared sets of the naive comparison, on
    random lines: whole comarques, one or several municipalities (some in the
    same comarca, some inside a comarca another line covers), more than 64
    themes and comarques (several words per bitset), one-day periods and
    periods touching on their bounds. Not timed: bench/bench_funding.py."""
    import random
    from datetime import timedelta

    from teixit.funding.overlaps import overlap_table

    rng = random.Random(seed)
    lines = []
    for pk in rng.sample(range(1, 5000), 400):
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(900))
        end = start + timedelta(days=rng.choice((0, 1, 30, rng.randrange(400))))
        whole = frozenset(rng.sample(range(70), rng.choice((0, 0, 1, 3, 70))))
        towns = {
            m: m % 70
            for m in rng.sample(range(300), rng.choice((0, 1, 1, 2, 3)))
            if m % 70 not in whole
        }
        if not whole and not towns:
            towns = {rng.randrange(300, 310): 5}
        lines.append(
            LineFacts(
                pk=pk,
                start=start,
                end=end,
                themes=frozenset(
                    rng.sample(range(70), rng.randint(1, 3)) + [rng.randrange(4)]
                ),
                kinds=frozenset(rng.sample("abcdefghi", rng.randint(1, 3))),
                comarques=whole,
                municipalities=towns,
            )
        )

    def described(overlaps):
        return [
            (o.a, o.b, o.score, o.themes, o.kinds, o.comarques, o.municipalities, o.start, o.end)
            for o in overlaps
        ]  # fmt: skip

    naive = all_overlaps_naive(lines)
    assert len(naive) > 200
    assert described(all_overlaps(lines)) == described(naive)
    table = overlap_table(lines)
    assert list(zip(table.a.tolist(), table.b.tolist(), table.score.tolist(), strict=True)) == [
        (o.a, o.b, o.score) for o in naive
    ]  # fmt: skip


def test_no_lines_no_overlaps():
    from teixit.funding.overlaps import overlap_table

    assert all_overlaps([]) == []
    assert len(overlap_table([])) == 0
    assert all_overlaps([facts(1)]) == []
