#!/usr/bin/env python
"""Work plans: the PDF report of the seed plan, and the plan pages on large plans.

What it measures, on a temporary SQLite file under /tmp (never db.sqlite3):
1. the 2017-2019 seed plan (34 actions): time to produce its PDF report
   (WeasyPrint) as a ratio of the time to render the same report as an HTML
   page, each the median of a few runs through the Django test client;
2. a synthetic plan of N actions (3 lines, 10 objectives, 2 responsibilities
   and 2 planned periods per action, 10 progress updates each) at N = 100 and
   N = 1,000: time and SQL query count of the overview page, the dashboard and
   the timeline. The query count must be the same at both sizes (no N+1); the
   time should grow at most linearly (ratio 1,000/100 about 10 or less).

Targets: PDF under 20× the HTML report (the PDF lays out every page and embeds
fonts); query counts equal at 100 and 1,000 actions; the 1,000-action pages
answer in under 2 s each on a developer's laptop. Misses are printed, not
failed.

    .venv/bin/python bench/bench_workplans.py
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path("/tmp/teixit-bench-workplans.sqlite3")
for suffix in ("", "-wal", "-shm"):
    Path(f"{DB}{suffix}").unlink(missing_ok=True)
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["DJANGO_DEBUG"] = "False"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
os.environ.setdefault("TEIXIT_SHARED_DATA", "/nonexistent")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

# Quiet WeasyPrint's progress messages.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def median_time(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def get_ok(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def synthetic_plan(size: int, bodies: list, author):
    """A plan of `size` actions with 10 updates each, written in bulk."""
    from teixit.workplans.models import (
        Action,
        Objective,
        Period,
        Plan,
        PlannedPeriod,
        ProgressUpdate,
        Responsibility,
        StrategicLine,
    )

    plan = Plan.objects.create(
        title=f"Pla sintètic de {size} accions",
        start_on=dt.date(2020, 1, 1),
        end_on=dt.date(2023, 12, 31),
        status=Plan.Status.APPROVED,
        visibility=Plan.Visibility.PUBLIC,
        approved_on=dt.date(2020, 1, 1),
    )
    periods = [
        Period.objects.create(
            plan=plan,
            label=str(year),
            start_on=dt.date(year, 1, 1),
            end_on=dt.date(year, 12, 31),
            order=i,
        )
        for i, year in enumerate(range(2020, 2024))
    ]
    lines = [
        StrategicLine.objects.create(
            plan=plan, code=code, title=f"Línia {code}", order=i
        )
        for i, code in enumerate(["I", "II", "III"])
    ]
    objectives = [
        Objective.objects.create(
            line=lines[i % 3], code=str(i + 1), title=f"Objectiu {i + 1}", order=i
        )
        for i in range(10)
    ]
    statuses = [
        "not_started",
        "in_progress",
        "done",
        "postponed",
        "blocked",
        "cancelled",
    ]
    actions = Action.objects.bulk_create(
        [
            Action(
                objective=objectives[i % 10],
                text=f"Acció sintètica número {i} amb un text prou llarg per a ser realista",
                order=i // 10 + 1,
                status=statuses[i % 6],
                progress=100 if statuses[i % 6] == "done" else (i * 7) % 100,
                last_update_on=dt.date(2021, 10, 1),
            )
            for i in range(size)
        ]
    )
    Responsibility.objects.bulk_create(
        [
            Responsibility(
                action=a,
                role=role,
                body=bodies[(i + k) % len(bodies)],
                text="",
                order=k,
            )
            for i, a in enumerate(actions)
            for k, role in enumerate(["basic_lines", "execution"])
        ]
    )
    PlannedPeriod.objects.bulk_create(
        [
            PlannedPeriod(action=a, period=periods[(i + k) % 4], mark="X")
            for i, a in enumerate(actions)
            for k in range(2)
        ]
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                action=a,
                on=dt.date(2020, 1, 1) + dt.timedelta(days=60 * k),
                status="in_progress",
                percent=k * 10,
                note="Nota de seguiment",
                author=author,
            )
            for a in actions
            for k in range(10)
        ],
        batch_size=2000,
    )
    return plan


def main() -> None:
    print("Setting up a temporary database…", flush=True)
    call_command("migrate", verbosity=0)
    from teixit.network.models import Body
    from teixit.network.services import demo_network_load
    from teixit.workplans.services import demo_workplans_load

    demo_network_load()
    demo_workplans_load()
    from django.contrib.auth import get_user_model

    from teixit.workplans.models import Plan

    secretariat = get_user_model().objects.get(email="secretaria@teixit.local")
    client = Client()
    client.force_login(secretariat)

    # 1. PDF of the seed plan vs. its HTML report.
    seed = Plan.objects.get(title="Pla de treball 2017-2019")
    html_url = f"/plan/{seed.pk}/report/"
    pdf_url = f"/plan/{seed.pk}/report.pdf"
    get_ok(client, html_url)
    get_ok(client, pdf_url)  # warm-up: fonts, templates
    html_time = median_time(lambda: get_ok(client, html_url))
    pdf_time = median_time(lambda: get_ok(client, pdf_url))
    pdf_size = len(get_ok(client, pdf_url).content)
    print("\n1. Seed plan report (34 actions), median of 3 runs")
    print(f"   HTML report page     {html_time * 1000:8.1f} ms   (baseline 1.00×)")
    print(
        f"   PDF report           {pdf_time * 1000:8.1f} ms   "
        f"{pdf_time / html_time:6.1f}× the HTML   ({pdf_size / 1024:.0f} KiB)"
        f"   target < 20×: {'met' if pdf_time / html_time < 20 else 'MISSED'}"
    )

    # 2. Pages of synthetic plans.
    bodies = list(Body.objects.all())
    results: dict[int, dict[str, tuple[float, int]]] = {}
    for size in (100, 1000):
        print(
            f"\nBuilding a synthetic plan of {size} actions × 10 updates…", flush=True
        )
        plan = synthetic_plan(size, bodies, secretariat)
        results[size] = {}
        for name, url in (
            ("overview", f"/plan/{plan.pk}/"),
            ("dashboard", f"/plan/{plan.pk}/dashboard/"),
            ("timeline", f"/plan/{plan.pk}/timeline/"),
        ):
            get_ok(client, url)
            # Queries of one request, counted twice: the lower count is the
            # page's own (a session or lock query may come and go).
            counts = []
            for _ in range(2):
                queries: list[str] = []

                def count(execute, sql, params, many, context, queries=queries):
                    queries.append(sql)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    get_ok(client, url)
                counts.append(len(queries))
            elapsed = median_time(lambda url=url: get_ok(client, url))
            results[size][name] = (elapsed, min(counts))

    print("\n2. Plan pages, median of 3 runs (queries counted on one request)")
    print(
        f"   {'page':<10} {'100 actions':>22} {'1,000 actions':>24} {'time ratio':>11}  no N+1"
    )
    for name in ("overview", "dashboard", "timeline"):
        t100, q100 = results[100][name]
        t1000, q1000 = results[1000][name]
        print(
            f"   {name:<10} {t100 * 1000:9.1f} ms {q100:4d} queries "
            f"{t1000 * 1000:10.1f} ms {q1000:4d} queries {t1000 / t100:9.1f}×  "
            f"{'yes' if q100 == q1000 else 'NO: queries grow'}"
            f"{'' if t1000 < 2 else '   (over 2 s)'}"
        )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
