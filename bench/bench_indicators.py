"""Benchmark: every register indicator for the 947 municipalities of Catalonia
over 1,000,000 synthetic SSE entities.

What it measures, in one run:
- "grouped": `teixit.diagnosis.indicators.compute_register` — two queries
  for all municipalities at once (GROUP BY municipality and legal form over a
  covering index; entity–sector counts, joined in numpy on SQLite), one after
  the other, aggregated to comarques and the network in Python (what
  `snapshot_indicators` and the pages use), best of 3, with the CPU time;
- the two register queries one after the other against the same in two
  threads on their own connections (the alternative not kept);
- "snapshot": the same plus storing the values (`indicator_snapshot_take`);
- "naive": the per-municipality query loop (7 queries per municipality), as
  the baseline; the script checks both give the same values and prints the ratio.

Targets: grouped ≤ 2 s on SQLite; the PostgreSQL time is printed when a server
answers at postgres://postgres@127.0.0.1:5432/ (a database
`teixit_bench_indicators` is created and dropped there).

Setup is synthetic with a fixed seed (947 municipalities, 43 comarques, skewed
distribution of entities, 1–2 sectors each) and inserted with raw
executemany (COPY on PostgreSQL) into a temporary database, never db.sqlite3.

    .venv/bin/python bench/bench_indicators.py [--entities N] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = Path("/tmp/teixit-bench-indicators.sqlite3")
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_DB = "teixit_bench_indicators"
YEAR = 2020
SEED = 20260128


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "False"
    import django

    django.setup()


def insert(model, rows: list[tuple], columns: list[str]) -> None:
    """Raw bulk insert: executemany on SQLite, COPY on PostgreSQL. Columns not
    given get the field's default, prepared once."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and f.attname not in columns)
    ]
    extra, extra_values = [], []
    for field in fields:
        if field.attname in columns:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = ""
        extra.append(field.column)
        extra_values.append(field.get_db_prep_save(value, connection))
    names = [
        f'"{name}"'
        for name in [model._meta.get_field(c).column for c in columns] + extra
    ]
    table = model._meta.db_table
    tail = tuple(extra_values)
    if connection.vendor == "postgresql":
        raw = connection.connection
        with raw.cursor() as cursor:
            with cursor.copy(f'COPY "{table}" ({", ".join(names)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row + tail)
        return
    sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join(["%s"] * len(names))})'
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            cursor.executemany(
                sql, [row + tail for row in rows[start : start + 50_000]]
            )


def populate(n_entities: int) -> None:
    from django.db import transaction

    from teixit.entities.models import Entity
    from teixit.network.models import Member
    from teixit.territories.models import Comarca, Municipality, Population, Province
    from teixit.vocabulary.models import Concept, ConceptScheme

    rng = random.Random(SEED)
    with transaction.atomic():
        insert(
            Province,
            [(i, f"0{i}", f"Província {i}") for i in range(1, 5)],
            ["id", "code", "name"],
        )
        insert(
            Comarca,
            [(i, f"{i:02d}", f"Comarca {i}", 1 + i % 4) for i in range(1, 44)],
            ["id", "code", "name", "province_id"],
        )
        insert(
            Municipality,
            [
                (
                    i,
                    f"{800000 + i:06d}",
                    f"Municipi {i}",
                    1 + i % 43,
                    1 + (1 + i % 43) % 4,
                )
                for i in range(1, 948)
            ],
            ["id", "code", "name", "comarca_id", "province_id"],
        )
        sizes = {i: int(rng.paretovariate(0.9) * 300) for i in range(1, 948)}
        insert(
            Population,
            [(i, i, YEAR, sizes[i]) for i in range(1, 948)],
            ["id", "municipality_id", "year", "total"],
        )
        insert(ConceptScheme, [(1, "legal-forms"), (2, "sectors")], ["id", "code"])
        concepts = [(i, 1, f"lf{i}", i) for i in range(1, 9)] + [
            (i, 2, f"s{i}", i) for i in range(9, 24)
        ]
        insert(Concept, concepts, ["id", "scheme_id", "code", "order"])
        insert(
            Member,
            [(i, f"Ajuntament {i}", f"ajuntament-{i}", i * 15) for i in range(1, 61)],
            ["id", "name", "slug", "municipality_id"],
        )
        weights = [sizes[i] for i in range(1, 948)]
        municipality_ids = rng.choices(range(1, 948), weights=weights, k=n_entities)
        entities, sectors = [], []
        statuses = ["published"] * 9 + ["proposed"]
        for pk in range(1, n_entities + 1):
            workers = rng.randint(0, 40) if rng.random() < 0.8 else None
            women = (
                rng.randint(0, workers)
                if workers is not None and rng.random() < 0.9
                else None
            )
            entities.append(
                (
                    pk,
                    f"Entitat {pk}",
                    municipality_ids[pk - 1],
                    rng.choice(statuses),
                    rng.randint(1, 8) if rng.random() < 0.9 else None,
                    workers,
                    women,
                    rng.randint(2010, 2022) if rng.random() < 0.3 else None,
                    rng.randint(1980, 2022) if rng.random() < 0.95 else None,
                )
            )
            for concept_id in rng.sample(range(9, 24), rng.randint(1, 2)):
                sectors.append((pk, concept_id))
        insert(
            Entity,
            entities,
            [
                "id",
                "name",
                "municipality_id",
                "status",
                "legal_form_id",
                "workers_total",
                "workers_women",
                "social_balance_year",
                "year_founded",
            ],
        )
        del entities
        insert(Entity.sectors.through, sectors, ["entity_id", "concept_id"])
    from django.db import connection

    with connection.cursor() as cursor:
        # On PostgreSQL also VACUUM, as autovacuum would have done on a live
        # database: it sets the visibility map that index-only scans need.
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )


