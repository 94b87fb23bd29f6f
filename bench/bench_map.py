"""Benchmark of the public map endpoint (GET /api/v1/map/) on a million entities.

What it does
  1. builds a fresh database (SQLite file under /tmp by default; any DATABASE_URL
     with --database-url, e.g. PostgreSQL) and migrates it;
  2. loads the 947 municipalities of Catalonia with `manage.py import_territories`
     from ../shared/data/catalonia when present (synthetic centroids otherwise);
  3. inserts N published entities (default 1,000,000; fixed seed 20190101) with
     raw executemany: municipalities drawn in proportion to population, 90 % with
     coordinates jittered around the centroid (sigma ~ 0.35 * sqrt(area)), 10 %
     without (they sit at the centroid); each with a legal form, 1-2 of 12
     sectors and 0-2 SSE criteria;
  4. builds the map aggregates (`teixit.maps.services.map_cells_rebuild`);
  5. times the endpoint through Django's test Client (whole request: middleware,
     validation, query, JSON) for 1024 x 768 px viewports centred on random
     entities: all of Catalonia at zoom 7, comarques at 10, cities at 13,
     streets at 16 (and 18, points path, for information), without and with a
     sector filter; and the baseline, a plain SQL GROUP BY of the viewport's
     published entities into 64 px cells computed on the fly.

Targets (issue 4, item 8): every view answers in <= 50 ms at the 95th
percentile on SQLite, and for the wide views (zoom 7 and 10) at least 10 times
faster than the baseline measured in the same run. Prints PASS/FAIL; asserts
nothing.

    .venv/bin/python bench/bench_map.py                      # SQLite, 1,000,000
    .venv/bin/python bench/bench_map.py --entities 100000    # quicker
    .venv/bin/python bench/bench_map.py --keep-db; .venv/bin/python bench/bench_map.py --reuse
    .venv/bin/python bench/bench_map.py --database-url postgres://postgres@127.0.0.1:5432/teixit_bench_map
"""

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "/tmp/teixit_bench_map.sqlite3"
SEED = 20190101
VIEWPORT = (1024, 768)
SAMPLES = 40
BASELINE_SAMPLES = 3  # per view; the plain GROUP BY takes seconds


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "False"  # no query log
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    # Static files are not what is measured (no collectstatic here).
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()


