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


def test_seed_plan_action_i2a_gets_the_meetings_indicator_3_of_3_in_2018():
    from teixit.workplans.models import Indicator
    from teixit.workplans.selectors import plan_indicators
    from teixit.workplans.services import demo_workplans_load

    demo_network_load()
    call_command("demo_events")
    demo_workplans_load()
    indicator = Indicator.objects.get(source="events.network_meetings_held")
    assert indicator.action.text.startswith("Organitzar i promoure 3 trobades anuals")
    assert indicator.target == 3
    rows = plan_indicators(indicator.action.objective.line.plan)
    row = next(r for r in rows if r.indicator == indicator)
    assert row.values == [(2017, 0), (2018, 3), (2019, 0)]


def test_demo_agreement_is_tied_to_action_i2a_when_the_plan_is_loaded():
    from teixit.events.models import Agreement
    from teixit.workplans.services import demo_workplans_load

    demo_network_load()
    demo_workplans_load()
    call_command("demo_events")
    agreement = Agreement.objects.get(text__startswith="Preparar el calendari")
    assert agreement.action.text.startswith("Organitzar i promoure 3 trobades")
