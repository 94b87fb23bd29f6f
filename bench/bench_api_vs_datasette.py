#!/usr/bin/env python
"""The open-data API (GET /api/v1/entities/) against datasette on the same SQLite file.

Publishing the register with datasette is what a data person would do instead
of using Teixit's API; this script serves the same database with both and
sends them the same queries.

What it does, bounded and self-stopping, on the loopback interface only:
1. builds ONE temporary SQLite file under /tmp with N published entities
   (default 1,000,000; fixed seed) with bench/bench_map.py's builders: migrate,
   the 947 municipalities (real centroids from ../shared/data when present),
   12 sectors, entities drawn in proportion to population, 90 % with their own
   coordinates, 1-2 sectors each;
2. serves the file with datasette (`datasette serve -i`: immutable, as
   `datasette publish` does; sql_time_limit_ms raised to 120 s so that slow
   queries answer instead of timing out) and with Teixit (gunicorn, settings
   bench.settings_bench, DEBUG off);
3. checks, for every variant of every query (5 municipalities, 5 sectors, 5
   words, 5 boxes), that both return the same entity ids in the same order and
   the same total count; then, per query, sends R requests per server (default
   200) from C client threads (default 8; urllib, one connection per request
   for both servers), in --rounds alternating rounds (default 4: datasette then
   Teixit, then Teixit then datasette…), so that the other work of a shared
   machine, which comes and goes, falls on both; one server answers at a time
   while the other waits idle; each measurement after a warm-up and at most
   --max-seconds; every answer must be 200;
4. prints, per query, requests per second and p95 latency for both, the ratio
   Teixit / datasette, and each server's CPU time per request (user + system
   of its processes, from /proc: less moved by the machine's load than the
   requests per second); then Teixit with 2 workers for information; stops the
   servers and deletes the file (--keep-db keeps it; --reuse measures a kept
   file again).

The queries (a page of 100 published entities ordered by name, then id):
  municipality  Teixit ?municipality=<code>   datasette ?municipality_id=<id>
  sector        Teixit ?sector=<code>         datasette ?_where=id in (select entity_id
                                                 from entities_entity_sectors where concept_id=<id>)
  text          Teixit ?q=<word>              datasette ?_where=(name like '%w%' or description like '%w%')
                (Teixit's q is a case-insensitive LIKE on name and description on SQLite)
  bbox          Teixit ?bbox=W,S,E,N          datasette ?latitude__gte=S&latitude__lte=N&
                                                 longitude__gte=W&longitude__lte=E
  both with status=published, Teixit with limit=100, datasette with _size=100,
  _sort=name (datasette adds the primary key as tie-breaker), _shape=array.
Teixit answers more per item (municipality, comarca, legal form, sectors and
criteria as labels); datasette the table's columns (its page query plus its own
COUNT). Teixit's page is four small statements (the register stamp, the page's
ids, their columns, their sectors and criteria): its COUNT is kept per register
stamp (teixit/entities/database.py) and counted again only after a write.

Fair comparison: datasette is ONE process (asyncio, its SQL in a pool of 3
threads, the default); Teixit is measured with ONE gunicorn worker (one
process), which is the compared figure, and with 2 workers for information.
The worker is gunicorn's sync worker; `--threads N` (N > 1) makes it a gthread
worker with N threads, still one process, as datasette runs its SQL on 3.
Both read the same file with the same indexes on the same machine, with the
same client.

Baseline and target: datasette measured in the same run is the baseline;
Teixit with one worker must serve at least 2x datasette's requests per second
for every query. Prints PASS/FAIL per query and exits with status 1 on FAIL
(and on any answer that is not 200 or any difference in the ids).

    .venv/bin/python bench/bench_api_vs_datasette.py                     # 1,000,000
    .venv/bin/python bench/bench_api_vs_datasette.py --entities 100000   # quicker
    .venv/bin/python bench/bench_api_vs_datasette.py --keep-db; ... --reuse
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DB = "/tmp/teixit_bench_api.sqlite3"
SEED = 20190101
PAGE = 100
VARIANTS = 5
TARGET = 2.0

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_map  # noqa: E402 - its builders set the environment only when called


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, float, bytes]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, time.perf_counter() - started, body


def percentile(values: list[float], p: float) -> float:
    return bench_map.percentile(values, p) if values else float("nan")


def cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by the processes of a process group
    (a server and its workers), from /proc; NaN where /proc is not there."""
    total = 0.0
    try:
        pids = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return float("nan")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state, ppid, pgrp, …, utime (14th field), stime.
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(
    urls: list[str], requests: int, concurrency: int, max_seconds: float, group=None
):
    """`requests` GETs cycling through `urls` from `concurrency` threads, after
    a warm-up of each URL twice; stops early after `max_seconds`. With `group`
    (the server's process group), also the server's CPU time per request,
    which the load of other work on the machine moves less than the wall
    clock."""
    for url in urls * 2:
        fetch(url)
    cpu_before = cpu_seconds(group) if group else float("nan")
    lock = threading.Lock()
    state = {"next": 0}
    latencies: list[float] = []
    statuses: set[int] = set()
    deadline = time.perf_counter() + max_seconds

    def worker():
        while True:
            with lock:
                i = state["next"]
                if i >= requests or time.perf_counter() > deadline:
                    return
                state["next"] += 1
            status, latency, _ = fetch(urls[i % len(urls)])
            with lock:
                latencies.append(latency)
                statuses.add(status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    cpu = (cpu_seconds(group) if group else float("nan")) - cpu_before
    return {
        "latencies": latencies,
        "elapsed": elapsed,
        "cpu": cpu,
        "statuses": statuses,
    }


def summary(parts: list[dict]) -> dict:
    """One figure from several measurements of the same server and query:
    requests per second over their summed time, percentiles of all their
    latencies, CPU time per request."""
    latencies = [x for part in parts for x in part["latencies"]]
    n = len(latencies)
    return {
        "n": n,
        "rps": n / sum(part["elapsed"] for part in parts),
        "p50": percentile(latencies, 0.5) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "cpu_ms": sum(part["cpu"] for part in parts) * 1000 / max(n, 1),
        "statuses": set().union(*(part["statuses"] for part in parts)),
    }


class Server:
    def __init__(self, command: list[str], env: dict, probe: str, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{command[0]} stopped before answering")
            try:
                if fetch(self.base + probe)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"{command[0]} did not answer within 120 s")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def build(path: Path, entities: int) -> None:
    url = f"sqlite:///{path}"
    bench_map.fresh_database(url)
    bench_map.setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    print(f"Building {path} with {entities:,} entities")
    with bench_map.step("migrate"):
        call_command("migrate", verbosity=0)
    with bench_map.step("territories"):
        source = bench_map.load_territories()
    print(f"    territories: {source}")
    vocabulary = bench_map.make_vocabulary()
    with bench_map.step(f"insert {entities:,} entities"):
        bench_map.insert_entities(entities, vocabulary)
    # What the background task does after an import: index the text of the
    # entities written (teixit/entities/database.py).
    from teixit.entities.database import text_index_catch_up

    with bench_map.step("text index catch-up"):
        text_index_catch_up()
    connection.close()


def pick_queries(path: Path) -> dict[str, list[tuple[dict, dict]]]:
    """Per query, VARIANTS pairs of (Teixit params, datasette params)."""
    rnd = random.Random(SEED + 2)
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    common_t = {"limit": PAGE}
    common_d = {"status": "published", "_size": PAGE, "_sort": "name"}
    # The most populated municipalities: full pages and the costly COUNTs.
    towns = db.execute(
        "SELECT m.id, m.code FROM territories_municipality m JOIN entities_entity e "
        "ON e.municipality_id = m.id GROUP BY m.id ORDER BY COUNT(*) DESC LIMIT 20"
    ).fetchall()
    sectors = db.execute(
        "SELECT c.id, c.code FROM vocabulary_concept c JOIN vocabulary_conceptscheme s "
        "ON s.id = c.scheme_id WHERE s.code = 'sectors' ORDER BY c.id"
    ).fetchall()
    (total,) = db.execute("SELECT MAX(id) FROM entities_entity").fetchone()
    sample = ",".join(str(rnd.randint(1, total)) for _ in range(200))
    points = db.execute(
        "SELECT latitude, longitude FROM entities_entity WHERE latitude IS NOT NULL "
        f"AND id IN ({sample})"
    ).fetchall()
    db.close()
    through = "entities_entity_sectors"
    queries: dict[str, list[tuple[dict, dict]]] = {
        "municipality": [],
        "sector": [],
        "text": [],
        "bbox": [],
    }
    for pk, code in rnd.sample(towns, VARIANTS):
        queries["municipality"].append(
            ({**common_t, "municipality": code}, {**common_d, "municipality_id": pk})
        )
    for pk, code in rnd.sample(sectors, VARIANTS):
        queries["sector"].append(
            (
                {**common_t, "sector": code},
                {
                    **common_d,
                    "_where": f"id in (select entity_id from {through} where concept_id = {pk})",
                },
            )
        )
    for _ in range(VARIANTS):
        # "Entitat 1234" also matches 12340-12349, 123400-123499…
        word = f"Entitat {rnd.randint(100, 9999)}"
        like = word.replace("'", "''")
        queries["text"].append(
            (
                {**common_t, "q": word},
                {
                    **common_d,
                    "_where": f"(name like '%{like}%' or description like '%{like}%')",
                },
            )
        )
    for lat, lon in rnd.sample(points, VARIANTS):
        # A neighbourhood: about 3 x 2 km.
        west, east = f"{lon - 0.02:.5f}", f"{lon + 0.02:.5f}"
        south, north = f"{lat - 0.01:.5f}", f"{lat + 0.01:.5f}"
        queries["bbox"].append(
            (
                {**common_t, "bbox": f"{west},{south},{east},{north}"},
                {
                    **common_d,
                    "latitude__gte": south,
                    "latitude__lte": north,
                    "longitude__gte": west,
                    "longitude__lte": east,
                },
            )
        )
    return queries


def teixit_url(base: str, params: dict) -> str:
    return f"{base}/api/v1/entities/?{urllib.parse.urlencode(params)}"


def datasette_url(base: str, db_name: str, params: dict, shape="array") -> str:
    params = {**params, "_shape": shape} if shape else params
    return f"{base}/{db_name}/entities_entity.json?{urllib.parse.urlencode(params)}"


def answers(url: str) -> dict:
    status, _, body = fetch(url)
    if status != 200:
        raise SystemExit(f"{url} answered {status}: {body[:300]!r}")
    return json.loads(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument(
        "--requests", type=int, default=200, help="per query and server"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="alternating rounds of datasette and Teixit per query (--requests "
        "split between them)",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=60, help="cap of one measurement"
    )
    parser.add_argument("--db", default=DEFAULT_DB, help="the SQLite file to build")
    parser.add_argument("--reuse", action="store_true", help="measure a kept file")
    parser.add_argument("--keep-db", action="store_true", help="keep the file")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per Teixit worker (more than 1: gunicorn's gthread worker)",
    )
    args = parser.parse_args()

    path = Path(args.db)
    if not args.reuse:
        build(path, args.entities)
    elif not path.exists():
        raise SystemExit(f"{path} does not exist (build it with --keep-db first)")
    queries = pick_queries(path)
    print(f"Load average at the start: {os.getloadavg()[0]:.1f}")
    db_name = path.stem
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_DEBUG": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
    }
    datasette = shutil.which("datasette", path=str(BIN)) or "datasette"
    gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
    results: dict[str, dict[str, dict]] = {name: {} for name in queries}
    failures = []
    servers: list[Server] = []

    def teixit(workers: int) -> Server:
        port = free_port()
        server = Server(
            [
                gunicorn, "config.wsgi:application",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers),
                "--threads", str(args.threads),
                "--timeout", "300",
                "--log-level", "warning",
                "--chdir", str(ROOT),
            ],
            env, "/bench/bare/", port,
        )  # fmt: skip
        servers.append(server)
        return server

    per_round = max(1, args.requests // args.rounds)
    try:
        # 1. datasette: the baseline; it also gives the expected ids and counts.
        port = free_port()
        ds = Server(
            [
                datasette, "serve", "-i", str(path),
                "--host", "127.0.0.1", "--port", str(port),
                "--setting", "sql_time_limit_ms", "120000",
                "--setting", "default_page_size", str(PAGE),
            ],
            env, "/-/versions.json", port,
        )  # fmt: skip
        servers.append(ds)
        version = answers(ds.base + "/-/versions.json")["datasette"]["version"]
        expected = {}
        for name, variants in queries.items():
            expected[name] = []
            for _, params in variants:
                ids = [
                    row["id"]
                    for row in answers(datasette_url(ds.base, db_name, params))
                ]
                full = answers(datasette_url(ds.base, db_name, params, shape=None))
                expected[name].append((ids, full.get("filtered_table_rows_count")))

        # 2. Teixit with 1 worker, the compared figure: same ids and counts.
        t1 = teixit(1)
        for name, variants in queries.items():
            for (params, _), (ids, count) in zip(variants, expected[name], strict=True):
                got = answers(teixit_url(t1.base, params))
                got_ids = [item["id"] for item in got["items"]]
                if got_ids != ids or (count is not None and got["count"] != count):
                    failures.append(
                        f"{name} {params}: Teixit {len(got_ids)} ids "
                        f"(count {got['count']}) vs datasette {len(ids)} "
                        f"(count {count}); same ids: {got_ids == ids}"
                    )

        # 3. Measured in alternating rounds (datasette then Teixit, then the
        # other way round): the other work of a shared machine comes and goes,
        # and alternating spreads it over both. One server answers at a time;
        # the other waits idle.
        kind = "sync" if args.threads == 1 else f"gthread ({args.threads} threads)"
        print(
            f"\ndatasette {version}, one process; Teixit, gunicorn with 1 {kind} "
            f"worker; {args.rounds} alternating rounds of {per_round} requests"
        )
        for name, variants in queries.items():
            contenders = [
                ("datasette", ds, [datasette_url(ds.base, db_name, d) for _, d in variants]),
                ("teixit1", t1, [teixit_url(t1.base, t) for t, _ in variants]),
            ]  # fmt: skip
            parts: dict[str, list] = {"datasette": [], "teixit1": []}
            for round_ in range(args.rounds):
                for key, server, urls in contenders[:: 1 if round_ % 2 == 0 else -1]:
                    parts[key].append(
                        measure(
                            urls,
                            per_round,
                            args.concurrency,
                            args.max_seconds,
                            server.process.pid,
                        )
                    )
            for key, measured in parts.items():
                results[name][key] = summary(measured)
            print(
                f"  {name:<13} datasette {results[name]['datasette']['rps']:8.1f} "
                f"req/s, Teixit {results[name]['teixit1']['rps']:8.1f} req/s",
                flush=True,
            )
        t1.stop()
        ds.stop()

        # 4. Teixit with 2 workers, for information.
        t2 = teixit(2)
        for name, variants in queries.items():
            urls = [teixit_url(t2.base, t) for t, _ in variants]
            results[name]["teixit2"] = summary(
                [
                    measure(
                        urls,
                        per_round,
                        args.concurrency,
                        args.max_seconds,
                        t2.process.pid,
                    )
                ]
            )
        t2.stop()
    finally:
        for server in servers:
            server.stop()

    print(
        f"\n{args.entities if not args.reuse else 'kept'} entities; up to {args.requests} "
        f"requests per query and server ({args.rounds} alternating rounds; "
        f"Teixit 2w: {per_round}), {args.concurrency} client threads, "
        f"pages of {PAGE}; p95 in ms"
    )
    header = (
        f"{'query':<13} {'datasette req/s':>15} {'p95':>7} {'Teixit 1w req/s':>15} "
        f"{'p95':>7} {'ratio':>6}  {'target':<8} {'Teixit 2w req/s':>15} {'p95':>7}"
    )
    print(header)
    print("-" * len(header))
    all_pass = not failures
    for name, r in results.items():
        d, t1, t2 = r["datasette"], r["teixit1"], r["teixit2"]
        for label, m in (("datasette", d), ("Teixit 1w", t1), ("Teixit 2w", t2)):
            if m["statuses"] != {200}:
                failures.append(f"{name}: {label} answered {sorted(m['statuses'])}")
                all_pass = False
        ratio = t1["rps"] / d["rps"]
        ok = ratio >= TARGET and t1["statuses"] == {200}
        all_pass &= ok
        print(
            f"{name:<13} {d['rps']:>15.1f} {d['p95']:>7.1f} {t1['rps']:>15.1f} "
            f"{t1['p95']:>7.1f} {ratio:>5.2f}x  {'PASS' if ok else 'FAIL':<8} "
            f"{t2['rps']:>15.1f} {t2['p95']:>7.1f}"
        )
    print(
        "\nServer CPU time per request (user + system of the server's processes, "
        "from /proc; moved less by the machine's other load than requests per "
        "second, printed for information: the target is on requests per second)"
    )
    cpu_header = (
        f"{'query':<13} {'datasette ms':>12} {'Teixit 1w ms':>12} "
        f"{'datasette/Teixit':>16} {'Teixit 2w ms':>12}"
    )
    print(cpu_header)
    print("-" * len(cpu_header))
    for name, r in results.items():
        d, t1, t2 = r["datasette"], r["teixit1"], r["teixit2"]
        print(
            f"{name:<13} {d['cpu_ms']:>12.2f} {t1['cpu_ms']:>12.2f} "
            f"{d['cpu_ms'] / t1['cpu_ms']:>15.2f}x {t2['cpu_ms']:>12.2f}"
        )
    for failure in failures:
        print("MISMATCH/ERROR:", failure)
    print(
        f"\nTarget: Teixit (1 worker) >= {TARGET:.0f}x datasette (1 process) per query."
    )
    print("OVERALL:", "PASS" if all_pass else "FAIL")
    load = os.getloadavg()[0]
    print(f"Load average at the end: {load:.1f} on {os.cpu_count()} CPUs.")
    print(f"Database file: {path.stat().st_size / 1e6:,.0f} MB")
    if not args.keep_db:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        print("Database removed (--keep-db keeps it, --reuse measures it again).")
    return 0 if all_pass else 1


if __name__ == "__main__":
    sys.exit(main())
