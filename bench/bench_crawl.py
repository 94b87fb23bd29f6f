#!/usr/bin/env python
"""Every page of the site at network scale: server time, queries and size, per URL pattern.

What it does, bounded and self-stopping, in one process, on a temporary SQLite
file under /tmp (never db.sqlite3):

1. builds a site: migrations, the vocabulary and the territories shipped in the
   repository (copied from a template file made by the first run for the same
   migrations, shipped data and lock: `--template-dir`, `--no-template`), the
   objects of the permission matrix's world
   (teixit/core/tests/permission_world.py: one object of every kind and a person
   of every role), and requests every page once on that small world (the query
   counts of reference; not the reports, exports and delete confirmations,
   whose counts are not compared);
2. adds data at the chosen scale (`--scale network`; `--scale small` is a tenth):
   1,000,000 entities (map cells rebuilt, search index filled), a member and
   five years of validated diagnoses with answers for each of the 947
   municipalities of Catalonia and the yearly indicator snapshots, 100,000
   practices and materials, 2,000 trainings and events with 50,000
   registrations, 10,000 people, a plan of 1,000 actions with 10 progress
   updates each and 20,000 debate messages;
3. for every URL pattern of the site — enumerated from the URL resolver and the
   API's OpenAPI schema through the permission matrix
   (teixit/core/tests/test_permission_matrix.py), so a new page is measured
   without editing this script — requests the matrix's real instance as
   anonymous, technician and secretariat wherever the matrix says that role gets
   the page (200), through Django's test client with the whole middleware
   stack: a warm-up request (it fills the page's caches), then `--samples` (4)
   timed requests, wall and CPU time each, the query count the last one's. A page whose
   slowest timed request is over half its target goes on to `--max-samples`
   (20), stopping once two requests are over the target: its p95 is then that
   of 20 requests (the second slowest), not the worst of four. A report or
   export gets one timed request (its time is listed, not judged);
4. prints per pattern and role: server time p50/p95, CPU time, the number of
   timed requests, query count (at scale and on the small world), HTML size;
   then the worst ten, the broken targets, and a last line
   `SUMMARY PASS|FAIL: total … s wall, … s CPU (load average …); <target>: PASS|FAIL (n); …`.

Baseline: `/bench/bare/` (bench/urls_bench.py), a view that returns "ok" through
the same middleware stack, measured the same way in the same run (p95 over 200
requests, before and after the crawl, the slower kept). `--clock cpu` judges
pages and baseline on the process's CPU time instead of the wall clock: on a
shared machine, what a request takes on a quiet one (both are printed).

Targets (the script exits with status 1 when one is broken, and when a URL
pattern has no row in the matrix, i.e. is missing from the enumeration):
- every page's p95 ≤ 20 × the bare view's p95 — reports and exports (CSV, PDF,
  XLSX, GeoJSON, iCalendar, feeds, downloads) are listed separately with their
  figures and not held to it;
- no page's query count grows with the data: at scale ≤ the small world's + 3
  (except the admin's delete confirmations, which list up to 100 related objects);
- no HTML page over 200 KB (a printable report in HTML — a pattern named
  "report" or "print" — is listed with the reports and its size, not held to it).

    .venv/bin/python bench/bench_crawl.py [--scale small|network] [--samples 4]
        [--max-samples 20] [--clock wall|cpu] [--only REGEX]
        [--template-dir DIR | --no-template] [--keep | --reuse DIR]

`--only` measures the patterns whose key matches REGEX (the enumeration is still
checked); `--keep` leaves the temporary database in place and prints its path;
`--reuse DIR` measures that kept site again without building it (after a fix,
say: its new migrations are applied first), with the small world's query
counts of the run that built it.
Each step prints its wall and CPU time. `--scale small` takes about 5 minutes
of CPU (a quiet 2-core machine: about that wall-clock time); `network` about an
hour.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import pickle
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
#: What `--keep` leaves beside the database and `--reuse` reads back: the
#: world's values and people, the scale's counts and the small world's figures.
STATE = "crawl-state.pickle"


def use_directory(path: Path) -> None:
    """The site's database and media in `path` (before Django is set up)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_crawl"
    os.environ["DATABASE_URL"] = f"sqlite:///{path / 'crawl.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(path / "media")
    # As on a bare clone: the territories come from the data shipped in the repository.
    os.environ["TEIXIT_SHARED_DATA"] = str(path / "no-shared-data")


SCALES = {"small": 0.1, "network": 1.0}
TARGET_RATIO = 20
QUERY_GROWTH = 3
HTML_LIMIT = 200 * 1024
ROLES = ("anonymous", "technician", "secretariat")
# Reports and exports: measured and listed, not held to the page target. A
# pattern or address is one when one of its words (split at anything but
# letters and digits: "plan_assembly_file", "values.csv") is one of these —
# words, not substrings: "profile" holds "file" and is a page.
REPORT_WORDS = frozenset(
    "export exports report reports pdf csv xlsx ods geojson jsonld ics calendar "
    "feed download file files attachment backup print assembly".split()
)

