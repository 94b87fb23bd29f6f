#!/usr/bin/env python
"""Throughput of the public pages under a local load, against a bare Django view.

What it does, bounded and self-stopping, on the loopback interface only:
1. creates a temporary SQLite database (WAL) under /tmp, migrates it and loads
   the default data with `manage.py setup_demo` (TEIXIT_SHARED_DATA points
   nowhere, as on a bare clone: the territories come from the reference data
   shipped in the repository);
2. serves the site with gunicorn (DEBUG off, settings bench.settings_bench) on
   a free port of 127.0.0.1;
3. sends N GET requests per target from a pool of C client threads (urllib,
   one connection per request) after a short warm-up, checking every answer is
   200, and measures requests per second and latency percentiles;
4. prints each target's throughput as a ratio of the baseline measured in the
   same run: /bench/bare/, a Django view that returns "ok" through the full
   middleware stack (sessions, locale, CSP, axes, history…);
5. stops gunicorn and deletes the temporary files.

Targets (ratios, so they hold on any machine): the home page, the network page
and the members API list at least 0.10 of the bare view's throughput (a full
page renders templates and runs a few queries; the bare view does neither), the
glossary (a searchable list of every term) at least 0.05. The script exits with status 1 when a
target page does not answer 200; it does not fail on a missed target, it
prints it.

    .venv/bin/python bench/bench_pages.py [--requests 300] [--concurrency 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

BASELINE = ("bare Django view", "/bench/bare/", None)
TARGETS = [
    ("home page", "/", 0.10),
    ("network page", "/network/", 0.10),
    ("glossary", "/glossary/", 0.05),
    ("API: members list", "/api/v1/members/", 0.10),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - started


def measure(url: str, requests: int, concurrency: int) -> dict:
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(fetch, [url] * min(20, requests)))  # warm-up
        started = time.perf_counter()
        results = list(pool.map(fetch, [url] * requests))
        elapsed = time.perf_counter() - started
    statuses = {status for status, _ in results}
    latencies = sorted(latency for _, latency in results)
    return {
        "statuses": statuses,
        "rps": requests / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped before answering; see its output above")
        try:
            if fetch(base + "/bench/bare/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the site did not answer within {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per target")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="teixit-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_DEBUG": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TEIXIT_SHARED_DATA": str(workdir / "no-shared-data"),
        "PYTHONPATH": str(ROOT),
    }
    server = None
    try:
        print(f"Setting up a temporary site in {workdir} …", flush=True)
        started = time.monotonic()
        for command in (["migrate", "--no-input", "-v", "0"], ["setup_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        print(f"  ready in {time.monotonic() - started:.1f} s", flush=True)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
        server = subprocess.Popen(
            [
                gunicorn, "config.wsgi:application",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(args.workers),
                "--log-level", "warning",
                "--chdir", str(ROOT),
            ],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        wait_until_up(base, server)

        print(
            f"\n{args.requests} requests per target, {args.concurrency} client threads, "
            f"{args.workers} gunicorn workers, SQLite (WAL)\n"
        )
        header = f"{'target':<22} {'path':<20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>7}  target"
        print(header)
        print("-" * len(header))
        baseline = measure(base + BASELINE[1], args.requests, args.concurrency)
        print(
            f"{BASELINE[0]:<22} {BASELINE[1]:<20} {baseline['rps']:>8.1f} "
            f"{baseline['p50']:>8.1f} {baseline['p95']:>8.1f} {1:>7.2f}  (baseline)"
        )
        failures = 0
        for label, path, target in TARGETS:
            status, _ = fetch(base + path)
            if status == 404 and path == "/glossary/":
                print(
                    f"{label:<22} {path:<20} {'skipped: the glossary page is not there yet':>30}"
                )
                continue
            result = measure(base + path, args.requests, args.concurrency)
            if result["statuses"] != {200}:
                print(f"{label:<22} {path:<20} answered {sorted(result['statuses'])}")
                failures += 1
                continue
            ratio = result["rps"] / baseline["rps"]
            verdict = "ok" if ratio >= target else "MISSED"
            print(
                f"{label:<22} {path:<20} {result['rps']:>8.1f} {result['p50']:>8.1f} "
                f"{result['p95']:>8.1f} {ratio:>7.2f}  ≥ {target:.2f} {verdict}"
            )
        return 1 if failures else 0
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
