#!/usr/bin/env python
"""The unverified count of the home page (`entities.selectors.entity_unverified_count`)
for several people of the secretariat, shared against kept per person.

On a temporary SQLite file under /tmp (never db.sqlite3): `--entities` published
entities (half of them not verified for over a year) in 100 municipalities, a
secretariat of `--people` people and as many technicians of one member. Then, in
CPU time (`time.process_time()`, so the machine's load matters less):

1. baseline, the count itself (`entity_list_unverified(user).order_by().count()`);
2. "before": each person's first home page of a minute with the count kept a
   minute per person (the former code, copied here): one count per person;
3. "after": the same people with the shared count: one count for the
   secretariat, one for the member's technicians;
4. the next minute with no write to the register: before, one count per person
   again; after, none (kept at the register's stamp);
5. the next minute after a write: after, one count per scope.

It prints milliseconds and ratios to the baseline; it does not fail.

    .venv/bin/python bench/bench_unverified_count.py [--entities 100000] [--people 5]
"""

from __future__ import annotations

import argparse
import datetime
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
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    os.environ["DJANGO_DEBUG"] = "False"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(entities: int, people: int):
    from django.utils import timezone

    from teixit.accounts.tests.factories import UserFactory
    from teixit.entities.models import Entity
    from teixit.network.tests.factories import (
        BodyFactory,
        BodyMembershipFactory,
        MemberFactory,
        TechnicianFactory,
    )
    from teixit.territories.tests.factories import MunicipalityFactory

    towns = [MunicipalityFactory() for _ in range(100)]
    stale = timezone.localdate() - datetime.timedelta(days=400)
    fresh = timezone.localdate()
    Entity.objects.bulk_create(
        (
            Entity(
                name=f"Entitat {i}",
                name_key=f"entitat {i}",
                municipality=towns[i % len(towns)],
                status=Entity.Status.PUBLISHED,
                last_verified_on=(None, stale, fresh, fresh)[i % 4],
            )
            for i in range(entities)
        ),
        batch_size=5000,
    )
    secretariat = BodyFactory(kind="secretariat", slug="secretaria-tecnica")
    member = MemberFactory(municipality=towns[0])
    staff = []
    for _ in range(people):
        user = UserFactory(is_staff=True)
        BodyMembershipFactory(user=user, body=secretariat)
        staff.append(user)
    technicians = []
    for _ in range(people):
        user = UserFactory(is_staff=True)
        TechnicianFactory(user=user, member=member)
        technicians.append(user)
    return staff, technicians


def _before(user) -> int:
    """The former count: kept a minute per person."""
    from django.core.cache import cache

    from teixit.entities.conf import entities_unverified_days
    from teixit.entities.selectors import entity_list_unverified

    key = f"bench:unverified-count:{user.pk}:{entities_unverified_days()}"
    total = cache.get(key)
    if total is None:
        total = entity_list_unverified(user).order_by().count()
        cache.set(key, total, 60)
    return total


def _cpu(fn, users) -> float:
    """CPU milliseconds for every user's call, fresh user objects (a request's)."""
    from teixit.accounts.models import User

    fresh = [User.objects.get(pk=u.pk) for u in users]
    start = time.process_time()
    for user in fresh:
        fn(user)
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tidy-bench-", dir="/tmp") as tmp:
        _setup_django(Path(tmp) / "bench.sqlite3")
        from django.core.cache import cache

        from teixit.entities.models import Entity
        from teixit.entities.selectors import (
            UNVERIFIED_COUNT_SECONDS,
            entity_list_unverified,
            entity_unverified_count,
        )

        staff, technicians = _build(args.entities, args.people)
        everyone = staff + technicians
        print(
            f"{args.entities:,} entities, {args.people} secretariat people and "
            f"{args.people} technicians of one member; load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        baseline = min(
            _cpu(lambda u: entity_list_unverified(u).order_by().count(), staff[:1])
            for _ in range(3)
        )
        print(f"baseline: one count of the whole register {baseline:.1f} ms CPU")

        cache.clear()
        before = _cpu(_before, everyone)
        cache.clear()
        after = _cpu(entity_unverified_count, everyone)
        print(
            f"first home pages of a minute ({len(everyone)} people): "
            f"before {before:.1f} ms ({before / baseline:.1f}× baseline), "
            f"after {after:.1f} ms ({after / baseline:.1f}×)"
        )

        real_time = time.time
        minute = [UNVERIFIED_COUNT_SECONDS + 1]

        def later() -> float:
            return real_time() + minute[0]

        time.time = later  # the locmem cache reads it too: a minute passes
        try:
            before = _cpu(_before, everyone)
            after = _cpu(entity_unverified_count, everyone)
            print(
                f"next minute, no write: before {before:.1f} ms "
                f"({before / baseline:.1f}×), after {after:.1f} ms "
                f"({after / baseline:.1f}×)"
            )
            first = Entity.objects.order_by("pk").first()
            Entity.objects.filter(pk=first.pk).update(last_verified_on=None)
            minute[0] = 2 * (UNVERIFIED_COUNT_SECONDS + 1)
            before = _cpu(_before, everyone)
            after = _cpu(entity_unverified_count, everyone)
            print(
                f"next minute, after a write: before {before:.1f} ms "
                f"({before / baseline:.1f}×), after {after:.1f} ms "
                f"({after / baseline:.1f}×)"
            )
        finally:
            time.time = real_time


if __name__ == "__main__":
    main()