#: Reports whose HTML is a printable document, not held to HTML_LIMIT.
PRINTABLE_WORDS = frozenset({"report", "reports", "print"})


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.split(r"[^A-Za-z0-9]+", text) if word}


def log(text: str) -> None:
    print(text, flush=True)


class Timer:
    def __init__(self, what: str):
        self.what = what

    def __enter__(self):
        self.started = time.perf_counter()
        self.cpu = time.process_time()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            log(
                f"  {self.what}: {time.perf_counter() - self.started:.1f} s "
                f"({time.process_time() - self.cpu:.1f} s CPU)"
            )


# -- the data ----------------------------------------------------------------------


#: Bump when what the template holds changes without a change in its inputs.
TEMPLATE_FORMAT = 1


def template_inputs() -> list[Path]:
    """What the template database is made of: the lock (the third-party apps'
    migrations come with their versions), every migration, the data shipped in
    the repository, the code that loads it (the vocabulary and territories
    apps), the `apps.py` that connect a post-migrate receiver and whatever
    Teixit module a migration imports (the register's triggers, say)."""
    files = {ROOT / "requirements" / "dev.txt"}
    files.update(
        f for f in ROOT.glob("teixit/*/apps.py") if "post_migrate" in f.read_text()
    )
    files.update(ROOT.glob("teixit/*/migrations/*.py"))
    files.update(f for f in ROOT.glob("teixit/*/data/**/*") if f.is_file())
    for app in ("vocabulary", "territories"):
        files.update(
            f for f in (ROOT / "teixit" / app).rglob("*.py") if "tests" not in f.parts
        )
    imported = re.compile(r"^\s*(?:from|import)\s+(teixit(?:\.\w+)+)", re.MULTILINE)
    for migration in list(ROOT.glob("teixit/*/migrations/*.py")):
        for module in imported.findall(migration.read_text(encoding="utf-8")):
            path = ROOT.joinpath(*module.split("."))
            for candidate in (path.with_suffix(".py"), path / "__init__.py"):
                if candidate.is_file():
                    files.add(candidate)
    files.add(ROOT / "teixit" / "entities" / "database.py")
    return sorted(files)


def template_key() -> str:
    import sqlite3

    digest = hashlib.sha256(
        f"{TEMPLATE_FORMAT} {sys.version_info[:2]} {sqlite3.sqlite_version}".encode()
    )
    for path in template_inputs():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def template_path(directory: Path) -> Path:
    return directory / f"teixit-crawl-base-{template_key()}.sqlite3"


def copy_template(template: Path, path: Path) -> bool:
    """The template's copy as the site's database, before Django opens it."""
    if not template.exists():
        return False
    with Timer(f"reference data copied from {template}"):
        shutil.copyfile(template, path / "crawl.sqlite3")
    return True


def save_template(path: Path, template: Path, keep: int = 3) -> None:
    """A compact copy of the migrated database with its reference data (VACUUM
    INTO: consistent, WAL folded in), written beside and renamed into place so
    that a concurrent run reads a whole file or none; older templates of this
    script beyond the newest `keep` are removed."""
    from django.db import connection

    template.parent.mkdir(parents=True, exist_ok=True)
    partial = template.with_name(f"{template.name}.{os.getpid()}.partial")
    with Timer(f"template saved as {template}"):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(partial)])
        os.replace(partial, template)
    others = sorted(
        template.parent.glob("teixit-crawl-base-*.sqlite3"),
        key=lambda f: f.stat().st_mtime,
        reverse=True,
    )
    for old in others[keep:]:
        old.unlink(missing_ok=True)


def build_base(path: Path, template: Path | None) -> dict:
    """Migrations and reference data (from the template when one was made for
    these migrations and this data), then the permission matrix's world."""
    copied = template is not None and copy_template(template, path)
    import django

    django.setup()
    from django.core.management import call_command

    if copied:
        # Nothing to apply unless the template's key missed a change; the
        # post-migrate receivers (the register's triggers) run either way.
        with Timer("migrations (none left to apply)"):
            call_command("migrate", verbosity=0)
    else:
        with Timer("migrations, vocabulary, territories"):
            call_command("migrate", verbosity=0)
            call_command("import_vocabulary", "--default", verbosity=0)
            call_command("import_territories", "--reference", verbosity=0)
        if template is not None:
            save_template(path, template)
    from teixit.core.tests.permission_world import build_world

    with Timer("the permission matrix's world"):
        return build_world()


