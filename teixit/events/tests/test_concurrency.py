"""Two people never take the last place at the same time (PostgreSQL row
lock, the same shared waiting list as trainings)."""

import threading

import pytest
from django.db import connection

from teixit.accounts.tests.factories import UserFactory
from teixit.events import services
from teixit.events.models import Registration

from .factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_registrations_take_exactly_the_places():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises writers with IMMEDIATE transactions"
        )
    event = EventFactory(capacity=2, audience="public")
    users = [UserFactory() for _ in range(6)]
    barrier = threading.Barrier(len(users))
    errors = []

    def register(user):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.event_register(event=event, user=user, consent=True)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    statuses = list(
        Registration.objects.filter(event=event).values_list("status", flat=True)
    )
    assert statuses.count("registered") == 2
    assert statuses.count("waitlisted") == 4
    positions = sorted(
        r.waitlist_position for r in Registration.objects.filter(status="waitlisted")
    )
    assert positions == [1, 2, 3, 4]
