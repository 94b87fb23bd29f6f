"""The unverified count of the home page and the unverified list
(`selectors.entity_unverified_count`): shared by everyone with the same scope,
kept while the register does not change, and behind a change by at most a
minute."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.entities import selectors
from teixit.entities.models import Entity
from teixit.entities.selectors import UNVERIFIED_COUNT_SECONDS, entity_unverified_count
from teixit.network.tests.factories import BodyMembershipFactory, TechnicianFactory

from .factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def _counts(user) -> tuple[int, int]:
    """The count, and how many COUNT queries over the register gave it."""
    with CaptureQueriesContext(connection) as queries:
        count = entity_unverified_count(user)
    counted = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and "entities_entity" in q["sql"]
    ]
    return count, len(counted)


@pytest.fixture
def register(member, other_member):
    stale = timezone.localdate() - datetime.timedelta(days=400)
    EntityFactory(municipality=member.municipality, last_verified_on=None)
    EntityFactory(municipality=member.municipality, last_verified_on=stale)
    EntityFactory(
        municipality=member.municipality, last_verified_on=timezone.localdate()
    )
    EntityFactory(municipality=other_member.municipality, last_verified_on=None)
    return member


def _same_member_technician(member):
    user = UserFactory(is_staff=True)
    TechnicianFactory(user=user, member=member)
    return user


def test_the_secretariat_shares_one_count(register, secretariat_body):
    first, second = UserFactory(is_staff=True), UserFactory(is_staff=True)
    for user in (first, second):
        BodyMembershipFactory(user=user, body=secretariat_body)
    expected = selectors.entity_list_unverified(first).count()
    assert _counts(first) == (expected, 1)
    assert _counts(second) == (expected, 0)  # the first one's count


def test_technicians_share_their_members_count_not_anothers(
    register, technician_user, secretariat_user, other_member
):
    mine = selectors.entity_list_unverified(technician_user).count()
    everyone = selectors.entity_list_unverified(secretariat_user).count()
    assert mine < everyone
    assert _counts(secretariat_user) == (everyone, 1)
    assert _counts(technician_user) == (mine, 1)  # not the secretariat's
    colleague = _same_member_technician(register)
    assert _counts(colleague) == (mine, 0)  # the same member: shared
    elsewhere = _same_member_technician(other_member)
    theirs = selectors.entity_list_unverified(elsewhere).count()
    assert _counts(elsewhere) == (theirs, 1)


def test_the_count_is_kept_while_the_register_does_not_change(
    register, secretariat_user, monkeypatch
):
    count, _ = _counts(secretariat_user)
    if selectors.register_stamp() is None:
        pytest.skip("PostgreSQL stamps at the commit: a test's writes have none")
    later = time.time() + 10 * UNVERIFIED_COUNT_SECONDS
    monkeypatch.setattr(time, "time", lambda: later)
    assert _counts(secretariat_user) == (count, 0)  # no write: no new count


def test_a_change_shows_within_the_minute(register, secretariat_user, monkeypatch):
    """A new unverified entity, then one verified: kept for what is left of
    the minute, counted again after it."""
    count, _ = _counts(secretariat_user)
    EntityFactory(municipality=register.municipality, last_verified_on=None)
    assert _counts(secretariat_user) == (count, 0)  # within the minute
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start + UNVERIFIED_COUNT_SECONDS + 1)
    assert _counts(secretariat_user) == (count + 1, 1)
    assert _counts(secretariat_user) == (count + 1, 0)  # kept at the new stamp

    Entity.objects.filter(last_verified_on__isnull=True).update(
        last_verified_on=timezone.localdate()
    )
    monkeypatch.setattr(time, "time", lambda: start + 2 * UNVERIFIED_COUNT_SECONDS + 2)
    assert _counts(secretariat_user) == (
        selectors.entity_list_unverified(secretariat_user).count(),
        1,
    )


def test_a_new_day_counts_again(register, secretariat_user, monkeypatch):
    """What is stale depends on the day: a new day is a new count."""
    count, _ = _counts(secretariat_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert _counts(secretariat_user)[1] == 1
