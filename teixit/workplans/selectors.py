"""Reads on work plans: visibility, the plan tree with its roll-up, filters,
dashboard figures, "my actions" and report rows.

Roll-up rules (one place): an action counts with its progress (done = 100);
cancelled actions are left out. An objective is the mean of its actions, a line
the mean of its objectives, the plan the mean of its lines; where weights are
set the mean is weighted (an empty weight counts as 1). A level with nothing to
count has no progress (None).

An action is late when it is neither done nor cancelled and either the last
of its planned periods has ended or its plan has ended (an ended plan's
unfinished actions are late even without planned periods). A plan none of
whose actions has planned periods says so instead of "nothing late".

The tree is read with a fixed number of queries whatever the plan's size.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from teixit.core.prepared import prefetched, prepared
from teixit.network.models import Body
from teixit.network.roles import (
    body_ids_of,
    is_body_member,
    is_registered,
    is_secretariat,
    member_ids_of,
)

from .models import (
    Action,
    Evidence,
    Indicator,
    IndicatorValue,
    Objective,
    Plan,
    PlannedPeriod,
    ProgressUpdate,
    Responsibility,
    Status,
    StrategicLine,
)
from .sources import indicator_source_get, yearly_values

CLOSED_STATUSES = {Status.DONE, Status.CANCELLED}


# Visibility -------------------------------------------------------------------


def plan_list_for_user(user):
    """The plans a user may read, newest first."""
    plans = Plan.objects.all()
    if is_secretariat(user):
        return plans
    if not is_body_member(user):
        plans = plans.exclude(status=Plan.Status.DRAFT)
    if not is_registered(user):
        plans = plans.filter(visibility=Plan.Visibility.PUBLIC)
    return plans


def plan_get_for_user(*, pk: int, user) -> Plan:
    """The plan, or Http404 when it does not exist or the user may not read it."""
    plan = Plan.objects.filter(pk=pk).first()
    if plan is None or not user.has_perm("workplans.view_plan", plan):
        raise Http404
    return plan


def _action_details() -> list[Prefetch]:
    """What an action's page and lists show with it: bodies and periods."""
    return [
        # The responsibilities of one action in their order: its model's
        # ordering ("action", "order") would join the action, objective, line
        # and plan to sort by the plan's own ordering, the same for every row.
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("body").order_by(
                "order", "pk"
            ),
        ),
        Prefetch(
            "planned_periods", queryset=PlannedPeriod.objects.select_related("period")
        ),
    ]


def _action_lists(pk: int):
    return (
        # The governance (one row or none) in the same query: the action's
        # page reads it (governance_views.governance_context).
        Action.objects.select_related("objective__line__plan", "governance")
        .filter(pk=pk)
        .order_by()[:1]
    )


# One action's reads, compiled once (teixit/core/prepared.py): the action's
# page runs them on every request. The lists of one action sort by their own
# order: the models' orderings ("action", "order"…) would join the action,
# objective, line and plan to sort by the plan's own ordering, the same for
# every row.
_action_of = prepared(_action_lists)
_responsibilities_of = prepared(
    lambda action_id: (
        Responsibility.objects.filter(action_id=action_id)
        .select_related("body")
        .order_by("order", "pk")
    )
)
_planned_periods_of = prepared(
    lambda action_id: (
        PlannedPeriod.objects.filter(action_id=action_id)
        .select_related("period")
        .order_by("period__order")
    )
)
_indicators_of = prepared(
    lambda action_id: Indicator.objects.filter(action_id=action_id).order_by(
        "order", "pk"
    )
)
_indicator_values_of = prepared(
    lambda action_id: IndicatorValue.objects.filter(
        indicator__action_id=action_id
    ).order_by("year", "pk")
)
_updates_of = prepared(
    lambda action_id: (
        ProgressUpdate.objects.filter(action_id=action_id)
        .select_related("author")
        .order_by("-on", "-created_at", "-pk")
    )
)
_evidence_of = prepared(
    lambda action_id: (
        Evidence.objects.filter(Q(action_id=action_id) | Q(update__action_id=action_id))
        .select_related("added_by")
        .order_by("pk")
    )
)


