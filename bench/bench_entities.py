"""Benchmark of the entity register's import and export.

What it measures (fixed random seed, real municipality centroids of Catalonia
from ../shared/data when present, synthetic ones otherwise):

1. import of 100,000 CSV rows WITH validation (tax ID check digit, postcode,
   municipality matching by name and code, concepts, numbers, e-mail, URL),
   duplicate look-ups and full change history (one history row per entity, plus
   its m2m snapshot), on SQLite — target: 20,000 rows/s or more; printed beside
   the raw `sqlite3.executemany` rate of the same rows into a bare table (the
   ceiling), the same import in one process (large files are otherwise read
   and validated by a second process while the first writes), without history
   rows (the cost of history), and the time of the map's rebuild that the
   import queues as a background task;
2. import and export (CSV, GeoJSON) of 1,000,000 rows, each in a subprocess,
   with its own peak memory (VmHWM, ru_maxrss where /proc is absent), and the
   peak of the import's reading process — target: under 300 MB.

Run: .venv/bin/python bench/bench_entities.py [--rows 100000] [--million 1000000] [--skip-million]
     [--postgres postgres://postgres@127.0.0.1:5432/postgres]  (the import on PostgreSQL too)
It uses its own SQLite file under /tmp and never touches db.sqlite3.
"""

import argparse
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.gettempdir()) / "teixit_bench_entities.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
# `--postgres URL` runs the 100,000-row import again in a child process with
# BENCH_DATABASE_URL set to a scratch database it creates beside URL's.
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_DEBUG", "False")

SECTORS = [
    "alimentacio",
    "habitatge",
    "energia",
    "educacio",
    "cultura-lleure",
    "finances",
]
DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def _nif(rng: random.Random) -> str:
    number = rng.randint(0, 99_999_999)
    return f"{number:08d}{DNI[number % 23]}"


def setup_database() -> None:
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_vocabulary", "--default", verbosity=0)
    load_municipalities()


def load_municipalities() -> None:
    from teixit.core.shared_data import shared_data_file
    from teixit.territories.models import Comarca, Municipality

    path = shared_data_file("catalonia", "municipis-icgc-2026.geojson")
    rows = []
    comarques = {}
    if path:
        for feature in json.loads(Path(path).read_text(encoding="utf-8"))["features"]:
            p = feature["properties"]
            ring = feature["geometry"]["coordinates"][0][0]
            comarca = (
                comarques.get(p["CODICOMAR"])
                or Comarca.objects.get_or_create(
                    code=p["CODICOMAR"], defaults={"name": p["NOMCOMAR"]}
                )[0]
            )
            comarques[p["CODICOMAR"]] = comarca
            rows.append(
                Municipality(
                    code=p["CODIMUNI"], ine_code=p["CODIMUNI"][:5], name=p["NOMMUNI"], comarca=comarca,
                    longitude=sum(c[0] for c in ring) / len(ring), latitude=sum(c[1] for c in ring) / len(ring),
                )
            )  # fmt: skip
    else:  # synthetic territory when the public data is absent
        comarca = Comarca.objects.create(code="99", name="Synthetic")
        rows = [
            Municipality(
                code=f"9{n:05d}",
                name=f"Municipi {n}",
                comarca=comarca,
                latitude=41 + n / 1000,
                longitude=1 + n / 1000,
            )
            for n in range(947)
        ]
    Municipality.objects.bulk_create(rows)


