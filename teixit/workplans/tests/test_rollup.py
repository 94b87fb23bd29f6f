import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teixit.workplans.models import Action
from teixit.workplans.selectors import ActionFilters, plan_tree, weighted_mean

from .factories import (
    ActionFactory,
    ObjectiveFactory,
    PeriodFactory,
    PlanFactory,
    PlannedPeriodFactory,
    ResponsibilityFactory,
    StrategicLineFactory,
)

pytestmark = pytest.mark.django_db

S = Action.Status


def test_weighted_mean_skips_missing_values_and_counts_empty_weights_as_one():
    assert weighted_mean([(10, None), (30, None)]) == 20
    assert weighted_mean([(0, Decimal("3")), (100, Decimal("1"))]) == 25
    assert weighted_mean([(None, None), (50, None)]) == 50
    assert weighted_mean([]) is None
    assert weighted_mean([(None, None)]) is None


def test_objective_is_mean_of_actions_done_is_100_and_cancelled_left_out():
    objective = ObjectiveFactory()
    ActionFactory(objective=objective, status=S.DONE, progress=80)  # done counts as 100
    ActionFactory(objective=objective, status=S.IN_PROGRESS, progress=50)
    ActionFactory(objective=objective, status=S.CANCELLED, progress=0)  # left out
    ActionFactory(objective=objective, status=S.NOT_STARTED, progress=0)

    tree = plan_tree(objective.line.plan)

    assert tree.lines[0].objective_list[0].progress == pytest.approx(50)


def test_weights_apply_at_each_level():
    plan = PlanFactory()
    line_a = StrategicLineFactory(plan=plan, weight=Decimal("3"))
    line_b = StrategicLineFactory(plan=plan)
    objective_a = ObjectiveFactory(line=line_a)
    ActionFactory(
        objective=objective_a, status=S.IN_PROGRESS, progress=100, weight=Decimal("1")
    )
    ActionFactory(
        objective=objective_a, status=S.IN_PROGRESS, progress=0, weight=Decimal("3")
    )
    objective_b = ObjectiveFactory(line=line_b)
    ActionFactory(objective=objective_b, status=S.IN_PROGRESS, progress=100)

    tree = plan_tree(plan)

    assert tree.lines[0].progress == pytest.approx(25)
    assert tree.lines[1].progress == pytest.approx(100)
    assert tree.progress == pytest.approx((25 * 3 + 100) / 4)


def test_line_is_mean_of_objectives_and_plan_mean_of_lines():
    plan = PlanFactory()
    line = StrategicLineFactory(plan=plan)
    ActionFactory(
        objective=ObjectiveFactory(line=line), status=S.IN_PROGRESS, progress=20
    )
    objective = ObjectiveFactory(line=line)
    ActionFactory(objective=objective, status=S.IN_PROGRESS, progress=60)
    ActionFactory(objective=objective, status=S.IN_PROGRESS, progress=100)
    empty_line = StrategicLineFactory(plan=plan)
    ActionFactory(objective=ObjectiveFactory(line=empty_line), status=S.CANCELLED)

    tree = plan_tree(plan)

    assert tree.lines[0].progress == pytest.approx((20 + 80) / 2)
    assert tree.lines[1].progress is None  # nothing to count
    assert tree.progress == pytest.approx(50)


def test_late_when_last_planned_period_ended_and_not_done():
    plan = PlanFactory()
    past = PeriodFactory(
        plan=plan, start_on=dt.date(2017, 1, 1), end_on=dt.date(2017, 12, 31)
    )
    future = PeriodFactory(
        plan=plan, start_on=dt.date(2019, 1, 1), end_on=dt.date(2019, 6, 30)
    )
    objective = ObjectiveFactory(line=StrategicLineFactory(plan=plan))
    late = ActionFactory(objective=objective, status=S.IN_PROGRESS)
    PlannedPeriodFactory(action=late, period=past)
    done = ActionFactory(objective=objective, status=S.DONE)
    PlannedPeriodFactory(action=done, period=past)
    still_running = ActionFactory(objective=objective, status=S.IN_PROGRESS)
    PlannedPeriodFactory(action=still_running, period=past)
    PlannedPeriodFactory(action=still_running, period=future)
    unplanned = ActionFactory(objective=objective)  # late only once the plan ends

    tree = plan_tree(plan, today=dt.date(2018, 6, 1))

    assert [a.pk for a in tree.late_actions] == [late.pk]
    assert tree.has_planned_periods
    # The plan ended on 31 December 2019: whatever is not done is late.
    after = plan_tree(plan, today=dt.date(2020, 1, 1)).late_actions
    assert {a.pk for a in after} == {late.pk, still_running.pk, unplanned.pk}


