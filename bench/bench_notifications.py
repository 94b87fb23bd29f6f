#!/usr/bin/env python
"""Speed of notifications and debates with many people and messages.

What it measures, on a temporary SQLite file under /tmp (never db.sqlite3),
with 10,000 people, 100,000 notifications (half unread; about 60 % waiting for
the weekly digest, 20 % for the daily one, the rest at once or never) and
20,000 debate messages in 500 debates:

1. the header's unread count: the SQL it runs (target: one query, answered
   from the partial index `notifications_unread`, per SQLite's query plan) and
   its p95 over 300 people, as a ratio of the **baseline**: the primary-key
   look-up of the same person (`User.objects.filter(pk=…).exists()`);
2. the notifications page: its number of SQL queries for a person with 5
   notifications and for one with 1,000 (target: equal), and the debate list
   with unread counts for a person (target: equal for 5 and 500 debates);
3. the weekly and daily digest runs for everyone (`digests_send`): wall time
   (target ≤ 60 s each), e-mails sent (target: exactly one per person with
   something waiting), a second run of each (target: 0 e-mails), and the
   weekly run's time as a ratio of the **baseline**: rendering and sending one
   plain e-mail to each of the same people with `send_mail` (one template, no
   grouping), measured in the same run.

The script prints the figures and whether each target is met; it does not
fail on a missed target.

    .venv/bin/python bench/bench_notifications.py [--users 10000]
        [--notifications 100000] [--messages 20000]
"""

from __future__ import annotations

