#!/usr/bin/env python
"""Weight and latency of the form pages, against a bare Django view.

What it does, bounded and self-stopping, without a network (Django's test
client, in this process):
1. creates a temporary SQLite database under /tmp, migrates it and loads the
   default data with `manage.py setup_demo` (the territories shipped in the
   repository: every municipality of Spain, 8,000 of them);
2. logs a superuser in and requests every form page N times (default 30)
   after a warm-up, checking each answer is 200, and measures the median
   latency and the size of the HTML; the requests go in rounds (the bare
   view, then each page once, N rounds), so that a slow moment of the machine
   weighs on the baseline and the pages alike;
3. prints each page's size and its latency as a ratio of the baseline
   measured in the same run: /bench/bare/, a view that returns "ok" through
   the whole middleware stack (bench/urls_bench.py).

Targets (issue 12, "Forms that scale"): every form page at most 60 KB and at
most 10× the bare view's latency. A municipality select of 8,000 options made
the entity form 390 KB and 1–3 s; the municipality field is now a text field
with a server-side autocomplete (territories/forms.py), whose suggestion
fragment is measured too. The script exits with status 1 when a page does
not answer 200; it prints missed targets, it does not fail on them.

    .venv/bin/python bench/bench_forms.py [--requests 30] [--people 3000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 60 * 1024
MAX_RATIO = 10.0

PAGES = [
    ("entity form (new)", "entities:create", {}),
    ("entity proposal (public)", "entities:propose", {}),
    ("event form (new)", "events:create", {}),
    ("training form (new)", "trainings:create", {}),
    ("practice form (new)", "practices:create", {}),
    ("municipality suggestions", "territories:municipality_suggest", {"q": "hospi"}),
    # The action page holds the plan's role forms (guidelines, steps, provider…).
    ("action page (role forms)", "workplans:action_detail", {}),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--people",
        type=int,
        default=3000,
        help="active people registered (a form listing every person grows with them)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="teixit-bench-forms-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    os.environ["TEIXIT_SHARED_DATA"] = str(tmp / "no-shared-data")
    sys.path.insert(0, str(ROOT))
    try:
        for command in (["migrate", "--noinput"], ["setup_demo"]):
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), *command],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        import django

        django.setup()
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse

        from teixit.accounts.models import User

        settings.ALLOWED_HOSTS = ["*"]
        # No setup_test_environment(): it instruments every template render
        # with a signal (for tests' response.templates), a cost production
        # pages do not pay and the bare view (no template) does not either.
        user = User.objects.filter(
            is_superuser=True
        ).first() or User.objects.create_superuser(
            email="bench@example.org", password="bench-password"
        )
        User.objects.bulk_create(
            User(email=f"person{i}@bench.example.org", password="!")
            for i in range(args.people)
        )
        client = Client()
        client.force_login(user)

        from teixit.workplans.models import Action

        action = Action.objects.order_by("pk").first()
        targets = [("bare", "/bench/bare/", {})]
        for label, name, data in PAGES:
            url_args = [action.pk] if name == "workplans:action_detail" else []
            targets.append((label, reverse(name, args=url_args), data))

        # Rounds: each round requests the bare view and every page once, in
        # turn, so a slower moment of the machine (another program, a change
        # of clock speed, a garbage collection) falls on all of them alike
        # instead of on whichever page was being measured then.
        for _ in range(3):
            for _label, url, data in targets:
                client.get(url, data)
        times = {label: [] for label, _url, _data in targets}
        cpu_times = {label: [] for label, _url, _data in targets}
        answers = {}
        for _ in range(args.requests):
            for label, url, data in targets:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url, data)
                times[label].append(time.perf_counter() - started)
                cpu_times[label].append(time.process_time() - cpu_started)
                answers[label] = (response.status_code, len(response.content))

        bare = statistics.median(times["bare"])
        bare_cpu = statistics.median(cpu_times["bare"])
        print(
            f"baseline /bench/bare/: median {bare * 1000:.1f} ms "
            f"({bare_cpu * 1000:.1f} ms of CPU)\n"
        )
        # "CPU ×": the same ratio in CPU time of this process, which other
        # programs on a shared machine do not inflate (wall time does).
        print(f"{'page':32} {'KB':>7} {'ms':>8} {'× bare':>8} {'CPU ×':>7}  targets")
        failed = False
        for label, _url, _data in targets[1:]:
            status, size = answers[label]
            if status != 200:
                print(f"{label:32} answered {status}")
                failed = True
                continue
            median = statistics.median(times[label])
            cpu = statistics.median(cpu_times[label])
            ratio = median / bare
            ok = size <= MAX_BYTES and ratio <= MAX_RATIO
            print(
                f"{label:32} {size / 1024:7.1f} {median * 1000:8.1f} {ratio:8.1f} "
                f"{cpu / bare_cpu:7.1f}  "
                + (
                    "ok"
                    if ok
                    else f"MISSED (≤ {MAX_BYTES // 1024} KB, ≤ {MAX_RATIO:g}×)"
                )
            )
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
