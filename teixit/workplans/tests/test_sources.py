"""The sources registry: registration, text match, explicit link."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from teixit.workplans.models import Indicator
from teixit.workplans.sources import (
    _SOURCES,
    indicator_source_get,
    indicator_sources_serving,
    register_indicator_source,
)
from teixit.workplans.tests.factories import ActionFactory
from teixit.workplans.tracking import action_source_link, plan_sources_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_source():
    register_indicator_source(
        "test.trobades",
        label="Trobades fetes",
        compute=lambda *, year: 2,
        unit="trobades",
        target=3,
        matches=["trobades anuals"],
    )
    yield indicator_source_get("test.trobades")
    _SOURCES.pop("test.trobades", None)


def test_a_source_serves_actions_whose_folded_text_matches(test_source):
    assert test_source in indicator_sources_serving(
        "Organitzar i promoure 3 TROBADES ANUALS amb tots els membres"
    )
    assert test_source not in indicator_sources_serving("Fer un mapa")
    assert test_source.module == "test"


def test_plan_sources_link_creates_one_indicator_per_matching_action(
    test_source, secretariat_user
):
    action = ActionFactory(text="Organitzar 3 trobades anuals de la xarxa")
    other = ActionFactory(objective=action.objective, text="Una altra acció")
    plan = action.objective.line.plan

    created = plan_sources_link(plan=plan, user=secretariat_user)
    again = plan_sources_link(plan=plan, user=secretariat_user)

    assert [i.action for i in created if i.source == "test.trobades"] == [action]
    assert again == []
    indicator = Indicator.objects.get(action=action, source="test.trobades")
    assert indicator.target == Decimal(3)
    assert indicator.unit == "trobades"
    assert not other.indicators.exists()


def test_linking_sources_is_for_the_secretariat(test_source, body_member_user):
    action = ActionFactory(text="3 trobades anuals")
    with pytest.raises(PermissionDenied):
        plan_sources_link(plan=action.objective.line.plan, user=body_member_user)
    with pytest.raises(PermissionDenied):
        action_source_link(action=action, user=body_member_user, code="test.trobades")
    assert not Indicator.objects.exists()


def test_explicit_link_ties_a_source_to_any_action(test_source, secretariat_user):
    action = ActionFactory(text="Res a veure")
    indicator = action_source_link(
        action=action, user=secretariat_user, code="test.trobades"
    )
    assert indicator.source == "test.trobades"
    assert (
        action_source_link(action=action, user=secretariat_user, code="test.trobades")
        == indicator
    )
    with pytest.raises(ValidationError):
        action_source_link(action=action, user=secretariat_user, code="nope.nothing")