def test_actions_of_an_ended_plan_without_planned_periods_are_late():
    plan = PlanFactory(end_on=dt.date(2019, 12, 31))
    objective = ObjectiveFactory(line=StrategicLineFactory(plan=plan))
    not_started = [ActionFactory(objective=objective) for _ in range(3)]
    ActionFactory(objective=objective, status=S.DONE)
    ActionFactory(objective=objective, status=S.CANCELLED)

    running = plan_tree(plan, today=dt.date(2019, 6, 1))
    assert running.late_actions == []
    assert not running.has_planned_periods

    ended = plan_tree(plan, today=dt.date(2020, 1, 2))
    assert {a.pk for a in ended.late_actions} == {a.pk for a in not_started}


def test_filters_by_body_role_status_period_and_line(bodies):
    plan = PlanFactory()
    period = PeriodFactory(plan=plan)
    line = StrategicLineFactory(plan=plan)
    other_line = StrategicLineFactory(plan=plan)
    first = ActionFactory(objective=ObjectiveFactory(line=line), status=S.DONE)
    ResponsibilityFactory(action=first, body=bodies["technical"], role="basic_lines")
    PlannedPeriodFactory(action=first, period=period)
    second = ActionFactory(objective=ObjectiveFactory(line=other_line))
    ResponsibilityFactory(action=second, body=bodies["secretariat"], role="execution")

    def shown(**filters):
        return [
            a.pk
            for a in plan_tree(plan, filters=ActionFilters(**filters)).shown_actions
        ]

    assert shown(body=bodies["technical"].pk) == [first.pk]
    assert shown(body=bodies["technical"].pk, role="execution") == []
    assert shown(role="execution") == [second.pk]
    assert shown(status=S.DONE) == [first.pk]
    assert shown(period=period.pk) == [first.pk]
    assert shown(line=other_line.pk) == [second.pk]
    assert shown() == [first.pk, second.pk]


def _build(plan, count, bodies):
    line = StrategicLineFactory(plan=plan)
    objective = ObjectiveFactory(line=line)
    period = PeriodFactory(plan=plan)
    for _ in range(count):
        action = ActionFactory(objective=objective)
        ResponsibilityFactory(action=action, body=bodies["technical"])
        PlannedPeriodFactory(action=action, period=period)


def test_plan_tree_reads_a_fixed_number_of_queries(bodies):
    small, large = PlanFactory(), PlanFactory()
    _build(small, 2, bodies)
    _build(large, 12, bodies)

    with CaptureQueriesContext(connection) as few:
        plan_tree(small)
    with CaptureQueriesContext(connection) as many:
        plan_tree(large)

    assert len(few) == len(many)


def _plan_with_actions(statuses_and_progress, *, line_weight=None):
    plan = PlanFactory()
    line = StrategicLineFactory(plan=plan, weight=line_weight)
    objective = ObjectiveFactory(line=line)
    for status, progress in statuses_and_progress:
        ActionFactory(objective=objective, status=status, progress=progress)
    return plan


def test_plan_list_progress_is_the_trees_in_a_fixed_number_of_queries():
    from teixit.workplans.models import Plan
    from teixit.workplans.selectors import plan_list_with_progress

    _plan_with_actions([(S.DONE, 0), (S.IN_PROGRESS, 50), (S.CANCELLED, 10)])
    _plan_with_actions([(S.NOT_STARTED, 0)])
    empty = PlanFactory()
    with CaptureQueriesContext(connection) as few:
        listed = plan_list_with_progress(Plan.objects.order_by("pk"))
    for plan in listed:
        tree = plan_tree(plan)
        assert plan.progress == tree.progress
        assert plan.action_count == len(tree.actions)
    assert [p.action_count for p in listed] == [3, 1, 0]
    assert listed[0].progress == 75  # done 100, 50; the cancelled one does not count
    assert listed[2].pk == empty.pk and listed[2].progress is None

    for _n in range(5):
        _plan_with_actions([(S.IN_PROGRESS, 20), (S.DONE, 0)])
    with CaptureQueriesContext(connection) as many:
        assert len(plan_list_with_progress(Plan.objects.all())) == 8
    assert len(many) == len(few)