def write_csv(path: Path, count: int, seed: int = 2017) -> None:
    from teixit.territories.models import Municipality

    rng = random.Random(seed)
    places = list(
        Municipality.objects.values_list("code", "name", "latitude", "longitude")
    )
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "id",
                "nom",
                "municipi",
                "cp",
                "nif",
                "lat",
                "lon",
                "sectors",
                "email",
                "web",
                "treballadores",
            ]
        )
        for n in range(count):
            code, name, lat, lon = places[rng.randrange(len(places))]
            writer.writerow(
                [
                    f"b{n}", f"Entitat {n} {rng.choice(['Coop', 'Associació', 'Fundació'])}",
                    name.upper() if n % 3 == 0 else (code if n % 3 == 1 else name),
                    f"{code[:2] if code < '53' else '08'}{rng.randint(0, 999):03d}", _nif(rng) if n % 4 == 0 else "",
                    f"{lat + rng.uniform(-0.01, 0.01):.5f}".replace(".", ","), f"{lon + rng.uniform(-0.01, 0.01):.5f}".replace(".", ","),
                    "|".join(rng.sample(SECTORS, 2)) if n % 2 == 0 else "", f"hola{n}@example.org",
                    f"https://e{n}.example.org", rng.randint(1, 50),
                ]
            )  # fmt: skip


MAPPING = {
    "columns": {
        "name": "nom", "municipality": "municipi", "postcode": "cp", "tax_id": "nif", "latitude": "lat",
        "longitude": "lon", "sectors": "sectors", "email": "email", "website": "web", "workers_total": "treballadores",
    },
    "key": "id",
}  # fmt: skip


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the import's
    reading process)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed_import(path: Path, source: str, **options) -> tuple[float, dict]:
    from teixit.entities.importing import EntityImport

    started, cpu = time.perf_counter(), _cpu()
    report = EntityImport(path=path, mapping=MAPPING, source=source, **options).run()
    elapsed = time.perf_counter() - started
    CPU_SECONDS.setdefault(source, _cpu() - cpu)  # the first run
    assert not report.refused, report.message
    return elapsed, report.counts


def secretariat_member():
    """A person seated in the secretariat (not a superuser), made once."""
    from teixit.accounts.models import User
    from teixit.network.models import Body, BodyMembership

    body, _created = Body.objects.get_or_create(
        slug="bench-secretariat",
        defaults={"name": "Bench secretariat", "kind": Body.Kind.SECRETARIAT},
    )
    user, _created = User.objects.get_or_create(email="bench-secretariat@example.org")
    BodyMembership.objects.get_or_create(body=body, user=user)
    return user


def clear_entities() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "entities_historicalentity_sectors",
            "entities_historicalentity",
            "entities_entity_sectors",
            "entities_entity",
            "maps_mapcell",
            "maps_mappoint",
            "django_tasks_database_dbtaskresult",
        ):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608


# CPU seconds of each timed import (the machine may be shared: wall-clock rates
# fall with the load, CPU-time rates much less).
CPU_SECONDS: dict[str, float] = {}


def raw_executemany(path: Path) -> float:
    """The ceiling: the same rows, already split, into a bare table, no checks."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        rows = [tuple(r) for r in reader]
    target = Path(tempfile.gettempdir()) / "teixit_bench_raw.sqlite3"
    target.unlink(missing_ok=True)
    connection = sqlite3.connect(target)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE entity (id INTEGER PRIMARY KEY, key TEXT, name TEXT, municipality TEXT, postcode TEXT,"
        " tax_id TEXT, lat TEXT, lon TEXT, sectors TEXT, email TEXT, web TEXT, workers TEXT)"
    )
    started = time.perf_counter()
    with connection:
        connection.executemany(
            "INSERT INTO entity (key, name, municipality, postcode, tax_id, lat, lon, sectors, email, web, workers) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    elapsed = time.perf_counter() - started
    connection.close()
    target.unlink(missing_ok=True)
    return len(rows) / elapsed


CHILD = r"""
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["DATABASE_URL"] = {url!r}
import django
django.setup()
# The import's reading process is forked from this one and shares its pages
# until either writes them: what it adds is its private memory, sampled here.
import threading
reader_private = [0.0]
def sample():
    while True:
        try:
            with open(f"/proc/{{os.getpid()}}/task/{{os.getpid()}}/children") as f:
                pids = f.read().split()
        except OSError:
            return
        for pid in pids:
            try:
                with open(f"/proc/{{pid}}/smaps_rollup") as f:
                    private = sum(int(l.split()[1]) for l in f if l.startswith(("Private_Clean:", "Private_Dirty:")))
                reader_private[0] = max(reader_private[0], private / 1024)
            except (OSError, ValueError):
                pass
        time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()
