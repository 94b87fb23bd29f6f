#!/usr/bin/env python
"""Speed of the one search (full-text index) against a plain `icontains` scan.

What it measures, on a temporary SQLite file under /tmp (never db.sqlite3):
1. list pages keep a constant number of SQL queries as items grow: the
   practice list, the materials list and the search page are requested by a
   registered member with 100 and then 1,000 published items, and the query
   counts are printed side by side (target: equal);
2. 100,000 published practices (generated text with a Zipf-like vocabulary of
   Catalan words, accents included) are indexed with the search app's bulk
   indexer (SQLite FTS5, rowid = document id);
3. for a set of realistic one- and two-word queries (some typed without
   accents), the time to answer one page of the search (20 best results by
   bm25 plus the total count: what the page and GET /api/v1/search/ do) is
   measured several times and compared with the baseline measured in the same
   run: a plain `icontains` query over the same text fields of the practices
   (every word must appear in one of the fields; 20 newest plus the count).

Targets: search p95 ≤ 30 ms over 100,000 items, and at least 20 times faster
than the icontains baseline (ratio of p95s). The script prints the figures and
whether each target is met; it does not fail on a missed target.

    .venv/bin/python bench/bench_search.py [--items 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "economia social solidària cooperativa cooperatives municipi ajuntament comarca mercat "
    "contractació pública clàusules socials habitatge cessió d'ús lliçons apreses fracàs èxit "
    "emprenedoria incubació viver acompanyament formació finançament moneda local comerç "
    "proximitat consum responsable agroecologia transició energètica comunitat energètica "
    "inserció laboral ocupació feminista cures xarxa intercooperació ateneu cooperatiu "
    "diagnosi pla d'acció pressupost avaluació indicadors participació veïnal entitats "
    "associacions fundacions empreses d'inserció centres especials treball governança "
    "comunals béns comuns plataforma digital col·laboració recerca coneixement difusió "
    "comunicació campanya fira jornada sessió taller guia informe plantilla vídeo "
    "servei municipal tècnica tècnic regidoria conveni subvenció licitació lot reservat "
    "mercat social balanç social auditoria qualitat sostenibilitat territori rural "
    "urbà barri districte mancomunitat consell comarcal diputació generalitat estat"
).split()

QUERIES = [
    "cooperativa", "llicons", "fracas", "habitatge cessio", "contractacio publica",
    "moneda local", "agroecologia", "comunitat energetica", "insercio laboral", "ateneu",
    "clausules socials", "viver", "feminista", "col·laboracio", "balanç social",
    "intercooperacio", "subvencio", "mancomunitat", "diagnosi", "solidaria",
]  # fmt: skip
# Prefixes that match most documents (the case RESULT_CAP is for).
PREFIXES = ["co", "ca", "so", "ec", "mu"]


def _setup_django(db_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    os.environ["DJANGO_DEBUG"] = "False"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    syllables = [
        "ca",
        "ta",
        "ra",
        "ll",
        "ny",
        "mo",
        "ne",
        "ri",
        "xa",
        "ço",
        "gé",
        "bu",
        "ti",
        "pla",
        "cre",
    ]
    words = []
    while len(words) < 20_000:
        words.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    # The real words take mid-frequency ranks (50 to 2,000): each appears in
    # roughly 1 % to 15 % of the practices, as topic words do.
    for word in WORDS:
        words.insert(rng.randint(50, 2000), word)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 10)
        cumulative.append(total)
    return words, cumulative


def _sentence(rng: random.Random, words, weights, n: int) -> str:
    return " ".join(rng.choices(words, cum_weights=weights, k=n)).capitalize() + "."


def _make_practices(
    count: int, start: int, rng: random.Random, words, weights, themes
) -> None:
    from django.utils import timezone

    from teixit.practices.models import Practice

    now = timezone.now()
    outcomes = ["success", "partial", "failure"]
    batch = []
    for n in range(start, start + count):
        batch.append(
            Practice(
                title=_sentence(rng, words, weights, 6).rstrip("."),
                summary=_sentence(rng, words, weights, 25),
                context=_sentence(rng, words, weights, 30),
                actions=_sentence(rng, words, weights, 30),
                results=_sentence(rng, words, weights, 25),
                difficulties=_sentence(rng, words, weights, 15),
                lessons=_sentence(rng, words, weights, 20),
                outcome=outcomes[n % 3],
                language="ca",
                status="published",
                visibility="public" if n % 4 else "members",
                published_at=now,
            )
        )
        if len(batch) == 5000:
            Practice.objects.bulk_create(batch)
            batch = []
    if batch:
        Practice.objects.bulk_create(batch)


def _make_materials(count: int, kind, rng, words, weights) -> None:
    from teixit.materials.models import Material

    Material.objects.bulk_create(
        [
            Material(
                title=_sentence(rng, words, weights, 5),
                description=_sentence(rng, words, weights, 20),
                kind=kind,
                url="https://example.org/m",
                status="published",
                visibility="public",
            )  # fmt: skip
            for _ in range(count)
        ]
    )


def _query_counts(client, word: str) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for label, url in (("practice list", "/practices/"), ("materials list", "/materials/"),
                       ("search page", f"/search/?q={word}")):  # fmt: skip
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[label] = len(ctx.captured_queries)
    return counts


def _load() -> str:
    try:
        return (
            " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" ({os.cpu_count()} cores)"
        )
    except OSError:
        return "unknown"


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def _icontains_page(terms: list[str]):
    from django.db.models import Q

    from teixit.practices.models import Practice

    fields = [
        "title",
        "summary",
        "context",
        "actions",
        "results",
        "difficulties",
        "lessons",
    ]
    qs = Practice.objects.filter(status="published")
    for term in terms:
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": term})
        qs = qs.filter(match)
    page = list(qs.order_by("-published_at", "-pk").values_list("pk", "title")[:20])
    return page, qs.count()


def _search_page(user, q: str, page: int = 1, **filters):
    """One page of results as the search page builds it (GET /api/v1/search/
    does the same: count() and one slice)."""
    from django.core.paginator import Paginator

    from teixit.search.selectors import SearchFilters, search_documents

    page = Paginator(
        search_documents(user=user, filters=SearchFilters(q=q)), 20
    ).get_page(1)
    return list(page.object_list), page.paginator.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs per query (search)"
    )
    parser.add_argument(
        "--baseline-repeat",
        type=int,
        default=2,
        help="timed runs per query (icontains)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="teixit-bench-search-"))
    db_path = workdir / "bench.sqlite3"
    print(f"Temporary database: {db_path}")
    _setup_django(db_path)

    from django.test import Client

    from teixit.accounts.models import User
    from teixit.search.services import search_reindex
    from teixit.vocabulary.models import Concept, ConceptScheme

    rng = random.Random(20260501)
    words, weights = _vocabulary(rng)
    scheme, _ = ConceptScheme.objects.get_or_create(code="material-types")
    kind, _ = Concept.objects.get_or_create(
        scheme=scheme, code="guia", defaults={"label_ca": "Guia"}
    )
    user = User.objects.create_user("bench@example.org", "bench-password")
    client = Client()
    client.force_login(user)

    # 1. Constant query counts on list pages ---------------------------------------
    from teixit.practices.models import Practice

    _make_practices(100, 0, rng, words, weights, [])
    _make_materials(100, kind, rng, words, weights)
    search_reindex()
    # A word of the first practice's title: it has results at both sizes.
    word = Practice.objects.order_by("pk").first().title.split()[0]
    at_100 = _query_counts(client, word)
    _make_practices(900, 100, rng, words, weights, [])
    _make_materials(900, kind, rng, words, weights)
    search_reindex()
    at_1000 = _query_counts(client, word)
    print("\nSQL queries per page (registered member)     100 items   1,000 items")
    for label in at_100:
        verdict = "constant" if at_100[label] == at_1000[label] else "GROWS"
        print(f"  {label:<40} {at_100[label]:>9} {at_1000[label]:>13}   {verdict}")

    # 2. 100,000 items -------------------------------------------------------------------
    from teixit.search.models import SearchDocument

    Practice.objects.all().delete()
    started = time.perf_counter()
    _make_practices(args.items, 0, rng, words, weights, [])
    made = time.perf_counter() - started
    started = time.perf_counter()
    search_reindex(types=["practice"])
    indexed = time.perf_counter() - started
    total = SearchDocument.objects.filter(type="practice").count()
    print(
        f"\n{args.items:,} practices generated in {made:.1f} s, {total:,} indexed in {indexed:.1f} s"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")

    # 3. Timings ------------------------------------------------------------------------------

    for q in QUERIES:  # warm-up: every query once, untimed
        _search_page(user, q)
    print(f"Load average before timing: {_load()}")
    search_times, baseline_times = [], []
    print(
        f"\n{'query':<24}{'matches':>9}{'search ms':>11}{'icontains ms':>14}{'icontains matches':>19}"
    )
    for q in QUERIES:
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            _, count = _search_page(user, q)
            runs.append((time.perf_counter() - t0) * 1000)
        search_times += runs
        base_runs = []
        for _ in range(args.baseline_repeat):
            t0 = time.perf_counter()
            _, base_count = _icontains_page(q.split())
            base_runs.append((time.perf_counter() - t0) * 1000)
        baseline_times += base_runs
        print(
            f"{q:<24}{count:>9,}{statistics.median(runs):>11.1f}{statistics.median(base_runs):>14.1f}{base_count:>19,}"
        )

    p50, p95 = statistics.median(search_times), _percentile(search_times, 95)
    b50, b95 = statistics.median(baseline_times), _percentile(baseline_times, 95)
    ratio = b95 / p95 if p95 else float("inf")
    print(f"\nSearch over {total:,} items:   p50 {p50:.1f} ms   p95 {p95:.1f} ms   (target p95 ≤ 30 ms: "
          f"{'met' if p95 <= 30 else 'NOT met'})")  # fmt: skip
    print(f"Load average after timing: {_load()}")
    print(f"icontains baseline:          p50 {b50:.1f} ms   p95 {b95:.1f} ms")
    print(
        f"Speed-up (p95 ratio):        {ratio:.0f}×   (target ≥ 20×: {'met' if ratio >= 20 else 'NOT met'})"
    )
    print(
        "Note: icontains finds fewer matches for queries typed without accents (it does not fold them)."
    )

    # Other cases of the same queries (for information, not the target's mix).
    from django.contrib.auth.models import AnonymousUser

    print("\nOther cases, same queries (informative)        p50 ms    p95 ms")
    cases = (
        ("anonymous visitor (public only)", AnonymousUser(), {}),
        ("member, outcome=failure", user, {"outcome": "failure"}),
        ("anonymous, type=practice, page 5", AnonymousUser(), {"type": "practice", "page": 5}),
    )  # fmt: skip
    for label, who, extra in cases:
        times = []
        for q in QUERIES:
            _search_page(who, q, **extra)
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                _search_page(who, q, **extra)
                times.append((time.perf_counter() - t0) * 1000)
        print(
            f"  {label:<42}{statistics.median(times):>8.1f}{_percentile(times, 95):>10.1f}"
        )
    # 4. Frequent prefixes: a page ranks at most RESULT_CAP + 1 matches; the
    # baseline is the statement used before the cap (every match ranked by bm25
    # and counted), measured in the same run on the same table.
    from teixit.search.selectors import SearchFilters, _fts5_match
    from teixit.search.text import query_terms

    def every_match_ranked(q: str) -> int:
        match = _fts5_match(query_terms(q), user=user, filters=SearchFilters(q=q))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, rank, count(*) OVER () FROM search_fts"
                " WHERE search_fts MATCH %s ORDER BY rank, rowid DESC LIMIT 100",
                [match],
            )
            rows = cursor.fetchall()
        return rows[0][2] if rows else 0

    print(
        "\nFrequent prefixes   matches   capped page p50 ms   every match ranked p50 ms"
    )
    capped_all, full_all = [], []
    for q in PREFIXES:
        capped, full = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            _, count = _search_page(user, q)
            capped.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            matches = every_match_ranked(q)
            full.append((time.perf_counter() - t0) * 1000)
        capped_all += capped
        full_all += full
        print(
            f"  {q:<16}{matches:>10,}{statistics.median(capped):>20.1f}"
            f"{statistics.median(full):>28.1f}   (page says {count:,})"
        )
    print(
        f"  p95: capped {_percentile(capped_all, 95):.1f} ms, every match ranked "
        f"{_percentile(full_all, 95):.1f} ms "
        f"({_percentile(full_all, 95) / _percentile(capped_all, 95):.1f}×)"
    )
    print(f"Load average at the end: {_load()}")
    connection.close()
    for path in workdir.iterdir():
        path.unlink()
    workdir.rmdir()


if __name__ == "__main__":
    main()
