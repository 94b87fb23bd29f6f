#!/usr/bin/env python
"""What counting visits costs a page view (teixit/visits, docs/privacy.md).

Measures, in one process on a temporary SQLite file (only the visits table
is migrated), the middleware `PageViewCounterMiddleware` around a view that
returns a small HTML page, for an anonymous browser request already routed
(`resolver_match` set, as Django does before the middleware's response phase):

- baseline: the same middleware with counting off (TEIXIT_VISITS_COUNT=False);
- hot path: counting on, nothing written during the run (the cost every page
  view pays: the checks and one addition in memory);
- batched: counting on, written every 100 views (the default): the hot path
  plus the writes spread over the views;
- unbatched: counting on, written on every view (one upsert per request: what a
  naive counter would do).

It prints microseconds per request, the ratio of each to the baseline and the
writes (INSERT statements, counted with `connection.execute_wrapper`; SQLite
adds a BEGIN to each) per 1,000 page views, and checks that the counts written equal the
requests made.

Then the whole news page (`GET /news/` through Django's test client, every
middleware, template and query, an empty database) is requested P times
(default 300) with counting off and on (batched, the default): the page is
the baseline of that second ratio.

Targets: the news page with counting ≤ 1.05× without; hot path ≤ 4× the bare
middleware baseline (a response built from a constant, ~100 times cheaper
than a real page); batched ≤ 11 writes per 1,000 views
(10 writes + at most one); unbatched is shown for comparison only. The
microseconds of the writes depend mostly on the disk (SQLite commits with
fsync); a real page costs milliseconds, so compare them with that too.

    .venv/bin/python bench/bench_visits.py               # 20,000 requests each
    .venv/bin/python bench/bench_visits.py --requests 5000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup_django(db_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_DEBUG"] = "False"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    n = args.requests

    with tempfile.TemporaryDirectory(prefix="teixit-bench-") as tmp:
        _setup_django(Path(tmp) / "bench.sqlite3")
        from django.contrib.auth.models import AnonymousUser
        from django.db import connection
        from django.http import HttpResponse
        from django.test import RequestFactory, override_settings
        from django.urls import resolve

        from teixit.visits import counter
        from teixit.visits.middleware import PageViewCounterMiddleware
        from teixit.visits.models import DailyVisits

        page = "<!doctype html><title>Notícies</title><p>Hola</p>"
        middleware = PageViewCounterMiddleware(
            lambda request: HttpResponse(page, content_type="text/html; charset=utf-8")
        )
        factory = RequestFactory(
            HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Firefox/133.0"
        )
        match = resolve("/news/")

        def run(**settings) -> tuple[float, int]:
            counter.reset()
            statements = []

            def count(execute, sql, params, many, context):
                if sql.lstrip().upper().startswith("INSERT"):
                    statements.append(sql)
                return execute(sql, params, many, context)

            with override_settings(**settings), connection.execute_wrapper(count):
                requests = []
                for _ in range(n):
                    request = factory.get("/news/")
                    request.user = AnonymousUser()
                    request.resolver_match = match
                    requests.append(request)
                start = time.perf_counter()
                for request in requests:
                    middleware(request)
                elapsed = time.perf_counter() - start
            counter.flush()
            return 1e6 * elapsed / n, len(statements)

        run(TEIXIT_VISITS_COUNT=False)  # warm-up
        base, base_queries = run(TEIXIT_VISITS_COUNT=False)
        hot, hot_queries = run(
            TEIXIT_VISITS_COUNT=True,
            TEIXIT_VISITS_FLUSH_EVERY=n + 1,
            TEIXIT_VISITS_FLUSH_SECONDS=3600,
        )
        DailyVisits.objects.all().delete()
        batched, batched_queries = run(
            TEIXIT_VISITS_COUNT=True,
            TEIXIT_VISITS_FLUSH_EVERY=100,
            TEIXIT_VISITS_FLUSH_SECONDS=3600,
        )
        written = DailyVisits.objects.get().count
        unbatched, unbatched_queries = run(
            TEIXIT_VISITS_COUNT=True, TEIXIT_VISITS_FLUSH_EVERY=1
        )
        written_all = DailyVisits.objects.get().count

        from django.test import Client

        browser = Client(HTTP_USER_AGENT=factory.defaults["HTTP_USER_AGENT"])

        def pages(**settings) -> float:
            counter.reset()
            with override_settings(**settings):
                browser.get("/news/")  # warm-up
                start = time.perf_counter()
                for _ in range(args.pages):
                    assert browser.get("/news/").status_code == 200
                elapsed = time.perf_counter() - start
            counter.flush()
            return 1e3 * elapsed / args.pages

        page_off = pages(TEIXIT_VISITS_COUNT=False)
        page_on = pages(TEIXIT_VISITS_COUNT=True)
        page_off = min(page_off, pages(TEIXIT_VISITS_COUNT=False))
        page_on = min(page_on, pages(TEIXIT_VISITS_COUNT=True))

    per_k = lambda q: 1000 * q / n  # noqa: E731
    print(f"{n:,} anonymous HTML page views per case (SQLite, one process)")
    print(f"{'case':<12}{'µs/request':>12}{'ratio':>8}{'writes/1,000':>16}")
    for name, us, q in (
        ("baseline", base, base_queries),
        ("hot path", hot, hot_queries),
        ("batched", batched, batched_queries),
        ("unbatched", unbatched, unbatched_queries),
    ):
        print(f"{name:<12}{us:>12.1f}{us / base:>8.2f}{per_k(q):>16.1f}")
    print(
        f"news page: {page_off:.2f} ms without counting, {page_on:.2f} ms with "
        f"(ratio {page_on / page_off:.3f}; best of two runs of {args.pages:,})"
    )
    ok = (
        written == n
        and written_all == 2 * n
        and hot / base <= 4
        and page_on / page_off <= 1.05
        and per_k(batched_queries) <= 11
    )
    print(
        f"counts written: {written:,} then {written_all:,} (expected {n:,}, {2 * n:,})"
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