def calibration() -> float:
    """Seconds for a fixed pure-Python loop: shows how loaded the machine is."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def naive(year: int) -> dict:
    """The baseline: seven queries per municipality."""
    from django.db.models import Count, Q, Sum

    from teixit.entities.models import Entity
    from teixit.territories.models import Municipality, Population

    out = {}
    for municipality in Municipality.objects.all():
        population = (
            Population.objects.filter(municipality=municipality, year__lte=year)
            .order_by("-year")
            .first()
        )
        if population is None:
            continue
        qs = Entity.objects.filter(
            municipality=municipality, status=Entity.Status.PUBLISHED
        )
        n = qs.count()
        jobs = qs.aggregate(s=Sum("workers_total"))["s"] or 0
        both = qs.filter(
            workers_total__isnull=False, workers_women__isnull=False
        ).aggregate(t=Sum("workers_total"), w=Sum("workers_women"))
        social = qs.filter(
            Q(social_balance_year__isnull=False, social_balance_year__lte=year)
        ).count()
        created = qs.filter(year_founded=year).count()
        forms = dict(
            qs.filter(legal_form__isnull=False)
            .values_list("legal_form__code")
            .annotate(c=Count("id"))
        )
        sectors = dict(
            qs.values_list("sectors__code")
            .annotate(c=Count("id"))
            .exclude(sectors__code=None)
        )
        out[municipality.code] = {
            "entities_total": n,
            "entities_per_10k": n / population.total * 10000,
            "sse_jobs": jobs,
            "women_jobs_share": (both["w"] / both["t"] * 100) if both["t"] else None,
            "social_balance_share": (social / n * 100) if n else None,
            "entities_created": created,
            "forms": forms,
            "sectors": sectors,
        }
    return out


def check_same(rows, baseline: dict) -> int:
    checked = 0
    by_key = {}
    for r in rows:
        if r.territory_type == "municipality":
            by_key[(r.indicator, r.breakdown, r.territory_code)] = r.value
    for code, facts in baseline.items():
        for indicator in (
            "entities_total",
            "entities_per_10k",
            "sse_jobs",
            "women_jobs_share",
            "social_balance_share",
            "entities_created",
        ):
            expected = facts[indicator]
            got = by_key.get((indicator, "", code))
            if expected is None:
                assert got is None, (indicator, code, got)
            else:
                assert got is not None and abs(got - expected) < 1e-6 * max(
                    1, abs(expected)
                ), (indicator, code, got, expected)
            checked += 1
        for breakdown, count in facts["forms"].items():
            assert by_key[("entities_by_legal_form", breakdown, code)] == count
            checked += 1
        for breakdown, count in facts["sectors"].items():
            assert by_key[("entities_by_sector", breakdown, code)] == count
            checked += 1
    return checked


def threads_comparison() -> tuple[list[float], list[float]]:
    """Wall times of the register queries (`_register_base` and
    `_register_sectors`) run one after the other, and in two threads each on
    its own connection (the approach measured slower and not kept)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from teixit.diagnosis.indicators import _register_base, _register_sectors
    from teixit.vocabulary.models import Concept

    sectors = dict(
        Concept.objects.filter(scheme__code="sectors").values_list("pk", "code")
    )
    functions = (lambda: _register_base(YEAR), lambda: _register_sectors(sectors))

    def call(fn):
        try:
            return fn()
        finally:
            connections.close_all()

    sequential, threaded = [], []
    for _ in range(3):
        started = time.perf_counter()
        for fn in functions:
            fn()
        sequential.append(time.perf_counter() - started)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(call, functions))
        threaded.append(time.perf_counter() - started)
    return sequential, threaded