def action_get_for_user(*, pk: int, user) -> Action:
    """The action with its plan, governance, responsibilities (with their
    bodies) and planned periods, or Http404 when it does not exist or the
    user may not read its plan."""
    found = _action_of(pk)
    action = found[0] if found else None
    if action is None or not user.has_perm("workplans.view_action", action):
        raise Http404
    prefetched(action, "responsibilities", _responsibilities_of(action.pk))
    prefetched(action, "planned_periods", _planned_periods_of(action.pk))
    return action


def action_indicators(action: Action) -> list[Indicator]:
    """The action's indicators with their values by year (in two queries,
    none for the values when it has no indicators)."""
    return _with_values(_indicators_of(action.pk), _indicator_values_of, action.pk)


def _with_values(indicators: list, values_of, key: int) -> list:
    """`indicators` with their values (`indicator.values.all()`) read by
    `values_of(key)` in one query, none when there are no indicators."""
    if indicators:
        values: dict[int, list] = defaultdict(list)
        for value in values_of(key):
            values[value.indicator_id].append(value)
        for indicator in indicators:
            prefetched(indicator, "values", values[indicator.pk])
    return indicators


_history_of = prepared(
    lambda action_id: (
        Action.history.filter(id=action_id)
        .select_related("history_user")
        .order_by("-history_date")[:20]
    )
)


def action_history(action: Action) -> list:
    """The action's latest 20 recorded changes, newest first."""
    return _history_of(action.pk)


def action_updates(action: Action) -> tuple[list[ProgressUpdate], list[Evidence]]:
    """The action's progress updates, newest first, each with its evidence
    (`update.evidence.all()`), and the evidence the support body attached to
    the action itself: one read of the action's evidence for both."""
    updates = _updates_of(action.pk)
    by_update: dict[int, list] = defaultdict(list)
    support = []
    for evidence in _evidence_of(action.pk):
        if evidence.update_id is None:
            support.append(evidence)
        else:
            by_update[evidence.update_id].append(evidence)
    for update in updates:
        prefetched(update, "evidence", by_update[update.pk])
    return updates, support


# Roll-up ----------------------------------------------------------------------


def weighted_mean(items: list[tuple[float | None, Decimal | None]]) -> float | None:
    """Mean of the values that are not None, weighted (None weight = 1)."""
    total = 0.0
    weights = 0.0
    for value, weight in items:
        if value is None:
            continue
        w = 1.0 if weight is None else float(weight)
        total += value * w
        weights += w
    if weights <= 0:
        return None
    return total / weights


def action_value(action: Action) -> float | None:
    return _status_value(action.status, action.progress)


def _status_value(status: str, progress) -> float | None:
    """An action's value in the roll-up: none when cancelled, 100 when done,
    its progress otherwise."""
    if status == Status.CANCELLED:
        return None
    if status == Status.DONE:
        return 100.0
    return float(progress)


def action_is_late(
    action: Action, today: dt.date, *, plan_end: dt.date | None = None
) -> bool:
    """Not done nor cancelled, and its last planned period or its plan has
    ended. `plan_end` saves reading the plan when the caller has it."""
    if action.status in CLOSED_STATUSES:
        return False
    if plan_end is None:
        plan_end = action.objective.line.plan.end_on
    if plan_end < today:
        return True
    planned = getattr(action, "planned_list", None)
    if planned is None:
        planned = action.planned_periods.all()
    ends = [p.period.end_on for p in planned]
    return bool(ends) and max(ends) < today


# The tree ---------------------------------------------------------------------


@dataclass
class ActionFilters:
    body: int | None = None
    role: str = ""
    status: str = ""
    period: int | None = None
    line: int | None = None
    late: bool = False

    @property
    def active(self) -> bool:
        return bool(
            self.body
            or self.role
            or self.status
            or self.period
            or self.line
            or self.late
        )

    def matches(self, action: Action, today: dt.date) -> bool:
        if self.line and action.objective.line_id != self.line:
            return False
        if self.status and action.status != self.status:
            return False
        responsibilities = action.responsibility_list
        if self.body and not any(
            r.body_id == self.body and (not self.role or r.role == self.role)
            for r in responsibilities
        ):
            return False
        if (
            self.role
            and not self.body
            and not any(r.role == self.role for r in responsibilities)
        ):
            return False
        if self.period and not any(
            p.period_id == self.period for p in action.planned_list
        ):
            return False
        if self.late and not action.is_late:
            return False
        return True


