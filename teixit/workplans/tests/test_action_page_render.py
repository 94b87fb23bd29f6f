"""The action page's reads (bench/bench_forms.py, issue 12): one action's
lists in their own order without joining up to the plan, the governance read
with the action, and the same things shown."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teixit.workplans.models import (
    ActionGovernance,
    Indicator,
    IndicatorValue,
    WorkStep,
)

from .factories import (
    ActionFactory,
    PeriodFactory,
    PlannedPeriodFactory,
    ProgressUpdateFactory,
    ResponsibilityFactory,
)

pytestmark = pytest.mark.django_db

# The tables of one action's lists, whose model orderings ("action", "plan",
# "indicator") made each query join the action, objective, line and plan.
ACTION_LISTS = (
    "workplans_responsibility",
    "workplans_workstep",
    "workplans_period",
    "workplans_indicatorvalue",
)


def _from_table(sql: str) -> str:
    match = re.search(r'\bFROM "(\w+)"', sql)
    return match.group(1) if match else ""


def test_the_action_page_shows_its_lists_in_order_reading_no_plan_to_sort_them(
    client_for, secretariat_user
):
    action = ActionFactory()
    plan = action.objective.line.plan
    # Created out of order: the page shows them by their own order.
    ResponsibilityFactory(action=action, text="Second body", order=2)
    ResponsibilityFactory(action=action, text="First body", order=1)
    autumn = PeriodFactory(plan=plan, label="Autumn period", order=2)
    spring = PeriodFactory(plan=plan, label="Spring period", order=1)
    WorkStep.objects.create(action=action, text="Second step", order=2, period=autumn)
    WorkStep.objects.create(action=action, text="First step", order=1, period=spring)
    ActionGovernance.objects.create(action=action, guidelines="The *guidelines*")
    indicator = Indicator.objects.create(action=action, name="Meetings held")
    for year in (2026, 2024, 2025):
        IndicatorValue.objects.create(indicator=indicator, year=year, value=year - 2020)

    with CaptureQueriesContext(connection) as captured:
        response = client_for(secretariat_user).get(
            reverse("workplans:action_detail", args=[action.pk])
        )
    assert response.status_code == 200
    html = response.content.decode()

    def before(first: str, second: str) -> bool:
        return html.index(first) < html.index(second)

    assert before("First body", "Second body")
    assert before("First step", "Second step")
    # The step form's select of the plan's periods, in the periods' order.
    select = html[html.index('id="step-period"') :]
    assert before("Spring period", "Autumn period")
    assert select.index("Spring period") < select.index("Autumn period")
    assert re.search(r"2024: 4[.,]00; 2025: 5[.,]00; 2026: 6[.,]00", html)
    assert "<em>guidelines</em>" in html

    sqls = [q["sql"] for q in captured.captured_queries]
    lists = [sql for sql in sqls if _from_table(sql) in ACTION_LISTS]
    assert {_from_table(sql) for sql in lists} == set(ACTION_LISTS)
    for sql in lists:
        assert '"workplans_plan"' not in sql, sql
        assert '"workplans_action"' not in sql, sql
    # The governance came with the action, in the same query.
    assert not [s for s in sqls if _from_table(s) == "workplans_actiongovernance"]


# The action page's queries for the secretariat, a member of the commission
# that sets its guidelines and the public (bench/bench_forms.py: the page was
# 18 queries and 21× the bare view's CPU time; its own reads are compiled once,
# teixit/core/prepared.py). The frame's (session, person, bell) included.
MAX_QUERIES = {"secretariat": 20, "commission": 19, "anonymous": 13}


def _fill(action, secretariat_user, body_member_user, rows: int) -> None:
    """`rows` of each of the action's lists: updates with evidence, work
    steps, support evidence, comments, indicators with values, periods."""
    from teixit.workplans.models import ActionComment, Evidence

    plan = action.objective.line.plan
    for n in range(rows):
        period = PeriodFactory(plan=plan, label=f"Period {action.pk}-{n}")
        PlannedPeriodFactory(action=action, period=period)
        update = ProgressUpdateFactory(action=action, author=secretariat_user)
        Evidence.objects.create(update=update, url=f"https://example.org/u{n}")
        Evidence.objects.create(
            action=action, url=f"https://example.org/s{n}", from_support=True
        )
        WorkStep.objects.create(action=action, text=f"Step {n}", order=n, period=period)
        ActionComment.objects.create(
            action=action,
            author=body_member_user if n % 2 else secretariat_user,
            body=f"Comment {n}",
        )
        indicator = Indicator.objects.create(action=action, name=f"Indicator {n}")
        for year in (2017, 2018):
            IndicatorValue.objects.create(indicator=indicator, year=year, value=n)


@pytest.mark.parametrize("who", ["secretariat", "commission", "anonymous"])
def test_the_action_page_reads_a_fixed_number_of_queries_however_long_its_lists(
    who,
    client_for,
    secretariat_user,
    body_member_user,
    secretariat_body,
    technical_commission,
    django_assert_max_num_queries,
):
    from teixit.workplans.models import Responsibility

    counts = []
    for rows in (1, 3):
        action = ActionFactory()
        ResponsibilityFactory(
            action=action,
            role=Responsibility.Role.BASIC_LINES,
            body=technical_commission,
        )
        ResponsibilityFactory(action=action, body=secretariat_body)
        _fill(action, secretariat_user, body_member_user, rows)
        client = client_for(
            {"secretariat": secretariat_user, "commission": body_member_user}.get(who)
        )
        url = reverse("workplans:action_detail", args=[action.pk])
        client.get(url)  # the role facts and the session kept by the first
        with django_assert_max_num_queries(MAX_QUERIES[who]) as captured:
            response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert f"Step {rows - 1}" in html
        assert f"Indicator {rows - 1}" in html
        assert f"https://example.org/u{rows - 1}" in html
        assert f"https://example.org/s{rows - 1}" in html
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
