"""'An entity is stale': the daily check tells the technicians of the
entity's municipality, once per entity and staleness period."""

import datetime as dt

import pytest
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.entities.models import Entity
from teixit.entities.tests.factories import EntityFactory
from teixit.network.tests.factories import TechnicianFactory
from teixit.notifications.handlers import stale_entities_notify
from teixit.notifications.models import Notification
from teixit.notifications.services import follow

pytestmark = pytest.mark.django_db


def told():
    return set(
        Notification.objects.filter(verb="entities.stale").values_list(
            "recipient_id", "target_id"
        )
    )


def test_stale_entities_reach_their_municipalitys_technicians_once(
    member, other_member, technician_user, secretariat_user, settings
):
    settings.TEIXIT_ENTITIES_UNVERIFIED_DAYS = 365
    today = timezone.localdate()
    old = today - dt.timedelta(days=400)
    stale = EntityFactory(municipality=member.municipality, last_verified_on=old)
    never = EntityFactory(municipality=member.municipality, last_verified_on=None)
    fresh = EntityFactory(
        municipality=member.municipality, last_verified_on=today - dt.timedelta(10)
    )
    EntityFactory(
        municipality=member.municipality,
        last_verified_on=old,
        status=Entity.Status.ARCHIVED,
    )
    other = EntityFactory(municipality=other_member.municipality, last_verified_on=old)
    other_technician = UserFactory()
    TechnicianFactory(user=other_technician, member=other_member)
    fan = UserFactory()
    follow(user=fan, target=stale)

    assert stale_entities_notify(today=today) == 3
    assert told() == {
        (technician_user.pk, stale.pk),
        (technician_user.pk, never.pk),
        (other_technician.pk, other.pk),
    }
    # Never twice in the same staleness period.
    assert stale_entities_notify(today=today + dt.timedelta(days=1)) == 0
    assert Notification.objects.filter(verb="entities.stale").count() == 3

    # Verified again, it is told again only when it goes stale anew.
    stale.last_verified_on = today + dt.timedelta(days=1)
    stale.save(update_fields=["last_verified_on"])
    assert stale_entities_notify(today=today + dt.timedelta(days=30)) == 0
    # A year later both it and the entity fresh today are stale.
    assert stale_entities_notify(today=today + dt.timedelta(days=400)) == 2
    assert (technician_user.pk, fresh.pk) in told()
    assert (
        Notification.objects.filter(verb="entities.stale", target_id=stale.pk).count()
        == 2
    )


def test_the_daily_digest_run_reports_stale_entities(member, technician_user):
    from teixit.notifications.tasks import digests_send_scheduled

    entity = EntityFactory(municipality=member.municipality, last_verified_on=None)
    digests_send_scheduled.call("daily")
    assert told() == {(technician_user.pk, entity.pk)}