@dataclass
class PlanTree:
    plan: Plan
    periods: list
    lines: list[StrategicLine]
    actions: list[Action]
    progress: float | None
    filters: ActionFilters = field(default_factory=ActionFilters)
    #: Every body, as `Body.objects.all()` reads them (the responsibilities').
    bodies: list = field(default_factory=list)

    @property
    def shown_actions(self) -> list[Action]:
        return [a for a in self.actions if a.shown]

    @property
    def status_counts(self) -> list[dict]:
        counts = Counter(a.status for a in self.actions)
        return [
            {"status": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Status.choices
        ]

    @property
    def late_actions(self) -> list[Action]:
        return [a for a in self.actions if a.is_late]

    @property
    def has_planned_periods(self) -> bool:
        """Whether any action has planned periods (else lateness before the
        plan's end cannot be told)."""
        return any(a.planned_list for a in self.actions)


# The plan's tree in five flat reads (one per level, each compiled once:
# core.prepared), put together in Python: the ORM's nested prefetch built a
# filtered queryset per objective and per action for each relation (8.8 ms of
# CPU for a plan of 34 actions, about a third of the plan pages).
_tree_lines = prepared(
    lambda plan_id: StrategicLine.objects.filter(plan_id=plan_id).order_by(
        "order", "pk"
    )
)
_tree_objectives = prepared(
    lambda plan_id: Objective.objects.filter(line__plan_id=plan_id).order_by(
        "order", "pk"
    )
)
_tree_actions = prepared(
    lambda plan_id: Action.objects.filter(objective__line__plan_id=plan_id).order_by(
        "order", "pk"
    )
)
_tree_responsibilities = prepared(
    lambda plan_id: Responsibility.objects.filter(
        action__objective__line__plan_id=plan_id
    ).order_by("order", "pk")
)
_tree_planned = prepared(
    lambda plan_id: PlannedPeriod.objects.filter(
        action__objective__line__plan_id=plan_id
    ).order_by("period__order", "pk")
)


def plan_tree(
    plan: Plan, *, filters: ActionFilters | None = None, today: dt.date | None = None
) -> PlanTree:
    """The whole plan (lines → objectives → actions with responsibilities and
    planned periods), with progress rolled up. Each action gets `code`,
    `is_late` and `shown` (matches the filters); objectives and lines get
    `progress`, `action_list`/`objective_list` and `shown_actions`; an
    action's responsibilities and planned periods are its
    `responsibility_list` and `planned_list` (its `.responsibilities` and
    `.planned_periods` managers are not filled: they would query)."""
    filters = filters or ActionFilters()
    today = today or timezone.localdate()
    periods = list(plan.periods.all())
    period_by_id = {p.pk: p for p in periods}
    bodies = {b.pk: b for b in Body.objects.all()}
    # Labels translated once per request, not once per row.
    status_labels = {value: str(label) for value, label in Status.choices}
    role_labels = {value: str(label) for value, label in Responsibility.Role.choices}
    lines = _tree_lines(plan.pk)
    objectives_of: dict[int, list[Objective]] = defaultdict(list)
    for objective in _tree_objectives(plan.pk):
        objectives_of[objective.line_id].append(objective)
    actions_of: dict[int, list[Action]] = defaultdict(list)
    for action in _tree_actions(plan.pk):
        actions_of[action.objective_id].append(action)
    responsibilities_of: dict[int, list[Responsibility]] = defaultdict(list)
    for responsibility in _tree_responsibilities(plan.pk):
        responsibilities_of[responsibility.action_id].append(responsibility)
    planned_of: dict[int, list[PlannedPeriod]] = defaultdict(list)
    for planned in _tree_planned(plan.pk):
        planned_of[planned.action_id].append(planned)
    all_actions: list[Action] = []
    for line in lines:
        line.plan = plan
        line.objective_list = objectives_of[line.pk]
        for objective in line.objective_list:
            objective.line = line
            objective.action_list = actions_of[objective.pk]
            for action in objective.action_list:
                action.objective = objective
                # Lists, so that the pages do not clone a queryset per row.
                action.planned_list = planned_of[action.pk]
                action.responsibility_list = responsibilities_of[action.pk]
                for planned in action.planned_list:
                    planned.period = period_by_id[planned.period_id]
                for responsibility in action.responsibility_list:
                    responsibility.body = bodies.get(responsibility.body_id)
                    responsibility.role_label = role_labels.get(responsibility.role, "")
                action.status_label = status_labels.get(action.status, action.status)
                action.is_late = action_is_late(action, today, plan_end=plan.end_on)
                action.shown = filters.matches(action, today)
                all_actions.append(action)
            objective.progress = weighted_mean(
                [(action_value(a), a.weight) for a in objective.action_list]
            )
            objective.shown_actions = [a for a in objective.action_list if a.shown]
        line.progress = weighted_mean(
            [(o.progress, o.weight) for o in line.objective_list]
        )
        line.shown_objectives = [
            o for o in line.objective_list if o.shown_actions or not filters.active
        ]
    progress = weighted_mean([(line.progress, line.weight) for line in lines])
    return PlanTree(
        plan=plan,
        periods=periods,
        lines=lines,
        actions=all_actions,
        progress=progress,
        filters=filters,
        bodies=list(bodies.values()),
    )


def plan_progress(plan: Plan) -> float | None:
    return plan_tree(plan).progress


def plan_list_with_progress(plans) -> list[Plan]:
    """Plans with `progress` and `action_count`, rolled up as `plan_tree` does
    (actions → objectives → lines, weighted), in four queries whatever the
    number of plans."""
    plans = list(plans)
    ids = [plan.pk for plan in plans]
    # Values, not model instances: a plan of a thousand actions is read on
    # the home page and the plans' list.
    actions: dict[int, list] = defaultdict(list)
    for objective_id, status, progress, weight in Action.objects.filter(
        objective__line__plan__in=ids
    ).values_list("objective_id", "status", "progress", "weight"):
        actions[objective_id].append((_status_value(status, progress), weight))
    objectives: dict[int, list] = defaultdict(list)
    for objective_id, line_id, weight in Objective.objects.filter(
        line__plan__in=ids
    ).values_list("pk", "line_id", "weight"):
        objectives[line_id].append(
            (
                weighted_mean(actions[objective_id]),
                weight,
                len(actions[objective_id]),
            )
        )
    lines: dict[int, list] = defaultdict(list)
    for line_id, plan_id, weight in StrategicLine.objects.filter(
        plan__in=ids
    ).values_list("pk", "plan_id", "weight"):
        items = objectives[line_id]
        lines[plan_id].append(
            (
                weighted_mean([(value, weight) for value, weight, _n in items]),
                weight,
                sum(n for _value, _weight, n in items),
            )
        )
    for plan in plans:
        items = lines[plan.pk]
        plan.progress = weighted_mean([(value, weight) for value, weight, _n in items])
        plan.action_count = sum(n for _value, _weight, n in items)
    return plans


# Dashboard --------------------------------------------------------------------


#: How many progress updates the dashboard lists.
RECENT_UPDATES = 10

_recent_updates_of = prepared(
    lambda plan_id: (
        ProgressUpdate.objects.filter(action__objective__line__plan_id=plan_id)
        .select_related("author", "action__objective__line")
        .order_by("-on", "-created_at", "-pk")[:RECENT_UPDATES]
    )
)


def recent_updates(plan: Plan) -> list[ProgressUpdate]:
    """The plan's latest progress updates, newest first (a list: its SQL
    compiled once, `core.prepared`)."""
    return _recent_updates_of(plan.pk)


def actual_spans(plan: Plan) -> dict[int, tuple[dt.date, dt.date]]:
    """Per action: the dates of its first and latest progress update."""
    rows = (
        ProgressUpdate.objects.filter(action__objective__line__plan=plan)
        .values("action_id")
        .annotate(first=Min("on"), last=Max("on"))
    )
    return {row["action_id"]: (row["first"], row["last"]) for row in rows}


@dataclass
class IndicatorRow:
    indicator: Indicator
    owner: str
    values: list[tuple[int, Decimal | float | int | None]]
    computed: bool

    @property
    def latest(self):
        known = [v for _, v in self.values if v is not None]
        return known[-1] if known else None


# The plan's indicators (of its objectives and of its actions) and their
# stored values, each statement compiled once (`core.prepared`).
_plan_indicators_of = prepared(
    lambda plan_id: Indicator.objects.filter(
        Q(objective__line__plan_id=plan_id)
        | Q(action__objective__line__plan_id=plan_id)
    ).select_related("objective__line", "action__objective__line")
)
_plan_indicator_values_of = prepared(
    lambda plan_id: IndicatorValue.objects.filter(
        Q(indicator__objective__line__plan_id=plan_id)
        | Q(indicator__action__objective__line__plan_id=plan_id)
    )
)


def plan_indicators(
    plan: Plan, tree: PlanTree | None = None, *, memo: dict | None = None
) -> list[IndicatorRow]:
    """The plan's indicators with their values per year of the plan: computed
    ones from their registered source (each source once a year with ``memo``,
    see ``sources.yearly_values``), the others from manual entries."""
    indicators = _with_values(
        _plan_indicators_of(plan.pk), _plan_indicator_values_of, plan.pk
    )
    years = list(range(plan.start_on.year, plan.end_on.year + 1))
    rows = []
    for indicator in indicators:
        source = indicator_source_get(indicator.source) if indicator.source else None
        if source is not None:
            values = yearly_values(source, years, memo)
        else:
            stored = {v.year: v.value for v in indicator.values.all()}
            values = [(year, stored.get(year)) for year in years if year in stored]
        if indicator.action_id:
            owner = indicator.action.code
        else:
            owner = f"{indicator.objective.line.code}.{indicator.objective.code}"
        rows.append(IndicatorRow(indicator, owner, values, source is not None))
    return rows


# My actions -------------------------------------------------------------------


def _my_actions_q(user) -> Q:
    """Actions of approved plans where one of the user's bodies is responsible,
    and, for technicians of members, the actions the members carry out."""
    mine = Q(responsibilities__body_id__in=list(body_ids_of(user)))
    if member_ids_of(user):
        mine |= Q(
            responsibilities__members=True,
            responsibilities__role=Responsibility.Role.EXECUTION,
        )
    return mine & Q(objective__line__plan__status=Plan.Status.APPROVED)


def my_action_counts(user, *, not_updated_since: dt.date) -> tuple[int, int]:
    """(how many of `my_actions`, how many of them have had no progress
    update since the date), counted in one statement."""
    counts = Action.objects.filter(_my_actions_q(user)).aggregate(
        total=Count("pk", distinct=True),
        stale=Count(
            "pk",
            distinct=True,
            filter=Q(last_update_on__isnull=True)
            | Q(last_update_on__lt=not_updated_since),
        ),
    )
    return counts["total"], counts["stale"]


def my_actions(user):
    """Actions of approved plans where one of the user's bodies is responsible,
    and, for technicians of members, the actions the members carry out."""
    return (
        Action.objects.filter(_my_actions_q(user))
        .distinct()
        .select_related("objective__line__plan")
        .prefetch_related(*_action_details())
        .order_by(
            "objective__line__plan",
            "objective__line__order",
            "objective__order",
            "order",
        )
    )


# Reports ----------------------------------------------------------------------


def report_rows(tree: PlanTree) -> list[dict]:
    """One row per shown action, for the HTML/PDF/.xlsx/CSV reports."""
    rows = []
    for line in tree.lines:
        for objective in line.objective_list:
            for action in objective.shown_actions:
                rows.append(
                    {
                        "code": action.code,
                        "line": str(line),
                        "objective": str(objective),
                        "action": action.text,
                        "responsibilities": "; ".join(
                            f"{r.role_label}: {r.label}"
                            for r in action.responsibility_list
                        ),
                        "periods": ", ".join(
                            p.period.label for p in action.planned_list
                        ),
                        "status": action.status_label,
                        "progress": action.progress
                        if action.status != Status.DONE
                        else 100,
                        "last_update": action.last_update_on,
                        "late": action.is_late,
                    }
                )
    return rows


def action_choices(actions) -> Iterator[tuple[int, str]]:
    """(pk, "II.3.2 The action's text") of `actions` (say `actions_for_choice()`)
    for a select, read as rows of the four columns the label needs rather than
    as actions with their objective, line and plan (160 actions took ~5 ms)."""
    rows = actions.values_list(
        "pk", "objective__line__code", "objective__code", "order", "text"
    )
    for pk, line_code, objective_code, order, text in rows:
        yield (
            pk,
            f"{Action.code_of(line_code, objective_code, order)} "
            f"{Action.short_text(text)}",
        )


def actions_for_choice():
    """Actions of approved plans, in plan order, for other modules' pickers
    (e.g. an agreement of a meeting tied to an action)."""
    return (
        Action.objects.filter(objective__line__plan__status=Plan.Status.APPROVED)
        .select_related("objective__line__plan")
        .order_by(
            "objective__line__plan",
            "objective__line__order",
            "objective__order",
            "order",
        )
    )
