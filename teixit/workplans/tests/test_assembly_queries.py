"""The assembly's report and the plan's evaluation read in a bounded number of
queries: related items of every action at once (not a few queries per
action), each computed source once a year, and the evaluation reads only what
it shows. The batched related items are the ones the action page lists."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teixit.debates.models import Debate, Space
from teixit.debates.tests.factories import DebateFactory, SpaceFactory
from teixit.events.models import Event
from teixit.events.tests.factories import AgreementFactory, EventFactory
from teixit.workplans.models import Action, Indicator
from teixit.workplans.related import action_related, actions_related
from teixit.workplans.sources import indicator_sources

pytestmark = pytest.mark.django_db


def _tie_related_items(plan, count: int) -> list[Action]:
    """Agreements of a held meeting and closed debates with conclusions on
    the plan's first `count` actions; one debate in a members-only space."""
    actions = list(Action.objects.for_plan(plan).order_by("pk")[:count])
    meeting = EventFactory(
        status=Event.Status.HELD, starts_at=timezone.now() - timedelta(days=3)
    )
    action_type = ContentType.objects.get_for_model(Action)
    for n, action in enumerate(actions):
        AgreementFactory(event=meeting, action=action, text=f"Acord {n}")
        by_agreement = DebateFactory(
            title=f"Debat acordat {n}",
            status=Debate.Status.CLOSED,
            closed_at=timezone.now() - timedelta(days=n + 1),
            conclusions=f"Conclusió {n}",
        )
        by_agreement.agreements.add(action, actions[0])
        DebateFactory(
            title=f"Debat adjunt {n}",
            status=Debate.Status.CLOSED,
            closed_at=timezone.now() - timedelta(hours=n + 1),
            conclusions=f"Conclusió adjunta {n}",
            target_type=action_type,
            target_id=action.pk,
            space=SpaceFactory(visibility=Space.Visibility.MEMBERS)
            if n == 1
            else SpaceFactory(),
        )
    # A closed debate without conclusions lists nothing.
    DebateFactory(
        status=Debate.Status.CLOSED,
        closed_at=timezone.now(),
        target_type=action_type,
        target_id=actions[0].pk,
    )
    return actions


@pytest.mark.parametrize("who", ["anonymous", "registered", "secretariat"])
def test_related_items_of_many_actions_are_those_of_each_action(
    who, seed_plan, registered_user, secretariat_user
):
    _tie_related_items(seed_plan, 4)
    user = {
        "anonymous": AnonymousUser(),
        "registered": registered_user,
        "secretariat": secretariat_user,
    }[who]
    actions = list(Action.objects.for_plan(seed_plan).select_related("objective__line"))

    together = actions_related(actions=actions, user=user)

    assert set(together) == {action.pk for action in actions}
    for action in actions:
        assert together[action.pk] == action_related(action=action, user=user)
    assert any(together.values())


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["plan_assembly", "plan_evaluation"])
def test_the_plan_reports_queries_do_not_grow_with_the_related_items(
    page, client_for, seed_plan, secretariat_user
):
    client = client_for(secretariat_user)
    url = reverse(f"workplans:{page}", args=[seed_plan.pk])
    client.get(url)
    _tie_related_items(seed_plan, 2)
    few = _queries(client, url)

    _tie_related_items(seed_plan, 12)
    many = _queries(client, url)

    assert many == few


def test_the_evaluation_computes_each_source_once(
    client_for, seed_plan, secretariat_user, django_assert_max_num_queries
):
    """A source linked to one action and serving others by text is computed
    once for all the years of the plan, not once per row; the evaluation reads no
    governance, update, evidence nor related item."""
    meetings = Action.objects.for_plan(seed_plan).get(
        text__startswith="Organitzar i promoure 3 trobades anuals"
    )
    Indicator.objects.create(
        action=meetings, name="Trobades", source="events.network_meetings_held"
    )
    _tie_related_items(seed_plan, 6)
    client = client_for(secretariat_user)
    evaluation = reverse("workplans:plan_evaluation", args=[seed_plan.pk])
    assembly = reverse("workplans:plan_assembly", args=[seed_plan.pk])
    client.get(evaluation)

    with CaptureQueriesContext(connection) as captured:
        client.get(evaluation)
    meetings_counts = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "events_event"' in q["sql"] and "network_meeting" in q["sql"]
    ]
    assert len(meetings_counts) == 1  # all the plan's years at once (by_year)
    assert not [
        q["sql"]
        for q in captured.captured_queries
        # rows read, not the sources' aggregates over the same tables
        if q["sql"].startswith(
            (
                'SELECT "workplans_progressupdate"."id"',
                'SELECT "events_agreement"."id"',
                'SELECT DISTINCT "debates_debate"."id"',
            )
        )
    ]
    evaluation_queries = len(captured.captured_queries)
    assert evaluation_queries < _queries(client, assembly)
    with django_assert_max_num_queries(evaluation_queries):
        client.get(evaluation)


@pytest.mark.parametrize("page", ["plan_evaluation", "plan_assembly"])
def test_the_plan_reports_queries_do_not_grow_with_the_plan_s_years(
    page, client_for, seed_plan, secretariat_user
):
    """Every registered source (linked to an action; the assembly's report
    also shows those serving actions by text) gives all the years of the plan at once: a plan of five years
    reads as many queries as one of two."""
    actions = list(Action.objects.for_plan(seed_plan).order_by("pk"))
    for action, code in zip(actions, indicator_sources(), strict=False):
        Indicator.objects.create(action=action, name=code, source=code)
    EventFactory(status=Event.Status.HELD, starts_at=timezone.now())
    client = client_for(secretariat_user)
    url = reverse(f"workplans:{page}", args=[seed_plan.pk])

    counts = {}
    for years in (2, 5):
        seed_plan.start_on = date(2024, 1, 1)
        seed_plan.end_on = date(2024 + years - 1, 12, 31)
        seed_plan.save()
        client.get(url)
        counts[years] = _queries(client, url)

    assert counts[5] == counts[2]


def test_the_assembly_reads_the_responsibilities_once(
    client_for, seed_plan, secretariat_user
):
    """Whether the members carry an action out is read from the plan tree's
    responsibilities, not from a query per action (35 on the seed plan)."""
    client = client_for(secretariat_user)
    url = reverse("workplans:plan_assembly", args=[seed_plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "workplans_responsibility"')
    ]
    assert len(reads) == 1
    by_members = [
        action
        for line in response.context["tree"].lines
        for objective in line.objective_list
        for action in objective.action_list
        if action.by_members
    ]
    assert by_members  # the seed plan gives some actions to the members
    assert all(
        any(r.role == "execution" and r.members for r in action.responsibilities.all())
        for action in by_members
    )