def fresh_database(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        path = Path(database_url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        base, name = database_url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')


def step(label: str):
    class Step:
        def __enter__(self):
            print(f"  {label}…", end="", flush=True)
            self.started = time.perf_counter()
            return self

        def __exit__(self, *exc):
            self.seconds = time.perf_counter() - self.started
            print(f" {self.seconds:.1f} s", flush=True)

    return Step()


def load_territories() -> str:
    from django.core.management import call_command

    from teixit.territories.models import Comarca, Municipality, Population, Province

    data = ROOT.parent / "shared" / "data" / "catalonia"
    geojson = data / "municipis-icgc-2026.geojson"
    population = data / "poblacio-municipis-idescat-2019-2020.csv"
    if geojson.exists() and population.exists():
        try:
            call_command(
                "import_territories",
                "--geojson",
                str(geojson),
                "--population",
                str(population),
                verbosity=0,
            )
            if Municipality.objects.filter(latitude__isnull=False).count() >= 900:
                return "real (import_territories)"
        except Exception as exc:  # noqa: BLE001 - fall back to synthetic data
            print(f"  import_territories failed ({exc}); synthetic centroids instead")
    rnd = random.Random(SEED)
    province = Province.objects.create(code="08", name="Barcelona")
    comarques = [
        Comarca.objects.create(code=f"{i:02d}", name=f"Comarca {i}", province=province)
        for i in range(1, 43)
    ]
    for i in range(947):
        m = Municipality.objects.create(
            code=f"9{i:05d}",
            name=f"Municipi {i}",
            comarca=comarques[i % 42],
            province=province,
            latitude=rnd.uniform(40.6, 42.8),
            longitude=rnd.uniform(0.3, 3.2),
            area_km2=rnd.uniform(5, 100),
        )
        Population.objects.create(
            municipality=m, year=2020, total=int(rnd.paretovariate(1.2) * 300)
        )
    return "synthetic centroids"


def make_vocabulary() -> dict:
    from teixit.vocabulary.models import Concept, ConceptScheme

    out = {}
    for scheme, n in (("sectors", 12), ("legal-forms", 6), ("sse-principles", 5)):
        s = ConceptScheme.objects.create(code=scheme, label_ca=scheme)
        out[scheme] = [
            Concept.objects.create(
                scheme=s, code=f"{scheme}-{i}", label_ca=f"{scheme} {i}", order=i
            ).pk
            for i in range(n)
        ]
    return out


def insert_entities(n: int, vocabulary: dict) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from teixit.entities.models import Entity
    from teixit.territories.models import Municipality

    rnd = random.Random(SEED)
    towns = list(
        Municipality.objects.filter(latitude__isnull=False).values_list(
            "pk", "latitude", "longitude", "area_km2"
        )
    )
    population = dict(
        Municipality.objects.filter(populations__isnull=False)
        .order_by("pk", "populations__year")
        .values_list("pk", "populations__total")
    )
    weights = [max(population.get(pk, 0), 1) for pk, *_ in towns]

    # One row template from the model's own defaults, so the insert follows
    # whatever fields the register has.
    template = Entity(
        name="x", municipality_id=towns[0][0], status=Entity.Status.PUBLISHED
    )
    now = timezone.now()
    fields = [f for f in Entity._meta.concrete_fields if not f.primary_key]
    varying = {
        "name",
        "latitude",
        "longitude",
        "location_approximate",
        "legal_form",
        "municipality",
        "status",
    }
    base = {}
    for f in fields:
        if f.name in varying:
            continue
        value = getattr(template, f.attname)
        if f.name in ("created_at", "updated_at"):
            value = now
        base[f.attname] = f.get_db_prep_save(value, connection)
    columns = [f.column for f in fields]
    table = Entity._meta.db_table
    placeholders = ", ".join(["%s"] * (len(columns) + 1))
    insert = f"INSERT INTO {table} (id, {', '.join(columns)}) VALUES ({placeholders})"
    sectors_table = Entity.sectors.through._meta.db_table
    criteria_table = Entity.criteria.through._meta.db_table
    sector_ids, legal_ids, criterion_ids = (
        vocabulary["sectors"],
        vocabulary["legal-forms"],
        vocabulary["sse-principles"],
    )
    picks = rnd.choices(range(len(towns)), weights=weights, k=n)
    batch, sector_rows, criterion_rows = [], [], []

    def flush(cursor):
        cursor.executemany(insert, batch)
        cursor.executemany(
            f"INSERT INTO {sectors_table} (entity_id, concept_id) VALUES (%s, %s)",
            sector_rows,
        )
        if criterion_rows:
            cursor.executemany(
                f"INSERT INTO {criteria_table} (entity_id, concept_id) VALUES (%s, %s)",
                criterion_rows,
            )
        batch.clear()
        sector_rows.clear()
        criterion_rows.clear()

    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(n):
            pk = i + 1
            town, tlat, tlon, area = towns[picks[i]]
            if rnd.random() < 0.9:
                sigma = 0.35 * math.sqrt(float(area or 10)) / 111.0
                lat = tlat + rnd.gauss(0, sigma)
                lon = tlon + rnd.gauss(0, sigma / math.cos(math.radians(tlat)))
                approximate = False
            else:
                lat = lon = None
                approximate = True
            values = dict(base)
            values.update(
                {
                    "name": f"Entitat {pk}",
                    "latitude": lat,
                    "longitude": lon,
                    "location_approximate": approximate,
                    "legal_form_id": rnd.choice(legal_ids),
                    "municipality_id": town,
                    "status": "published",
                }
            )
            if "name_key" in values:
                values["name_key"] = f"entitat {pk}"
            batch.append([pk] + [values[f.attname] for f in fields])
            for sector in rnd.sample(sector_ids, 1 if rnd.random() < 0.6 else 2):
                sector_rows.append((pk, sector))
            for criterion in rnd.sample(criterion_ids, rnd.choice((0, 1, 2))):
                criterion_rows.append((pk, criterion))
            if len(batch) >= 20000:
                flush(cursor)
        if batch:
            flush(cursor)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {n})"
            )
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def viewport(lat: float, lon: float, zoom: int) -> tuple[float, float, float, float]:
    from teixit.maps import geo

    size = 256 * 2**zoom
    x, y = geo.lon_to_x(lon) * size, geo.lat_to_y(lat) * size
    w, h = VIEWPORT
    west, east = geo.x_to_lon((x - w / 2) / size), geo.x_to_lon((x + w / 2) / size)
    north, south = geo.y_to_lat((y - h / 2) / size), geo.y_to_lat((y + h / 2) / size)
    return west, south, east, north


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def baseline(bbox, sector_id) -> float:
    """Plain SQL: the viewport's published entities grouped into 64 px cells."""
    from django.db import connection

    from teixit.entities.models import Entity

    west, south, east, north = bbox
    cw, ch = (east - west) / (VIEWPORT[0] / 64), (north - south) / (VIEWPORT[1] / 64)
    table = Entity._meta.db_table
    lat = "COALESCE(e.latitude, m.latitude)"
    lon = "COALESCE(e.longitude, m.longitude)"
    join = ""
    params = []
    if sector_id:
        join = f"JOIN {Entity.sectors.through._meta.db_table} s ON s.entity_id = e.id AND s.concept_id = %s"
        params.append(sector_id)
    sql = (
        f"SELECT CAST(({lon} - %s) / %s AS INTEGER) AS cx, CAST(({lat} - %s) / %s AS INTEGER) AS cy, "
        f"COUNT(*), AVG({lat}), AVG({lon}) FROM {table} e JOIN territories_municipality m ON m.id = e.municipality_id "
        f"{join} WHERE e.status = 'published' AND {lat} BETWEEN %s AND %s AND {lon} BETWEEN %s AND %s "
        f"GROUP BY 1, 2"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [west, cw, south, ch, *params, south, north, west, east])
        cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=f"sqlite:///{DEFAULT_DB}")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database of a previous --keep-db run",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="do not delete the database at the end"
    )
    args = parser.parse_args()

    if not args.reuse:
        fresh_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from teixit.maps.models import MapPoint
    from teixit.maps.services import map_cells_rebuild
    from teixit.vocabulary.models import Concept

    print(
        f"Map benchmark: {args.entities:,} entities on {connection.vendor} ({args.database_url})"
    )
    if not args.reuse:
        with step("migrate"):
            call_command("migrate", verbosity=0)
        with step("territories"):
            source = load_territories()
        print(f"    territories: {source}")
        vocabulary = make_vocabulary()
        with step(f"insert {args.entities:,} entities (raw executemany)") as s:
            insert_entities(args.entities, vocabulary)
        print(f"    {args.entities / s.seconds:,.0f} rows/s")
        with step("map_cells_rebuild()") as s:
            result = map_cells_rebuild()
        print(f"    {result['points']:,} points, {result['cells']:,} cells")
    sectors = list(
        Concept.objects.filter(scheme__code="sectors").values_list("pk", "code")
    )

    rnd = random.Random(SEED + 1)
    total = MapPoint.objects.count()
    ids = rnd.sample(range(1, total + 1), 400)
    centres = list(
        MapPoint.objects.filter(entity_id__in=ids).values_list("latitude", "longitude")
    )
    client = Client()
    # Warm-up: the first requests of a process load translation catalogues,
    # URL resolvers and database pages; they are not what is measured.
    for zoom in (7, 10, 13, 16, 18):
        for lat, lon in centres[:5]:
            bbox = viewport(lat, lon, zoom)
            client.get(
                "/api/v1/map/",
                {"bbox": ",".join(f"{v:.6f}" for v in bbox), "zoom": zoom},
            )
    views = [
        ("Catalonia", 7),
        ("comarca", 10),
        ("city", 13),
        ("street", 16),
        ("building*", 18),
    ]
    rows = []
    all_pass = True
    for label, zoom in views:
        for with_sector in (False, True):
            timings, cpu, baseline_views, sizes, sources = [], [], [], [], set()
            for i in range(SAMPLES):
                if zoom == 7:
                    lat, lon = (
                        41.7 + rnd.uniform(-0.3, 0.3),
                        1.75 + rnd.uniform(-0.4, 0.4),
                    )
                else:
                    lat, lon = centres[rnd.randrange(len(centres))]
                bbox = viewport(lat, lon, zoom)
                params = {"bbox": ",".join(f"{v:.6f}" for v in bbox), "zoom": zoom}
                sector_id = None
                if with_sector:
                    sector_id, params["sector"] = sectors[rnd.randrange(len(sectors))]
                if i == 0:
                    client.get("/api/v1/map/", params)  # warm-up
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get("/api/v1/map/", params)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                assert response.status_code == 200, response.content[:300]
                data = json.loads(response.content)
                sizes.append(len(data["features"]))
                sources.add(data["source"])
                if i < BASELINE_SAMPLES:
                    baseline_views.append((bbox, sector_id))
            # The baselines run after the endpoint's samples: their full scans
            # would otherwise evict the aggregate's pages from SQLite's cache.
            base_timings = [
                baseline(bbox, sector_id) for bbox, sector_id in baseline_views
            ]
            p50, p95 = statistics.median(timings), percentile(timings, 0.95)
            cpu95 = percentile(cpu, 0.95)
            b50 = statistics.median(base_timings)
            ratio = b50 / p50
            wide = zoom <= 10
            ok = p95 <= 50 and (ratio >= 10 or not wide)
            if zoom <= 16:
                all_pass &= ok
            rows.append(
                (
                    label,
                    zoom,
                    "sector" if with_sector else "-",
                    p50,
                    p95,
                    cpu95,
                    b50,
                    ratio,
                    max(sizes),
                    "/".join(sorted(sources)),
                    ok,
                    wide,
                )
            )

    print()
    print(
        f"{'view':<10} {'zoom':>4} {'filter':<7} {'p50 ms':>7} {'p95 ms':>7} {'cpu p95':>7} {'GROUP BY ms':>12} {'speed-up':>9} {'features':>8}  {'source':<9} result"
    )
    for label, zoom, filt, p50, p95, cpu95, b50, ratio, size, source, ok, wide in rows:
        target = "PASS" if ok else "FAIL"
        if zoom > 16:
            target += " (info)"
        elif not wide:
            target += " (p95 only)"
        print(
            f"{label:<10} {zoom:>4} {filt:<7} {p50:>7.1f} {p95:>7.1f} {cpu95:>7.1f} {b50:>12.1f} {ratio:>8.0f}x {size:>8}  {source:<9} {target}"
        )
    print()
    print(
        "Targets: p95 <= 50 ms for every view (zoom 7-16); >= 10x the plain GROUP BY for zoom 7 and 10."
    )
    print("OVERALL:", "PASS" if all_pass else "FAIL")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0
    print(
        f"Load average during the run: {load:.1f} on {os.cpu_count()} CPUs (cpu p95 = CPU time of this process)."
    )
    if connection.vendor == "sqlite":
        path = Path(args.database_url.split("sqlite:///", 1)[1])
        print(f"Database file: {path.stat().st_size / 1e6:,.0f} MB")
    connection.close()
    if not args.keep_db:
        if args.database_url.startswith("sqlite"):
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        else:
            import psycopg

            base, name = args.database_url.rsplit("/", 1)
            with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        print("Database removed (--keep-db keeps it, --reuse measures it again).")


if __name__ == "__main__":
    main()