def run(label: str, n_entities: int, with_naive: bool = True) -> dict:
    from django.core.management import call_command

    from teixit.diagnosis.indicators import compute_register
    from teixit.diagnosis.services import indicator_snapshot_take

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    populate(n_entities)
    print(
        f"[{label}] setup: {time.perf_counter() - started:.1f} s ({n_entities:,} entities)"
    )
    compute_register(YEAR)  # warm the caches, as a running server would be
    timings, cpu = [], []
    for _ in range(3):
        started, cpu_started = time.perf_counter(), time.process_time()
        rows = compute_register(YEAR)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    grouped = min(timings)
    # The alternative kept out: the two register queries in two threads, each
    # on its own connection, against the same two one after the other.
    sequential, threaded = threads_comparison()
    started = time.perf_counter()
    written = indicator_snapshot_take(year=YEAR, sources=("register",))
    snapshot = time.perf_counter() - started
    municipalities = len(
        {r.territory_code for r in rows if r.territory_type == "municipality"}
    )
    print(
        f"[{label}] grouped: {grouped:.3f} s for {len(rows):,} values of {municipalities} municipalities (best of 3: {', '.join(f'{t:.3f}' for t in timings)})"
    )
    print(
        f"[{label}] the two register queries, one after the other: "
        f"{', '.join(f'{t:.3f}' for t in sequential)} s; in two threads: "
        f"{', '.join(f'{t:.3f}' for t in threaded)} s"
    )
    print(f"[{label}] snapshot (compute + store {written:,} rows): {snapshot:.3f} s")
    print(
        f"[{label}] machine: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
        f"process CPU time of the grouped runs {', '.join(f'{t:.3f}' for t in cpu)} s; "
        f"calibration loop {calibration():.3f} s (about 0.45 s on an idle core)"
    )
    result = {"grouped": grouped, "snapshot": snapshot}
    if with_naive:
        started = time.perf_counter()
        baseline = naive(YEAR)
        result["naive"] = time.perf_counter() - started
        checked = check_same(rows, baseline)
        print(
            f"[{label}] naive per-municipality loop: {result['naive']:.2f} s; same values ({checked:,} compared)"
        )
        print(f"[{label}] ratio naive / grouped: {result['naive'] / grouped:.1f}×")
    return result


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(
            PG_SERVER + "postgres", connect_timeout=3, autocommit=True
        ) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        return True
    except Exception as exc:  # noqa: BLE001
        print(f"[postgresql] not reachable ({exc.__class__.__name__}): skipped")
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgresql"],
        default=None,
        help=argparse.SUPPRESS,
    )
    args = parser.parse_args()

    if args.backend == "postgresql":
        setup_django(PG_SERVER + PG_DB)
        result = run("postgresql", args.entities, with_naive=True)
        return 0 if result else 1

    for suffix in ("", "-wal", "-shm"):
        Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
    setup_django(f"sqlite:///{SQLITE_PATH}")
    result = run("sqlite", args.entities)
    ok = result["grouped"] <= 2.0
    print(
        f"[sqlite] target grouped ≤ 2 s: {'met' if ok else 'NOT met'} ({result['grouped']:.3f} s)"
    )
    for suffix in ("", "-wal", "-shm"):
        Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)

    if not args.no_postgres and postgres_available():
        # A separate process: Django's settings are bound to one database.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--backend",
                "postgresql",
                "--entities",
                str(args.entities),
            ],
            check=False,
        )
        try:
            import psycopg

            with psycopg.connect(
                PG_SERVER + "postgres", connect_timeout=3, autocommit=True
            ) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        except Exception:  # noqa: BLE001
            pass
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