import argparse
import os
import random
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
    os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95) - 1)]


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _populate(users: int, notifications: int, messages: int, rng: random.Random):
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from teixit.accounts.models import User
    from teixit.debates.models import Debate, Reply, Space
    from teixit.notifications.models import Notification
    from teixit.practices.models import Practice

    password = make_password("password")
    User.objects.bulk_create(
        [
            User(
                email=f"persona{n}@example.org",
                name=f"Persona {n}",
                password=password,
                language=rng.choice(["ca", "ca", "es", "en"]),
            )
            for n in range(users)
        ],
        batch_size=2000,
    )
    user_ids = list(User.objects.values_list("pk", flat=True))
    practice_type = ContentType.objects.get_for_model(Practice)
    now = timezone.now()
    deliveries = ["weekly"] * 6 + ["daily"] * 2 + ["never", "immediate"]
    rows = []
    created = 0
    # The two people measured on the page: 5 and 1,000 notifications.
    few, many = user_ids[0], user_ids[1]
    plan = [(few, 5), (many, 1000)]
    remaining = notifications - 1005
    while created < notifications:
        if plan:
            recipient, count = plan.pop(0)
        else:
            recipient, count = rng.choice(user_ids[2:]), 1
            remaining -= 1
        for _ in range(count):
            target = rng.randint(1, 3000)
            rows.append(
                Notification(
                    recipient_id=recipient,
                    verb="practices.published",
                    kind="knowledge",
                    target_type=practice_type,
                    target_id=target,
                    target_title=f"Pràctica {target}",
                    url=f"/practices/{target}/",
                    group_key=f"{practice_type.pk}:{target}",
                    created_at=now,
                    read_at=None if rng.random() < 0.5 else now,
                    delivery=rng.choice(deliveries),
                )
            )
            created += 1
        if len(rows) >= 5000:
            Notification.objects.bulk_create(rows, batch_size=5000)
            rows = []
    if rows:
        Notification.objects.bulk_create(rows, batch_size=5000)
    # Immediate ones were e-mailed at the time: only digests are pending here.
    Notification.objects.filter(delivery="immediate").update(delivery="never")

    space = Space.objects.create(name="Xarxa", slug="xarxa", visibility="public")
    debates = Debate.objects.bulk_create(
        [
            Debate(
                space=space,
                title=f"Debat {n}",
                body="Text",
                author_id=rng.choice(user_ids),
                last_activity_at=now,
            )
            for n in range(500)
        ]
    )
    replies = [
        Reply(
            debate=rng.choice(debates), author_id=rng.choice(user_ids), body="Missatge"
        )
        for _ in range(messages)
    ]
    Reply.objects.bulk_create(replies, batch_size=5000)
    return few, many


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--notifications", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(14)

    with tempfile.TemporaryDirectory(prefix="teixit-bench-") as tmp:
        _setup_django(Path(tmp) / "bench.sqlite3")
        from django.core import mail
        from django.core.mail import send_mail
        from django.db import connection
        from django.template import Context, Template
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import translation

        from teixit.accounts.models import User
        from teixit.debates import selectors as debate_selectors
        from teixit.notifications import selectors, services
        from teixit.notifications.models import Notification

        start = time.perf_counter()
        few, many = _populate(args.users, args.notifications, args.messages, rng)
        print(
            f"data: {User.objects.count():,} people, "
            f"{Notification.objects.count():,} notifications, "
            f"{args.messages:,} debate messages ({time.perf_counter() - start:.1f} s)"
        )
        results = []

        # 1. The header's unread count ------------------------------------------------
        people = list(User.objects.order_by("?")[:300])
        for person in people:  # warm the page cache
            selectors.unread_count(person)
        with CaptureQueriesContext(connection) as queries:
            selectors.unread_count(people[0])
        sql = queries.captured_queries[0]["sql"]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        count_times = []
        base_times = []
        for person in people:
            count_times += _timed(lambda p=person: selectors.unread_count(p), 1)
            base_times += _timed(
                lambda p=person: User.objects.filter(pk=p.pk).exists(), 1
            )
        ratio = _p95(count_times) / _p95(base_times)
        one_query = len(queries) == 1 and "notifications_unread" in plan
        print(f"\n1. unread count: {len(queries)} query; plan: {plan}")
        print(
            f"   p95 {_p95(count_times) * 1000:.2f} ms vs primary-key look-up "
            f"{_p95(base_times) * 1000:.2f} ms: ratio {ratio:.1f}"
        )
        results.append(("unread count is one indexed query", one_query))

        # 2. Query counts of the pages -----------------------------------------------
        client = Client()
        counts = {}
        for label, user_id in (("5", few), ("1,000", many)):
            client.force_login(User.objects.get(pk=user_id))
            client.get("/notifications/")
            with CaptureQueriesContext(connection) as page_queries:
                response = client.get("/notifications/")
            counts[label] = (len(page_queries), response.status_code)
        print(
            "\n2. notifications page queries: "
            + ", ".join(
                f"{n} notifications → {c[0]} (HTTP {c[1]})" for n, c in counts.items()
            )
        )
        results.append(
            (
                "notifications page queries do not grow",
                len({c[0] for c in counts.values()}) == 1,
            )
        )
        reader = User.objects.get(pk=few)
        list(debate_selectors.debate_list_for_user(reader)[:1])  # role facts cached
        with CaptureQueriesContext(connection) as q_small:
            list(debate_selectors.debate_list_for_user(reader)[:5])
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as q_large:
            rows = list(debate_selectors.debate_list_for_user(reader)[:500])
        took = time.perf_counter() - start
        print(
            f"   debate list with unread counts: 5 debates → {len(q_small)} query, "
            f"500 debates → {len(q_large)} query ({took * 1000:.0f} ms; "
            f"{sum(r.unread_count for r in rows):,} unread messages)"
        )
        results.append(
            ("debate list queries do not grow", len(q_small) == len(q_large))
        )

        # 3. Digests -----------------------------------------------------------------------
        weekly_people = (
            Notification.objects.filter(delivery="weekly", email__isnull=True)
            .values("recipient")
            .distinct()
            .count()
        )
        daily_people = (
            Notification.objects.filter(delivery="daily", email__isnull=True)
            .values("recipient")
            .distinct()
            .count()
        )
        baseline_people = list(
            User.objects.filter(
                pk__in=Notification.objects.filter(delivery="weekly").values(
                    "recipient"
                )
            )
        )
        template = Template(
            "{% load i18n %}{% translate 'Hello' %} {{ user.name }}, "
            "{{ count }} {% translate 'notifications' %}: {{ url }}"
        )
        mail.outbox = []
        start = time.perf_counter()
        for person in baseline_people:
            with translation.override(person.language):
                body = template.render(
                    Context({"user": person, "count": 3, "url": "/n/"})
                )
            send_mail("Resum", body, None, [person.email])
        baseline = time.perf_counter() - start
        mail.outbox = []

        start = time.perf_counter()
        sent_weekly = services.digests_send(frequency="weekly")
        weekly_time = time.perf_counter() - start
        weekly_outbox = len(mail.outbox)
        recipients = [m.to[0] for m in mail.outbox]
        start = time.perf_counter()
        sent_daily = services.digests_send(frequency="daily")
        daily_time = time.perf_counter() - start
        again = services.digests_send(frequency="weekly") + services.digests_send(
            frequency="daily"
        )
        print(
            f"\n3. weekly digest: {sent_weekly:,} e-mails for {weekly_people:,} people "
            f"in {weekly_time:.1f} s (baseline, one plain e-mail each: {baseline:.1f} s; "
            f"ratio {weekly_time / baseline:.1f})"
        )
        print(
            f"   daily digest: {sent_daily:,} e-mails for {daily_people:,} people in {daily_time:.1f} s"
        )
        print(f"   second runs: {again} e-mails")
        results.append(("weekly digest ≤ 60 s", weekly_time <= 60))
        results.append(("daily digest ≤ 60 s", daily_time <= 60))
        results.append(
            (
                "one e-mail per person per digest",
                sent_weekly == weekly_people == weekly_outbox == len(set(recipients))
                and sent_daily == daily_people,
            )
        )
        results.append(("nothing sent twice", again == 0))

        print("\nTargets:")
        for label, met in results:
            print(f"  {'met ' if met else 'MISSED'}  {label}")


if __name__ == "__main__":
    main()
