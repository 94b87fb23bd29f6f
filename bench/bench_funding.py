#!/usr/bin/env python
"""Speed of the overlap detection between public funding lines.

What it measures, on a temporary SQLite file under /tmp (never db.sqlite3),
with 5,000 synthetic funding lines (fixed seed) over 42 comarques and 950
municipalities: 70 % municipal lines (one municipality), 17 % comarcal, 8 %
provincial, 5 % for all of Catalonia (Generalitat, State, EU); 1–2 of 18
themes, 1–3 of 9 kinds of beneficiary, execution periods of 3–18 months
starting between 2024 and 2029 (about 20,000 overlapping pairs: each line
overlaps eight others on average; `--dense` gives 60/20/10/10 %, 1–3 themes
and 3–24 months over five years, about 100,000 pairs):

1. one line's overlaps (`selectors.overlaps_for_line`: the database narrows
   the candidates, the rule decides), p50 and p95 over 200 random lines —
   target: p95 ≤ 50 ms; beside it, the **baseline** for one line: load every
   line and compare it with each in Python;
2. the full matrix (`selectors.overlap_matrix()`: every line loaded, every
   overlapping pair and its score found through the in-memory index —
   `overlaps.overlap_table`: bitsets of themes, beneficiaries and comarques,
   lines ordered by start and compared by blocks —, counts per theme, year
   and administration from those arrays, Overlap objects for the 200 pairs
   shown) — target: ≤ 2 s; and the **baseline**: the naive pairwise
   comparison in Python of the same loaded lines
   (`overlaps.all_overlaps_naive`), measured in the same run — target: the
   baseline ≥ 20× slower than loading + the indexed detection. The ratio with
   every pair also built as an Overlap object (`overlaps.all_overlaps`) is
   printed beside it. All must find the same pairs and scores (checked), and
   every sampled line's overlaps must be those of the full detection
   (checked).

The script prints the figures and whether each target is met, and exits
with status 1 when a target is missed or the answers disagree (status 0
when all hold).

    .venv/bin/python bench/bench_funding.py [--lines 5000] [--samples 200] [--dense]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup_django(db_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_DEBUG"] = "False"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _populate(count: int, rng: random.Random, dense: bool = False) -> None:
    from django.db import transaction

    from teixit.funding.models import (
        FundingLine,
        FundingLineArea,
        FundingLineBeneficiary,
    )
    from teixit.territories.models import Comarca, Municipality, Province
    from teixit.vocabulary.models import Concept, ConceptScheme

    with transaction.atomic():
        provinces = [
            Province.objects.create(code=code, name=name)
            for code, name in [("08", "Barcelona"), ("17", "Girona"), ("25", "Lleida"), ("43", "Tarragona")]
        ]  # fmt: skip
        comarques = Comarca.objects.bulk_create(
            [Comarca(code=f"{i + 1:02d}", name=f"Comarca {i + 1}", province=provinces[i % 4]) for i in range(42)]
        )  # fmt: skip
        municipalities = Municipality.objects.bulk_create(
            [
                Municipality(
                    code=f"{i:06d}", ine_code=f"{i:05d}"[:5], name=f"Municipi {i}",
                    search_name=f"municipi {i}", comarca=comarques[i % 42],
                    province=comarques[i % 42].province,
                )
                for i in range(950)
            ]
        )  # fmt: skip
        scheme = ConceptScheme.objects.create(code="themes", label_ca="Temes")
        themes = Concept.objects.bulk_create(
            [Concept(scheme=scheme, code=f"t{i}", label_ca=f"Tema {i}") for i in range(18)]
        )  # fmt: skip
        kinds = [code for code, _label in FundingLine.Beneficiary.choices]
        lines, plans = [], []
        for n in range(count):
            roll = rng.random()
            cut = (0.6, 0.8, 0.9) if dense else (0.7, 0.87, 0.95)
            level = (
                "municipality" if roll < cut[0] else "comarca" if roll < cut[1]
                else "province" if roll < cut[2] else rng.choice(["generalitat", "state", "eu"])
            )  # fmt: skip
            start = date(2024, 1, 1) + timedelta(
                days=rng.randrange((5 if dense else 6) * 365)
            )
            end = start + timedelta(days=rng.randrange(90, 730 if dense else 548))
            if level == "municipality":
                place = rng.choice(municipalities)
                administration = f"Ajuntament de {place.name}"
                areas = [(place.comarca_id, place.pk)]
            elif level == "comarca":
                place = rng.choice(comarques)
                administration = f"Consell Comarcal {place.name}"
                areas = [(place.pk, None)]
            elif level == "province":
                place = rng.choice(provinces)
                administration = f"Diputació de {place.name}"
                areas = [(c.pk, None) for c in comarques if c.province_id == place.pk]
            else:
                administration = {"generalitat": "Generalitat de Catalunya", "state": "Estat", "eu": "Unió Europea"}[level]  # fmt: skip
                areas = [(c.pk, None) for c in comarques]
            lines.append(
                FundingLine(
                    title=f"Línia {n}", level=level, administration=administration,
                    execution_start=start, execution_end=end,
                    whole_catalonia=level in ("generalitat", "state", "eu"),
                )
            )  # fmt: skip
            plans.append(
                (rng.sample(themes, rng.randint(1, 3 if dense else 2)), rng.sample(kinds, rng.randint(1, 3)), areas)
            )  # fmt: skip
        lines = FundingLine.objects.bulk_create(lines, batch_size=1000)
        through = FundingLine.themes.through
        through.objects.bulk_create(
            [through(fundingline_id=line.pk, concept_id=t.pk) for line, (ts, _k, _a) in zip(lines, plans, strict=True) for t in ts],
            batch_size=5000,
        )  # fmt: skip
        FundingLineBeneficiary.objects.bulk_create(
            [FundingLineBeneficiary(line_id=line.pk, kind=k) for line, (_t, ks, _a) in zip(lines, plans, strict=True) for k in ks],
            batch_size=5000,
        )  # fmt: skip
        FundingLineArea.objects.bulk_create(
            [
                FundingLineArea(line_id=line.pk, comarca_id=c, municipality_id=m)
                for line, (_t, _k, areas) in zip(lines, plans, strict=True)
                for c, m in areas
            ],
            batch_size=5000,
        )  # fmt: skip
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--dense", action="store_true", help="many more overlaps")
    args = parser.parse_args()
    rng = random.Random(16)
    with tempfile.TemporaryDirectory(prefix="teixit-bench-funding-") as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        print(f"Setting up {db_path} …")
        _setup_django(db_path)
        started = time.perf_counter()
        _populate(args.lines, rng, args.dense)
        print(
            f"{args.lines} funding lines created in {time.perf_counter() - started:.1f} s"
        )

        from teixit.funding import selectors
        from teixit.funding.models import FundingLine
        from teixit.funding.overlaps import (
            all_overlaps,
            all_overlaps_naive,
            overlap_table,
            overlaps_of,
        )

        # 2. The full detection first (its pairs check the single-line answers).
        started = time.perf_counter()
        facts = selectors.line_facts()
        load = time.perf_counter() - started
        started = time.perf_counter()
        table = overlap_table(facts.values())
        index_time = time.perf_counter() - started
        started = time.perf_counter()
        indexed = all_overlaps(facts.values())
        objects_time = time.perf_counter() - started
        started = time.perf_counter()
        matrix = selectors.overlap_matrix()
        matrix_time = time.perf_counter() - started
        print("Naive pairwise comparison (baseline), please wait …")
        started = time.perf_counter()
        naive = all_overlaps_naive(facts.values())
        naive_time = time.perf_counter() - started
        expected = {(o.a, o.b, o.score) for o in naive}
        same = (
            set(
                zip(
                    table.a.tolist(),
                    table.b.tolist(),
                    table.score.tolist(),
                    strict=True,
                )
            )
            == expected
            and {(o.a, o.b, o.score) for o in indexed} == expected
        )

        # 1. One line's overlaps.
        ids = list(FundingLine.objects.values_list("pk", flat=True))
        sample = rng.sample(ids, min(args.samples, len(ids)))
        by_line: dict[int, set[int]] = {}
        for o in indexed:
            by_line.setdefault(o.a, set()).add(o.b)
            by_line.setdefault(o.b, set()).add(o.a)
        times, agree = [], True
        for pk in sample:
            started = time.perf_counter()
            found = selectors.overlaps_for_line(pk)
            times.append(time.perf_counter() - started)
            agree &= {o.b for o in found} == by_line.get(pk, set())
        baseline_one = []
        for pk in sample[:20]:
            started = time.perf_counter()
            every = selectors.line_facts()
            overlaps_of(every[pk], every.values())
            baseline_one.append(time.perf_counter() - started)
        p50, p95 = (
            statistics.median(times),
            sorted(times)[max(0, int(len(times) * 0.95) - 1)],
        )
        base_one = statistics.median(baseline_one)

        print()
        print(
            f"Lines: {len(facts)}; overlapping pairs: {len(indexed)} (matrix total {matrix['total']})"
        )
        print(
            f"1. One line's overlaps over {len(sample)} lines: p50 {_ms(p50)}, p95 {_ms(p95)}"
            f" — target p95 ≤ 50 ms: {'met' if p95 <= 0.05 else 'MISSED'}"
        )
        print(
            f"   baseline (load every line, compare in Python): {_ms(base_one)}"
            f" — {base_one / p50:.1f}× slower than the p50"
        )
        print(f"   agrees with the full detection on every sampled line: {agree}")
        print(
            f"2. Full matrix (load {_ms(load)}, indexed detection {_ms(index_time)},"
            f" the {len(indexed)} Overlap objects with their shared sets {_ms(objects_time)}):"
            f" overlap_matrix() {matrix_time:.2f} s — target ≤ 2 s: {'met' if matrix_time <= 2 else 'MISSED'}"
        )
        ratio = naive_time / (load + index_time)
        print(
            f"   baseline, naive pairwise comparison: {naive_time:.2f} s for the detection alone;"
            f" loading + indexed detection (pairs and scores) is {ratio:.1f}× faster"
            f" — target ≥ 20×: {'met' if ratio >= 20 else 'MISSED'}"
        )
        print(
            "   with every pair also built as an Overlap object (all_overlaps):"
            f" {naive_time / (load + objects_time):.1f}× faster"
        )
        print(f"   same pairs and scores as the baseline: {same}")  # fmt: skip
        print(f"   (load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
        missed = [
            name
            for name, ok in [
                ("one line p95", p95 <= 0.05),
                ("matrix", matrix_time <= 2),
                ("ratio to the naive comparison", ratio >= 20),
                ("agreement", agree and same),
            ]
            if not ok
        ]
        print("PASS" if not missed else f"FAIL: {', '.join(missed)}")
        if missed:
            sys.exit(1)


if __name__ == "__main__":
    main()
