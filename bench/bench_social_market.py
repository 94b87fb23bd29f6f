"""Benchmark of the social market: the SSE entities that could answer a need,
over a million entities.

What it does
  1. builds a fresh database (SQLite file under /tmp by default; any DATABASE_URL
     with --database-url) and migrates it;
  2. loads the municipalities and inserts N published entities (default
     1,000,000) exactly as `bench_map.py` does (same seed: real centroids from
     ../shared/data/catalonia when present, else synthetic ones; 1-2 of 12
     sectors each), then builds the map's point table
     (`teixit.maps.services.map_cells_rebuild`), which the matching reads;
  3. times `teixit.needs.selectors.need_matches` (the 50 nearest entities of
     the need's sector in or around its territory, with their reasons, public
     contacts and marks: what the need's page and the API show) for needs in
     one random municipality, in two neighbouring municipalities and in a whole
     comarca, each with one random sector;
  4. and the baseline in the same run: the naive match, which reads every
     published entity of the sector with its position (its own or its
     municipality's centroid), computes its distance to the territory in
     Python and sorts them.

Target (issue 16, Speed): a need's match answers in <= 100 ms at the 95th
percentile on SQLite over 1,000,000 entities. Prints the p50/p95 times, the
ratio to the baseline and PASS/FAIL, and exits with status 1 on FAIL.

    .venv/bin/python bench/bench_social_market.py                     # 1,000,000
    .venv/bin/python bench/bench_social_market.py --entities 100000   # quicker
    .venv/bin/python bench/bench_social_market.py --keep-db; ... --reuse
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_map  # noqa: E402 - the same synthetic register

DEFAULT_DB = "/tmp/teixit_bench_social_market.sqlite3"
SAMPLES = 30
BASELINE_SAMPLES = 3
TARGET_MS = 100.0


def naive_match(sector_id: int, territory) -> list:
    """Every published entity of the sector, distance computed in Python."""
    from teixit.entities.models import Entity

    rows = (
        Entity.objects.published()
        .filter(sectors=sector_id)
        .values_list(
            "pk",
            "name",
            "latitude",
            "longitude",
            "municipality_id",
            "municipality__latitude",
            "municipality__longitude",
        )
    )
    found = []
    for pk, name, lat, lon, town, tlat, tlon in rows:
        lat = tlat if lat is None else lat
        lon = tlon if lon is None else lon
        if lat is None:
            continue
        if town in territory.municipality_ids:
            km = 0.0
        else:
            km = min(
                math.hypot((lon - alon) * math.cos(math.radians(alat)), lat - alat)
                * 111.32
                for alat, alon in territory.anchors
            )
        if km <= 50:
            found.append((km, name, pk))
    found.sort()
    return found[:50]


def make_needs(rnd: random.Random, sectors: list[int]) -> list:
    from teixit.needs.models import Need
    from teixit.territories.models import Comarca, Municipality

    towns = list(
        Municipality.objects.filter(latitude__isnull=False).values_list(
            "pk", "latitude", "longitude", "comarca_id"
        )
    )
    comarques = list(Comarca.objects.values_list("pk", flat=True))
    needs = []
    for i in range(SAMPLES):
        need = Need.objects.create(
            title=f"Necessitat {i}", description="x", status="confirmed"
        )
        need.sectors.set([rnd.choice(sectors)])
        kind = i % 3
        if kind == 0:
            need.municipalities.set([rnd.choice(towns)[0]])
        elif kind == 1:
            pk, lat, lon, _ = rnd.choice(towns)
            near = min(
                (t for t in towns if t[0] != pk),
                key=lambda t: (t[1] - lat) ** 2 + (t[2] - lon) ** 2,
            )
            need.municipalities.set([pk, near[0]])
        else:
            need.comarques.set([rnd.choice(comarques)])
        needs.append((("municipality", "two municipalities", "comarca")[kind], need))
    return needs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=f"sqlite:///{DEFAULT_DB}")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    if not args.reuse:
        bench_map.fresh_database(args.database_url)
    bench_map.setup_django(args.database_url)

    from django.core.management import call_command

    from teixit.maps.services import map_cells_rebuild
    from teixit.needs import selectors
    from teixit.vocabulary.models import Concept

    print(f"Social market over {args.entities:,} entities ({args.database_url})")
    if not args.reuse:
        with bench_map.step("migrate"):
            call_command("migrate", verbosity=0)
        with bench_map.step("territories"):
            source = bench_map.load_territories()
        print(f"  territories: {source}")
        vocabulary = bench_map.make_vocabulary()
        with bench_map.step(f"insert {args.entities:,} entities"):
            bench_map.insert_entities(args.entities, vocabulary)
        with bench_map.step("map_cells_rebuild()"):
            map_cells_rebuild()
    sectors = list(
        Concept.objects.filter(scheme__code="sectors").values_list("pk", flat=True)
    )
    rnd = random.Random(bench_map.SEED)
    needs = make_needs(rnd, sectors)

    # Warm up (caches, prepared statements).
    selectors.need_matches(needs[0][1])
    times: dict[str, list[float]] = {}
    counts = []
    for label, need in needs:
        started = time.perf_counter()
        matches = selectors.need_matches(need)
        times.setdefault(label, []).append((time.perf_counter() - started) * 1000)
        counts.append(len(matches))
    every = [t for values in times.values() for t in values]

    base = []
    for _label, need in needs[:BASELINE_SAMPLES]:
        territory = selectors.need_territory(need)
        sector = need.sectors.get().pk
        started = time.perf_counter()
        naive_match(sector, territory)
        base.append((time.perf_counter() - started) * 1000)

    p95 = bench_map.percentile(every, 0.95)
    print()
    for label, values in times.items():
        print(
            f"  {label:<20} p50 {statistics.median(values):7.1f} ms"
            f"  p95 {bench_map.percentile(values, 0.95):7.1f} ms  ({len(values)} needs)"
        )
    print(
        f"  matches per need: median {statistics.median(counts):.0f}, min {min(counts)}"
    )
    print(f"  baseline (naive match) p50 {statistics.median(base):9.1f} ms")
    print(
        f"  all needs: p95 {p95:.1f} ms, {statistics.median(base) / statistics.median(every):.0f}x"
        " faster than the baseline"
    )
    verdict = "PASS" if p95 <= TARGET_MS else "FAIL"
    print(f"  load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{verdict}: need match p95 {p95:.1f} ms (target <= {TARGET_MS:.0f} ms)")

    if not args.keep_db and args.database_url.startswith("sqlite"):
        path = Path(args.database_url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    if verdict != "PASS":
        sys.exit(1)


if __name__ == "__main__":
    main()