started = time.perf_counter()
if {what!r} == "import":
    from teixit.entities.importing import EntityImport
    report = EntityImport(path={path!r}, mapping={mapping!r}, source="million").run()
    assert not report.refused, report.message
    count = report.counts["created"] + report.counts["updated"]
else:
    from teixit.entities.exporting import EXPORTERS
    from teixit.entities.selectors import entity_list_public
    count = 0
    with open({path!r}, "w", encoding="utf-8") as out:
        for chunk in EXPORTERS[{what!r}](entity_list_public()):
            out.write(chunk)
    count = entity_list_public().count()
elapsed = time.perf_counter() - started
# VmHWM is this process's own peak; ru_maxrss would carry the parent's peak
# across fork+exec.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
except OSError:
    pass
print(count, elapsed, peak, reader_private[0])
"""


def in_subprocess(what: str, path: Path) -> tuple[int, float, float]:
    code = CHILD.format(
        root=str(ROOT),
        url=os.environ["DATABASE_URL"],
        what=what,
        path=str(path),
        mapping=MAPPING,
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    count, elapsed, peak, reader = output.split()[-4:]
    return int(count), float(elapsed), float(peak), float(reader)


def postgres_rate(url: str, path: Path) -> float:
    """The 100,000-row import timed on a scratch PostgreSQL database."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    name = "teixit_bench_entities"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        output = subprocess.run(
            [sys.executable, __file__, "--import-only", str(path)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "BENCH_DATABASE_URL": f"{base}/{name}"},
        ).stdout
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
    created, elapsed = output.split()[-2:]
    return int(created) / float(elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--million", type=int, default=1_000_000)
    parser.add_argument("--skip-million", action="store_true")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also time the import on PostgreSQL (a scratch database beside URL's, dropped after)",
    )
    parser.add_argument("--import-only", metavar="CSV", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_only:  # the child of --postgres
        setup_database()
        elapsed, counts = timed_import(Path(args.import_only), "bench")
        print(counts["created"], elapsed)
        return

    setup_database()
    from django.db import connection

    from teixit.entities.models import Entity

    work = Path(tempfile.mkdtemp(prefix="teixit-bench-"))
    small = work / "entities.csv"
    write_csv(small, args.rows)
    raw_rate = raw_executemany(small)

    elapsed, counts = timed_import(small, "bench")
    rate = args.rows / elapsed
    history_rows = Entity.history.count()
    from teixit.maps.services import map_cells_rebuild

    started = time.perf_counter()
    map_cells_rebuild()  # what the background task queued by the import does
    map_seconds = time.perf_counter() - started
    elapsed_again, counts_again = timed_import(
        small, "bench"
    )  # re-import: every row unchanged
    clear_entities()
    elapsed_one, _ = timed_import(small, "bench-one-process", parallel=False)
    rate_one = args.rows / elapsed_one
    clear_entities()
    elapsed_nohist, _ = timed_import(small, "bench-nohistory", with_history=False)
    rate_nohist = args.rows / elapsed_nohist
    clear_entities()
    # The upload page runs imports on behalf of a person: every row is checked
    # with the entity permission rule (once per municipality); the secretariat's
    # run must cost what an operator's does.
    elapsed_secretariat, _ = timed_import(
        small, "bench-secretariat", user=secretariat_member()
    )
    rate_secretariat = args.rows / elapsed_secretariat
    # The sizes people import (issue 11.10): 5,000 rows, the map brought up to
    # date as the import commits (a rebuild above maps.services.SYNC_MANY_LIMIT).
    clear_entities()
    five = work / "entities-5000.csv"
    write_csv(five, 5_000)
    elapsed_five, _ = timed_import(five, "bench-5000")
    rate_five = 5_000 / elapsed_five

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    print(
        f"Import of {args.rows:,} CSV rows with validation (SQLite; load average {load[0]:.2f} on {os.cpu_count()} CPUs):"
    )
    print(
        f"  with full history       {rate:>10,.0f} rows/s  ({elapsed:.1f} s; {counts['created']:,} created, {history_rows:,} history rows)  target ≥ 20,000 rows/s: {'OK' if rate >= 20_000 else 'MISSED'}"
    )
    print(
        f"                          {args.rows / CPU_SECONDS['bench']:>10,.0f} rows per CPU second (both processes: the file is read and validated in a second one)"
    )
    print(
        f"  the same in one process {rate_one:>10,.0f} rows/s  (TEIXIT_ENTITIES_IMPORT_PROCESSES=1)  target ≥ 20,000 rows/s: {'OK' if rate_one >= 20_000 else 'MISSED'}"
    )
    print(
        f"  without history rows    {rate_nohist:>10,.0f} rows/s  (history costs {100 * (1 - rate / rate_nohist):.0f}% of the rate)"
    )
    print(
        f"  as a secretariat member {rate_secretariat:>10,.0f} rows/s  ({args.rows / CPU_SECONDS['bench-secretariat']:,.0f} rows per CPU second; upload page: rows checked with the permission rule)"
    )
    print(
        f"  5,000 rows, map included{rate_five:>10,.0f} rows/s  ({5_000 / CPU_SECONDS['bench-5000']:,.0f} rows per CPU second)  target ≥ 10,000 rows/s: {'OK' if rate_five >= 10_000 else 'MISSED'}"
    )
    print(
        f"  re-import (all unchanged){args.rows / elapsed_again:>9,.0f} rows/s  ({counts_again['skipped']:,} skipped)"
    )
    print(
        f"  raw sqlite3 executemany {raw_rate:>10,.0f} rows/s  (ceiling, no validation: import runs at {rate / raw_rate:.2f}× of it)"
    )
    print(
        f"  then the map's rebuild  {map_seconds:>10.1f} s       (a background task queued by the import, not in its time)"
    )

    if args.postgres:
        rate_pg = postgres_rate(args.postgres, small)
        print(
            f"  on PostgreSQL           {rate_pg:>10,.0f} rows/s  (the same file and import; rows written with COPY; no target)"
        )
    if args.skip_million:
        return
    clear_entities()
    connection.close()
    big = work / "million.csv"
    write_csv(big, args.million, seed=7)
    print(f"\n{args.million:,} rows (each step in its own process; peak = its VmHWM):")
    count, elapsed, peak, reader = in_subprocess("import", big)
    print(
        f"  import      {count:>10,} rows  {count / elapsed:>8,.0f} rows/s  peak {peak:6.0f} MB  target < 300 MB: {'OK' if peak < 300 else 'MISSED'}"
    )
    print(
        f"              + its reading process's own memory {reader:4.0f} MB = {peak + reader:4.0f} MB in all  target < 300 MB: {'OK' if peak + reader < 300 else 'MISSED'}"
    )
    for fmt in ("csv", "geojson"):
        out = work / f"export.{fmt}"
        count, elapsed, peak, _reader = in_subprocess(fmt, out)
        size = out.stat().st_size / 1e6
        print(
            f"  export {fmt:<8}{count:>9,} rows  {count / elapsed:>8,.0f} rows/s  peak {peak:6.0f} MB  ({size:,.0f} MB file)  target < 300 MB: {'OK' if peak < 300 else 'MISSED'}"
        )
        out.unlink()
    big.unlink()


if __name__ == "__main__":
    main()