def _bulk(model, rows, batch: int = 5000) -> None:
    model.objects.bulk_create(rows, batch_size=batch)


def build_scale(world: dict, factor: float, seed: int = 2017) -> dict:
    """Data at `factor` of network scale, with bulk inserts (no history rows:
    what is measured is reading)."""
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.text import slugify

    from teixit.accounts.models import User
    from teixit.debates.models import Debate, Reply
    from teixit.diagnosis.models import Answer, Diagnosis, Question
    from teixit.entities.models import Entity
    from teixit.events.models import Event
    from teixit.events.models import Registration as EventRegistration
    from teixit.materials.models import Material
    from teixit.network.models import Member
    from teixit.practices.models import Practice
    from teixit.territories.models import Municipality
    from teixit.trainings.models import Registration, Training, TrainingSession
    from teixit.workplans.models import (
        Action,
        Objective,
        Period,
        Plan,
        ProgressUpdate,
        StrategicLine,
    )

    rng = random.Random(seed)
    counts: dict[str, int] = {}
    now = timezone.now()
    values = world["values"]
    author = world["people"]["secretariat"]

    def n(full: int) -> int:
        return max(1, int(full * factor))

    with Timer("people"):
        people = n(10_000)
        _bulk(
            User,
            [
                User(
                    email=f"person{i}@bench.example.org",
                    name=f"Persona {i}",
                    password="!",
                )
                for i in range(people)
            ],
        )
        user_ids = list(
            User.objects.filter(email__endswith="@bench.example.org").values_list(
                "pk", flat=True
            )
        )
        counts["people"] = people

    catalonia = list(
        Municipality.objects.filter(code__regex=r"^(08|17|25|43)\d{4}$").order_by(
            "code"
        )
    )
    with Timer("members"):
        have = set(Member.objects.values_list("municipality_id", flat=True))
        _bulk(
            Member,
            [
                Member(
                    name=f"Ajuntament de {m.name}",
                    slug=f"{slugify(m.name)[:40]}-{m.code}",
                    kind=Member.Kind.MUNICIPALITY,
                    municipality=m,
                    joined_on=dt.date(2017, 1, 1),
                )
                for m in catalonia
                if m.pk not in have
            ],
        )
        counts["members"] = Member.objects.count()

    with Timer("entities"):
        total = n(1_000_000)
        sectors = list(_concepts("sectors"))
        entities, done = [], 0
        for i in range(total):
            m = catalonia[rng.randrange(len(catalonia))]
            entities.append(
                Entity(
                    name=f"Entitat {i} {rng.choice(['Coop', 'Associació', 'Fundació'])}",
                    name_key=f"entitat {i}",
                    municipality_id=m.pk,
                    latitude=(m.latitude or 41.5) + rng.uniform(-0.005, 0.005),
                    longitude=(m.longitude or 1.8) + rng.uniform(-0.005, 0.005),
                    email=f"hola{i}@example.org",
                    email_public=True,
                    website=f"https://e{i}.example.org",
                    workers_total=rng.randint(1, 50),
                    status=Entity.Status.PUBLISHED,
                    source="bench",
                    source_key=f"b{i}",
                )
            )
            if len(entities) == 20_000:
                _bulk(Entity, entities, 20_000)
                done += len(entities)
                entities = []
        _bulk(Entity, entities, 20_000)
        if sectors:
            through = Entity.sectors.through
            ids = Entity.objects.filter(source="bench").values_list("pk", flat=True)
            _bulk(
                through,
                [
                    through(entity_id=pk, concept_id=sectors[pk % len(sectors)])
                    for pk in ids.iterator(chunk_size=50_000)
                    if pk % 2 == 0
                ],
                50_000,
            )
        counts["entities"] = total
        # As after an import (its `entities_bulk_written` task): the
        # planner's statistics of the register.
        from teixit.entities.database import statistics_refresh

        statistics_refresh()
    with Timer("map cells and points"):
        call_command("rebuild_map_cells", verbosity=0)

    version = Question.objects.values_list("section__version_id", flat=True).first()
    questions = list(Question.objects.filter(section__version_id=version))
    with Timer("diagnoses, answers and indicator snapshots"):
        members = list(
            Member.objects.filter(
                municipality__in=catalonia, diagnoses__isnull=True
            ).order_by("pk")[: n(947)]
        )
        years = range(now.year - 5, now.year)
        _bulk(
            Diagnosis,
            [
                Diagnosis(
                    member=member,
                    year=year,
                    version_id=version,
                    status=Diagnosis.Status.VALIDATED,
                    visibility=Diagnosis.Visibility.PUBLIC,
                    validated_at=now,
                    validated_by=author,
                )
                for member in members
                for year in years
            ],
        )
        diagnoses = Diagnosis.objects.filter(member__in=members).values_list(
            "pk", flat=True
        )
        answers = []
        for pk in diagnoses.iterator():
            for question in questions:
                number = question.type in ("number", "money", "scale")
                value = rng.randint(0, 200)
                answers.append(
                    Answer(
                        diagnosis_id=pk,
                        question=question,
                        value="" if number else ("sí" if value % 2 else "no"),
                        value_number=value if number else None,
                    )
                )
            if len(answers) > 20_000:
                _bulk(Answer, answers)
                answers = []
        _bulk(Answer, answers)
        counts["diagnoses"] = len(members) * len(years)
        for year in years:
            call_command("snapshot_indicators", "--year", str(year), verbosity=0)

    with Timer("practices and materials"):
        member = Member.objects.get(name="Ajuntament de Vilaprova")  # the world's
        outcomes = ["success", "partial", "failure"]
        _bulk(
            Practice,
            [
                Practice(
                    title=f"Pràctica {i}: mercat social de proximitat",
                    summary="Una xarxa de proveïdores locals de l'economia social i solidària.",
                    outcome=outcomes[i % 3],
                    member=member,
                    language="ca",
                    visibility="public",
                    status="published",
                    published_at=now,
                )
                for i in range(n(50_000))
            ],
        )
        kind = Material.objects.values_list("kind_id", flat=True).first()
        _bulk(
            Material,
            [
                Material(
                    title=f"Guia {i} de contractació pública responsable",
                    description="Materials per a tècniques municipals.",
                    kind_id=kind,
                    language="ca",
                    visibility="public",
                    status="published",
                )
                for i in range(n(50_000))
            ],
        )
        counts["practices and materials"] = 2 * n(50_000)
        call_command("search_reindex", verbosity=0)

    with Timer("trainings, events and registrations"):
        _bulk(
            Training,
            [
                Training(
                    title=f"Formació {i}", member=member, seats=50, status="published"
                )
                for i in range(n(1_000))
            ],
        )
        start = now + dt.timedelta(days=30)
        _bulk(
            Event,
            [
                Event(
                    kind="conference",
                    title=f"Jornada {i}",
                    starts_at=start + dt.timedelta(days=i % 300),
                    ends_at=start + dt.timedelta(days=i % 300, hours=3),
                    audience="public",
                    status="published",
                    capacity=100,
                )
                for i in range(n(1_000))
            ],
        )
        # Two sessions each, a week apart, from ten months ago to ten months
        # ahead: the catalogue's dates come from its sessions (without them
        # every training read as undated, and the catalogue's cost hid).
        _bulk(
            TrainingSession,
            [
                TrainingSession(
                    training_id=pk,
                    starts_at=now + dt.timedelta(days=(i * 7) % 600 - 300 + 7 * k),
                    ends_at=now
                    + dt.timedelta(days=(i * 7) % 600 - 300 + 7 * k, hours=3),
                )
                for i, pk in enumerate(
                    Training.objects.filter(sessions__isnull=True)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                for k in range(2)
            ],
        )
        trainings = list(Training.objects.values_list("pk", flat=True))
        events = list(Event.objects.values_list("pk", flat=True))
        half = n(25_000)
        _bulk(
            Registration,
            [
                Registration(
                    training_id=trainings[i % len(trainings)],
                    user_id=user_ids[(i // len(trainings)) % len(user_ids)],
                    status="registered",
                )
                for i in range(min(half, len(trainings) * len(user_ids)))
            ],
        )
        _bulk(
            EventRegistration,
            [
                EventRegistration(
                    event_id=events[i % len(events)],
                    user_id=user_ids[(i // len(events)) % len(user_ids)],
                    name=f"Persona {i}",
                    status="registered",
                )
                for i in range(min(half, len(events) * len(user_ids)))
            ],
        )
        counts["trainings and events"] = len(trainings) + len(events)
        counts["registrations"] = 2 * half

    with Timer("a plan of many actions with progress updates"):
        plan = Plan.objects.create(
            title="Pla de treball a escala de xarxa",
            start_on=dt.date(now.year - 1, 1, 1),
            end_on=dt.date(now.year + 2, 12, 31),
            status=Plan.Status.APPROVED,
            visibility=Plan.Visibility.PUBLIC,
        )
        for k in range(8):
            Period.objects.create(
                plan=plan,
                label=f"S{k + 1}",
                order=k,
                start_on=dt.date(now.year - 1 + k // 2, 1 + 6 * (k % 2), 1),
                end_on=dt.date(
                    now.year - 1 + k // 2, 6 + 6 * (k % 2), 30 if k % 2 == 0 else 31
                ),
            )
        actions_total = n(1_000)
        per = max(1, round(actions_total ** (1 / 3)))
        actions = []
        for li in range(per):
            line = StrategicLine.objects.create(
                plan=plan, code=f"L{li + 1}", title=f"Línia {li + 1}", order=li
            )
            for oi in range(per):
                objective = Objective.objects.create(
                    line=line, code=f"{oi + 1}", title=f"Objectiu {oi + 1}", order=oi
                )
                actions += [
                    Action(objective=objective, text=f"Acció {ai + 1}", order=ai)
                    for ai in range(per)
                ]
        _bulk(Action, actions)
        action_ids = Action.objects.filter(objective__line__plan=plan).values_list(
            "pk", flat=True
        )
        _bulk(
            ProgressUpdate,
            [
                ProgressUpdate(
                    action_id=pk,
                    on=dt.date(now.year - 1, 1, 1) + dt.timedelta(days=30 * k),
                    status="in_progress",
                    percent=10 * k,
                    note=f"Avenç {k}",
                    author=author,
                )
                for pk in action_ids
                for k in range(10)
            ],
        )
        counts["plan actions"] = len(actions)
        values["plan_big"] = plan.pk

    with Timer("debate messages"):
        from teixit.debates.models import Space

        space_obj = Space.objects.get(slug=values["space_public"])
        debates = [
            Debate(
                space=space_obj,
                title=f"Debat {i}",
                body="Com ho fem?",
                author=author,
                last_activity_at=now,
            )
            for i in range(n(1_000))
        ]
        _bulk(Debate, debates)
        debate_ids = list(
            Debate.objects.filter(space=space_obj).values_list("pk", flat=True)
        )
        _bulk(
            Reply,
            [
                Reply(
                    debate_id=debate_ids[i % len(debate_ids)],
                    author=author,
                    body=f"Resposta {i}",
                    created_at=now,
                )
                for i in range(n(20_000))
            ],
        )
        counts["debate messages"] = n(20_000)
    return counts


def _concepts(scheme: str):
    from teixit.vocabulary.models import Concept

    return Concept.objects.filter(scheme__code=scheme).values_list("pk", flat=True)


# -- the crawl ---------------------------------------------------------------------


def enumeration():
    """The matrix's rows and what the resolver and the schema know that has none."""
    from teixit.core.tests import test_permission_matrix as matrix

    routes = matrix.all_routes()
    covered = {matrix._route_of(key) for key in matrix.MATRIX}
    # The baseline views themselves (bench/urls_bench.py) are the benchmarks', not the site's.
    return matrix, sorted(
        r
        for r in routes - covered
        if "bench/bare/" not in r and "bench/frame/" not in r
    )


def measurable(matrix) -> list[tuple[str, tuple, str]]:
    """(key, args, role) for every GET row and each role of ROLES that gets 200."""
    wanted = []
    for key, (args, *answers) in matrix.MATRIX.items():
        if matrix._method(key) != "get":
            continue
        for role in ROLES:
            if answers[matrix.ROLES.index(role)] == 200:
                wanted.append((key, args, role))
    return wanted


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(
    client,
    url: str,
    samples: int,
    more: int = 0,
    limit: float = 0.0,
    clock: str = "wall",
    report: bool = False,
) -> dict:
    """A first request (it warms whatever the page keeps), then `samples`
    timed requests, wall and CPU time each; the queries (noted cheaply, their
    shapes made afterwards) and the size are the last request's.

    The verdict is the p95 of up to `samples + more` timed requests (with 20,
    the second slowest). A page whose slowest of the first `samples` is under
    half its `limit` stops there (well within); otherwise it goes on until two
    requests are over the limit (the p95 of 20 is then over, whatever follows)
    or all are taken. `report`: the time is listed but not judged, so one
    timed request (also for a streamed document other than a page).

    `clock` ("wall" or "cpu": the process's CPU time) is the one the p50 and
    p95 are taken from; both are kept."""
    from django.db import connection

    statements: list[str] = []

    def noted(execute, sql, params, many, context):
        statements.append(sql)  # cheap: shapes are made after the request
        return execute(sql, params, many, context)

    def get():
        statements.clear()
        with connection.execute_wrapper(noted):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            content = (
                b"".join(response.streaming_content)
                if response.streaming
                else response.content
            )
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        # The test client's `response.json` is a partial holding the response:
        # a reference cycle a server does not make, which kept every request
        # (and what it read) for Python's collector.
        response.__dict__.pop("json", None)
        return response, content, wall, cpu

    response, content, wall, cpu = get()
    html = response.get("Content-Type", "").startswith("text/html")
    if report or (response.streaming and not html):
        samples, more = min(samples, 1), 0
    times = {"wall": [wall], "cpu": [cpu]} if not samples else {"wall": [], "cpu": []}
    judged = times[clock]
    for i in range(samples + more):
        if i >= samples and (
            max(judged) <= limit / 2 or sum(t > limit for t in judged) >= 2
        ):
            break
        _response, _content, wall, cpu = get()
        times["wall"].append(wall)
        times["cpu"].append(cpu)
    return {
        "p50": statistics.median(judged),
        "p95": nearest_rank(judged, 0.95),
        "wall50": statistics.median(times["wall"]),
        "wall95": nearest_rank(times["wall"], 0.95),
        "cpu50": statistics.median(times["cpu"]),
        "cpu95": nearest_rank(times["cpu"], 0.95),
        "samples": len(judged),
        # Of the last request (caches the first one filled are warm).
        "queries": len(statements),
        "size": len(content),
        "status": response.status_code,
        "html": html,
        "streamed": response.streaming,
        "repeated": [
            (n, sql)
            for sql, n in Counter(
                re.sub(r"\b\d+\b", "N", sql)[:160] for sql in statements
            ).most_common(2)
            if n > 1
        ],
    }


def is_report(key: str, url: str) -> bool:
    return bool(REPORT_WORDS & (_words(key) | _words(url)))


def is_delete_page(key: str) -> bool:
    """The admin's delete confirmation lists up to 100 related objects (Django's
    list, whose queries grow up to that bound), then counts them
    (`teixit.core.admin_delete`)."""
    return bool(re.match(r"admin:\w+_delete$", key))


def crawl(
    matrix,
    world: dict,
    only: str | None,
    *,
    samples: int = 0,
    more: int = 0,
    limit: float = 0.0,
    clock: str = "wall",
    reference: bool = False,
) -> dict:
    """Every measurable (pattern, role). `reference`: the small world's crawl,
    one counted request per page whose query count is compared at scale (not
    the reports, exports and delete confirmations, which are not held to it)."""
    from django.test import Client

    clients = {}
    for role in ROLES:
        client = Client()
        user = world["people"][role]
        if user is not None:
            client.force_login(user)
        clients[role] = client
    results = {}
    wanted = []
    for key, args, role in measurable(matrix):
        if only and not re.search(only, key):
            continue
        url = matrix._url(key, args, world["values"])
        if reference and (is_report(key, url) or is_delete_page(key)):
            continue
        wanted.append((key, role, url))
    started = time.perf_counter()
    for done, (key, role, url) in enumerate(wanted, 1):
        results[(key, role)] = measure(
            clients[role],
            url,
            samples,
            more,
            limit,
            clock,
            report=is_report(key, url),
        ) | {"url": url}
        if done % 100 == 0 or done == len(wanted):
            log(
                f"  {done}/{len(wanted)} pages ({time.perf_counter() - started:.0f} s"
                f", {sum(r['samples'] for r in results.values()) if samples else done}"
                " timed requests)"
            )
    return results


def bare(clock: str, samples: int = 200) -> dict:
    from django.test import Client

    return measure(Client(), "/bench/bare/", samples, clock=clock)


# -- the report --------------------------------------------------------------------


#: The targets, as the summary names them.
TARGETS = {
    "time": f"page p95 <= {TARGET_RATIO}x bare",
    "queries": f"queries at scale <= small world + {QUERY_GROWTH}",
    "html": f"HTML <= {HTML_LIMIT // 1024} KB",
    "status": "every page answers 200",
    "enumeration": "every URL pattern enumerated",
}


def report(
    small: dict, large: dict, baseline: dict, missing: list[str], clock: str = "wall"
) -> dict[str, int]:
    """Print every row, the worst ten and the broken targets; return how many
    rows break each target (`TARGETS`)."""
    limit = TARGET_RATIO * baseline["p95"]
    log(
        f"\nBaseline /bench/bare/: p50 {baseline['p50'] * 1000:.2f} ms, "
        f"p95 {baseline['p95'] * 1000:.2f} ms ({clock} time; CPU p50 "
        f"{baseline['cpu50'] * 1000:.2f} ms, p95 {baseline['cpu95'] * 1000:.2f} ms; wall "
        f"p50 {baseline['wall50'] * 1000:.2f} ms, p95 {baseline['wall95'] * 1000:.2f} ms)"
        f" → page target p95 ≤ {limit * 1000:.1f} ms ({TARGET_RATIO}×)\n"
    )
    problems = []
    rows = []
    broken_by = dict.fromkeys(TARGETS, 0)
    broken_by["enumeration"] = len(missing)
    for (key, role), figures in sorted(large.items()):
        ref = small.get((key, role), {})
        # A streamed document other than a page (the Murmurations index of
        # every profile, say) is an export: read in chunks by design, so its
        # queries grow with the data and its memory does not.
        streamed = figures.get("streamed", False) and not figures["html"]
        listed_apart = is_report(key, figures["url"]) or streamed
        ratio = figures["p95"] / baseline["p95"]
        broken = []
        if figures["status"] != 200:
            broken.append(f"answered {figures['status']}")
            broken_by["status"] += 1
        if not listed_apart and ratio > TARGET_RATIO:
            broken.append(f"p95 {ratio:.0f}× the bare view")
            broken_by["time"] += 1
        if (
            ref
            and not is_delete_page(key)
            and not streamed
            and figures["queries"] > ref["queries"] + QUERY_GROWTH
        ):
            broken.append(f"queries {ref['queries']} → {figures['queries']}")
            broken_by["queries"] += 1
        # A printable report in HTML (the network report ranks every member
        # and draws the map) is as long as what it lists: it is a report,
        # listed with its size, not a page held to HTML_LIMIT. Only those
        # named reports: the other report words and the admin of the debates'
        # abuse reports stay pages.
        printable = (
            listed_apart
            and bool(PRINTABLE_WORDS & _words(key))
            and not key.startswith("admin")
        )
        if figures["html"] and not printable and figures["size"] > HTML_LIMIT:
            broken.append(f"HTML {figures['size'] // 1024} KB")
            broken_by["html"] += 1
        rows.append((key, role, figures, ref, ratio, listed_apart, broken))
        if broken:
            problems.append((key, role, ratio, broken))

    def line(key, role, figures, ref, ratio, broken):
        return (
            f"{key[:60]:<60} {role:<11} {figures['p50'] * 1000:>8.1f} "
            f"{figures['p95'] * 1000:>8.1f} {ratio:>6.1f}× "
            f"{figures['cpu50'] * 1000:>7.1f} {figures['samples']:>3} "
            f"{ref.get('queries', '-'):>4}→{figures['queries']:<4}"
            f" {figures['size'] / 1024:>7.1f} KB  {'; '.join(broken)}"
        )

    header = (
        f"{'pattern':<60} {'role':<11} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>7} "
        f"{'CPU p50':>7} {'n':>3} {'queries':>9} {'size':>10}"
    )
    log(
        f"Times in {clock} time; 'CPU p50' the process's CPU time of the median "
        "request; n the timed requests (after a warm-up)."
    )
    for title, want_report in (("Pages", False), ("Reports and exports", True)):
        log(f"== {title}")
        log(header)
        for key, role, figures, ref, ratio, listed_apart, broken in rows:
            if listed_apart == want_report:
                log(line(key, role, figures, ref, ratio, broken))
        log("")
    log("== The worst ten (p95 as a multiple of the bare view)")
    for key, role, figures, ref, ratio, _listed_apart, broken in sorted(
        rows, key=lambda row: -row[4]
    )[:10]:
        log(line(key, role, figures, ref, ratio, broken))
    log("")
    measured = {key for key, _role in large}
    log(f"{len(measured)} patterns measured ({len(large)} pattern × role pairs).")
    if missing:
        log(
            "\nURL patterns missing from the enumeration (no row in the permission matrix):"
        )
        for route in missing:
            log(f"  {route}")
    if problems:
        log(f"\n{len(problems)} pattern × role pairs break a target:")
        for key, role, _ratio, broken in problems:
            log(f"  {key} ({role}): {'; '.join(broken)}")
            if any(text.startswith("queries") for text in broken):
                for count, sql in large[(key, role)]["repeated"]:
                    log(f"      {count}× {sql}")
    else:
        log("\nEvery page within its targets.")
    return broken_by


def machine_busy() -> float | None:
    """Seconds of CPU every process of the machine has used since boot
    (/proc/stat), None where there is no /proc."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal …: all but idle and iowait
    busy = sum(int(x) for i, x in enumerate(fields[:8]) if i not in (3, 4))
    return busy / os.sysconf("SC_CLK_TCK")


def others_note(busy_before: float | None, cpu_before: float, wall: float) -> str:
    """What the other processes of the machine used while the pages were
    measured: a crawl beside a busy process measures its pages 1.6–2× slower
    (shared cores and caches) while its bare view barely moves."""
    busy_after = machine_busy()
    if busy_before is None or busy_after is None or wall <= 0:
        return ""
    others = max(0.0, busy_after - busy_before - (time.process_time() - cpu_before))
    share = others / wall
    note = (
        f"Other processes used {others:.1f} s of CPU while the pages were measured "
        f"({share:.0%} of a core)"
    )
    if share > 0.10:
        return note + ": this run's times are inflated; measure again alone."
    return note + "."


def summary(broken_by: dict[str, int], started: float, clock: str) -> str:
    """One line: the run's wall and CPU time, the load, each target's verdict."""
    verdicts = "; ".join(
        f"{TARGETS[name]}{' (' + clock + ')' if name == 'time' else ''}: "
        + (f"FAIL ({count})" if count else "PASS")
        for name, count in broken_by.items()
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    verdict = "FAIL" if any(broken_by.values()) else "PASS"
    return (
        f"SUMMARY {verdict}: total {time.perf_counter() - started:.0f} s wall, "
        f"{time.process_time():.0f} s CPU (load average {load}); {verdicts}"
    )


def save_state(path: Path, world: dict, counts: dict, small: dict) -> None:
    people = {
        role: (user.pk if user is not None else None)
        for role, user in world["people"].items()
    }
    state = {"values": world["values"], "people": people, "counts": counts}
    state["small"] = small
    (path / STATE).write_bytes(pickle.dumps(state))


def load_state(path: Path) -> tuple[dict, dict, dict]:
    """(world, counts, small figures) of a kept site, its migrations applied
    (a migration of the code measured now, an index say, is in the crawl)."""
    import django

    django.setup()
    from django.core.management import call_command

    from teixit.accounts.models import User

    state = pickle.loads((path / STATE).read_bytes())
    with Timer("migrations of the kept site"):
        call_command("migrate", verbosity=0)
    people = {
        role: (User.objects.get(pk=pk) if pk is not None else None)
        for role, pk in state["people"].items()
    }
    return (
        {"values": state["values"], "people": people},
        state["counts"],
        state["small"],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument(
        "--factor",
        type=float,
        help="Any fraction of network scale (overrides --scale).",
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=4,
        help="Timed requests per page and role after the warm-up (default 4).",
    )
    parser.add_argument(
        "--max-samples",
        type=int,
        default=20,
        help="Timed requests at most for a page whose slowest of the first "
        "--samples is over half its target (default 20: its p95 is then the "
        "second slowest, not the slowest); it stops once two are over.",
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="The time the targets are judged on: wall (default), or the "
        "process's CPU time, what a request takes on a quiet machine (on a "
        "shared one). Both are printed.",
    )
    parser.add_argument("--only", help="Measure only the patterns matching this regex.")
    parser.add_argument(
        "--template-dir",
        type=Path,
        default=Path(tempfile.gettempdir()),
        help="Where the migrated database with the reference data is kept, one "
        "file per version of the migrations and the shipped data (default: %(default)s).",
    )
    parser.add_argument(
        "--no-template",
        action="store_true",
        help="Migrate and load the reference data without a template, making none.",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Leave the built site in place (its path is printed) for --reuse.",
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="Measure the site a run with --keep built in DIR, without building "
        "(the small world's query counts are the ones that run measured); kept.",
    )
    options = parser.parse_args()
    started = time.perf_counter()
    if options.reuse:
        tmp = options.reuse.resolve()
        if not (tmp / STATE).exists():
            parser.error(f"{tmp} holds no site kept by --keep ({STATE} missing)")
    else:
        tmp = Path(tempfile.mkdtemp(prefix="teixit-crawl-"))
    use_directory(tmp)
    clock = options.clock
    try:
        if options.reuse:
            log(f"Reusing the site in {tmp}…")
            world, counts, small = load_state(tmp)
            matrix, missing = enumeration()
            if options.only:
                small = {
                    k: v for k, v in small.items() if re.search(options.only, k[0])
                }
        else:
            log(f"Building the site ({options.scale} scale) in {tmp}…")
            template = (
                None
                if options.no_template
                else template_path(options.template_dir.resolve())
            )
            world = build_base(tmp, template)
            matrix, missing = enumeration()
            log("Measuring every page on the small world (reference query counts)…")
            with Timer("the small world's crawl"):
                small = crawl(matrix, world, options.only, reference=True)
            log("Adding data at scale…")
            with Timer("data at scale, in all"):
                counts = build_scale(world, options.factor or SCALES[options.scale])
            if options.keep:
                save_state(tmp, world, counts, small)
        log("  " + ", ".join(f"{what}: {count:,}" for what, count in counts.items()))
        log(
            f"Measuring every page at scale… ({time.perf_counter() - started:.0f} s, "
            f"{time.process_time():.0f} s CPU)"
        )
        busy_before, cpu_before = machine_busy(), time.process_time()
        wall_before = time.perf_counter()
        with Timer("the crawl at scale"):
            baseline = bare(clock)
            large = crawl(
                matrix,
                world,
                options.only,
                samples=options.samples,
                more=max(0, options.max_samples - options.samples),
                limit=TARGET_RATIO * baseline["p95"],
                clock=clock,
            )
            baseline_after = bare(clock)
        if baseline_after["p95"] > baseline["p95"]:
            # the slower of the two: the machine may be shared
            baseline = baseline_after
        others = others_note(busy_before, cpu_before, time.perf_counter() - wall_before)
        broken_by = report(small, large, baseline, missing, clock)
        if others:
            log("\n" + others)
        log("\n" + summary(broken_by, started, clock))
        return 1 if any(broken_by.values()) else 0
    finally:
        if options.keep or options.reuse:
            log(f"Kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
