import pytest
from django.core.management import call_command

from teixit.events.models import Event
from teixit.events.selectors import network_meetings_held
from teixit.network.services import demo_network_load

pytestmark = pytest.mark.django_db


def test_demo_events_is_idempotent_and_feeds_2018():
    demo_network_load()
    call_command("demo_events")
    call_command("demo_events")
    assert Event.objects.count() == 5
    assert network_meetings_held(year=2018) == 3
    assert Event.objects.filter(kind="visit").count() == 1
    assert Event.objects.filter(kind="external").count() == 1
