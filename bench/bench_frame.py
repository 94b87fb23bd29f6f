#!/usr/bin/env python
"""CPU cost of the page frame (base.html: header, main menu, language switcher,
notification bell, messages, footer, context processors, middleware) against
the bare view, in-process.

Each path is requested through Django's test client (the whole middleware
stack) anonymously and logged in as the demo technician; the figure is the
median of `time.process_time()` per request after a warm-up, printed in ms and
as a ratio of `/bench/bare/` measured in the same run. `/bench/frame/` is an
empty page in the site's frame (bench/urls_bench.py), so "frame × bare" is
what the frame alone costs every HTML page.

    DATABASE_URL=sqlite:////tmp/frame-x.sqlite3 .venv/bin/python bench/bench_frame.py \
        [--rounds 200] [--profile /bench/frame/]

Without DATABASE_URL it creates a temporary SQLite database (migrate +
setup_demo) and deletes it at the end. --profile PATH prints the cProfile of
PATH (technician) sorted by cumulative time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATHS = ["/bench/bare/", "/bench/frame/", "/credits/", "/practices/", "/events/"]
TECHNICIAN = "tecnica@teixit.local"


def median_cpu(client, path: str, rounds: int) -> float:
    for _ in range(5):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(rounds):
        started = time.process_time()
        client.get(path)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()

    tmp = None
    if "DATABASE_URL" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="frame-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/db.sqlite3"
        os.environ["TEIXIT_SHARED_DATA"] = f"{tmp}/none"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings_bench"}
        for command in (["migrate", "-v0"], ["setup_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    try:
        anonymous = Client(HTTP_HOST="localhost")
        technician = Client(HTTP_HOST="localhost")
        technician.force_login(get_user_model().objects.get(email=TECHNICIAN))
        if args.profile:
            import cProfile
            import pstats

            for _ in range(5):
                technician.get(args.profile)
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.rounds):
                technician.get(args.profile)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
            return 0
        print(f"load average: {os.getloadavg()}")
        print(f"{'path':<16} {'anonymous':>18} {'technician':>18}")
        bare = {}
        for path in PATHS:
            row = []
            for who, client in (("anonymous", anonymous), ("technician", technician)):
                ms = median_cpu(client, path, args.rounds)
                bare.setdefault(who, ms)
                row.append(f"{ms:7.2f} ms {ms / bare[who]:5.1f}×")
            print(f"{path:<16} {row[0]:>18} {row[1]:>18}")
    finally:
        if tmp:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
