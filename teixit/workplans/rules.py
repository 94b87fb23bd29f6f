"""Who may do what with work plans.

- the secretariat edits everything: plans, their structure, imports, copies,
  and may record progress on any action;
- current members of a body responsible for an action (in any role) record
  progress on it while its plan is approved;
- registered users read approved and closed plans, public or members-only;
  members of any body also read draft plans;
- the public reads public plans (approved or closed) only. A plan someone may
  not read answers 404, as if it did not exist.
"""

import rules

from teixit.network.roles import (
    body_ids_of,
    is_body_member,
    is_registered,
    is_secretariat,
)

from .models import Action, Objective, Plan, StrategicLine


def _plan_of(obj) -> Plan | None:
    if obj is None or isinstance(obj, Plan):
        return obj
    if isinstance(obj, Action):
        return obj.objective.line.plan
    if isinstance(obj, Objective):
        return obj.line.plan
    if isinstance(obj, StrategicLine):
        return obj.plan
    if getattr(obj, "action_id", None):  # update, responsibility, indicator
        return _plan_of(obj.action)
    if getattr(obj, "objective_id", None):  # indicator of an objective
        return _plan_of(obj.objective)
    return getattr(obj, "plan", None)


def plan_readable(user, plan: Plan) -> bool:
    if is_secretariat(user):
        return True
    if plan.status == Plan.Status.DRAFT:
        return is_body_member(user)
    return plan.is_public or is_registered(user)


@rules.predicate
def can_view_plan(user, obj) -> bool:
    plan = _plan_of(obj)
    if plan is None:
        # Without an object (admin lists): the secretariat only.
        return is_secretariat(user)
    return plan_readable(user, plan)


@rules.predicate
def is_member_of_responsible_body(user, action) -> bool:
    if action is None:
        return False
    mine = body_ids_of(user)
    if not mine:
        return False
    return any(r.body_id in mine for r in action.responsibilities.all())


@rules.predicate
def plan_is_open(user, obj) -> bool:
    plan = _plan_of(obj)
    return plan is not None and plan.status == Plan.Status.APPROVED


can_record_progress = is_secretariat | (is_member_of_responsible_body & plan_is_open)

rules.add_perm("workplans.view_plan", can_view_plan)
rules.add_perm("workplans.view_action", can_view_plan)
rules.add_perm("workplans.record_progress", can_record_progress)
rules.add_perm("workplans.import_plan", is_secretariat)
rules.add_perm("workplans.copy_plan", is_secretariat)
rules.add_perm("workplans.view_report", can_view_plan)

# The structure and everything else: the secretariat (pages and admin).
for model in (
    "plan",
    "period",
    "strategicline",
    "objective",
    "action",
    "plannedperiod",
    "responsibility",
    "progressupdate",
    "evidence",
    "indicator",
    "indicatorvalue",
):
    for verb in ("add", "change", "delete"):
        rules.add_perm(f"workplans.{verb}_{model}", is_secretariat)
    if model not in ("plan", "action"):
        rules.add_perm(f"workplans.view_{model}", is_secretariat)
