"""Who may do what with work plans.

- the secretariat edits everything: plans, their structure, imports, copies,
  and may record progress on any action;
- the roles of the plan, as written in each action's "QUI?" (while the plan is
  approved):
  - "Línies bàsiques": the body writes and approves the action's guidelines
    and confirms closing it as done (the executing body only proposes it);
  - "Línies de treball": the body writes the work lines (steps by period);
  - "Execució": the body records progress, evidence and indicator values;
    an external provider's contact named on the action may too;
  - "Suport": follows the action (it is listed in their actions and its
    members are told of its progress, comments and decisions), comments on
    it and may attach evidence to it (marked as from the support body), not
    progress;
  - the members ("socis de la XMESS": not a body, a responsibility with
    ``members`` set): each member's technicians record that member's
    contribution;
  - a role the plan gives to no known body ("qui correspongui segons el cas")
    is resolved by the secretariat, which then holds that role's powers;
- comments on an action (the thread on its page): written by the bodies of
  any of its roles (Suport, Execució, Línies bàsiques, Línies de treball),
  its provider's contact, on an action the members carry out the members'
  technicians, and the secretariat, while the plan is approved; read by
  network people (secretariat, body members, technicians) who read the plan;
  the author edits (while not hidden) and deletes their own; the secretariat
  moderates (hides with a reason, shows again, deletes);
- registered users read approved and closed plans, public or members-only;
  members of any body also read draft plans;
- the public reads public plans (approved or closed) only. A plan someone may
  not read answers 404, as if it did not exist.
"""

import rules
from django.core.exceptions import PermissionDenied

from teixit.network.roles import (
    body_ids_of,
    is_body_member,
    is_network_person,
    is_registered,
    is_secretariat,
    member_ids_of,
)

from .models import (
    Action,
    ActionComment,
    ActionGovernance,
    Objective,
    Plan,
    Responsibility,
    StrategicLine,
)


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
    return any(r.body_id in mine for r in responsibilities_of(action))


@rules.predicate
def plan_is_open(user, obj) -> bool:
    plan = _plan_of(obj)
    return plan is not None and plan.status == Plan.Status.APPROVED


def responsibilities_of(action):
    """The action's responsibilities: the plan tree's `responsibility_list`
    where the action comes from it (`selectors.plan_tree` does not fill the
    `.responsibilities` manager: each `.all()` would be a query per action),
    else the manager's (prefetched or read)."""
    listed = getattr(action, "responsibility_list", None)
    return listed if listed is not None else action.responsibilities.all()


def _bodies_in_role(action, role: str) -> set[int]:
    return {
        r.body_id for r in responsibilities_of(action) if r.role == role and r.body_id
    }


def executed_by_members(action) -> bool:
    """The plan gives the execution to the members themselves ("socis")."""
    return any(
        r.role == Responsibility.Role.EXECUTION and r.members
        for r in responsibilities_of(action)
    )


def _in_role(role: str, name: str):
    @rules.predicate(name=name)
    def predicate(user, action) -> bool:
        if not isinstance(action, Action):
            return False
        mine = body_ids_of(user)
        return bool(mine) and bool(mine & _bodies_in_role(action, role))

    return predicate


def _no_body_in_role(role: str, name: str):
    @rules.predicate(name=name)
    def predicate(user, action) -> bool:
        return isinstance(action, Action) and not _bodies_in_role(action, role)

    return predicate


Role = Responsibility.Role
is_guidelines_body = _in_role(Role.BASIC_LINES, "is_guidelines_body")
is_work_lines_body = _in_role(Role.WORK_LINES, "is_work_lines_body")
is_execution_body = _in_role(Role.EXECUTION, "is_execution_body")
is_support_body = _in_role(Role.SUPPORT, "is_support_body")
no_guidelines_body = _no_body_in_role(Role.BASIC_LINES, "no_guidelines_body")
no_work_lines_body = _no_body_in_role(Role.WORK_LINES, "no_work_lines_body")


@rules.predicate
def is_provider_contact(user, action) -> bool:
    if not isinstance(action, Action) or not getattr(user, "pk", None):
        return False
    try:
        governance = action.governance
    except ActionGovernance.DoesNotExist:
        return False
    return governance.provider_contact_id == user.pk


@rules.predicate
def is_technician_on_members_action(user, action) -> bool:
    return (
        isinstance(action, Action)
        and bool(member_ids_of(user))
        and executed_by_members(action)
    )


can_record_progress = is_secretariat | (
    (is_execution_body | is_provider_contact) & plan_is_open
)
# The guidelines body decides; the secretariat drafts for it and decides only
# when the plan names no body in that role ("qui correspongui segons el cas").
can_write_guidelines = is_secretariat | (is_guidelines_body & plan_is_open)
can_approve_guidelines = (
    is_guidelines_body | (is_secretariat & no_guidelines_body)
) & (plan_is_open)
can_write_work_lines = is_secretariat | (
    (is_work_lines_body | (no_work_lines_body & is_execution_body)) & plan_is_open
)
can_record_contribution = is_technician_on_members_action & plan_is_open
can_attach_support_evidence = is_secretariat | (is_support_body & plan_is_open)


def _action_of(obj) -> Action | None:
    if isinstance(obj, Action):
        return obj
    if isinstance(obj, ActionComment):
        return obj.action
    return None


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return (
        isinstance(comment, ActionComment)
        and comment.author_id is not None
        and comment.author_id == getattr(user, "pk", None)
    )


@rules.predicate
def comment_is_shown(user, comment) -> bool:
    return isinstance(comment, ActionComment) and not comment.is_hidden


@rules.predicate
def has_a_role_on_the_action(user, obj) -> bool:
    """The bodies of any of the action's roles, its provider's contact and,
    on an action the members carry out, the members' technicians."""
    action = _action_of(obj)
    if action is None:
        return False
    return bool(
        is_support_body(user, action)
        or is_execution_body(user, action)
        or is_guidelines_body(user, action)
        or is_work_lines_body(user, action)
        or is_provider_contact(user, action)
        or is_technician_on_members_action(user, action)
    )


@rules.predicate
def is_an_object(user, obj) -> bool:
    return obj is not None


can_comment_action = is_registered & (
    is_secretariat | (has_a_role_on_the_action & plan_is_open)
)
# Without an object (the admin's list): the secretariat only.
can_read_comments = is_secretariat | (is_an_object & is_network_person & can_view_plan)
can_edit_comment = (
    is_registered & is_comment_author & comment_is_shown & can_read_comments
)
can_delete_comment = is_registered & (
    is_secretariat | (is_comment_author & can_read_comments)
)

rules.add_perm("workplans.view_plan", can_view_plan)
rules.add_perm("workplans.view_action", can_view_plan)
rules.add_perm("workplans.record_progress", can_record_progress)
rules.add_perm("workplans.propose_done", can_record_progress)
rules.add_perm("workplans.confirm_done", can_approve_guidelines)
rules.add_perm("workplans.write_guidelines", can_write_guidelines)
rules.add_perm("workplans.approve_guidelines", can_approve_guidelines)
rules.add_perm("workplans.write_work_lines", can_write_work_lines)
rules.add_perm("workplans.record_contribution", can_record_contribution)
rules.add_perm("workplans.attach_support_evidence", can_attach_support_evidence)
rules.add_perm("workplans.view_evaluation", can_view_plan)
rules.add_perm("workplans.comment_action", can_comment_action)
rules.add_perm("workplans.edit_actioncomment", can_edit_comment)
rules.add_perm("workplans.moderate_actioncomment", is_secretariat)


@rules.predicate
def is_contribution_of_my_member(user, obj) -> bool:
    """A technician reads (in the admin) the contributions of their member:
    without an object (the list), any technician; the list is then limited to
    their members' rows (``admin.MemberContributionAdmin.get_queryset``)."""
    mine = member_ids_of(user)
    if not mine:
        return False
    return obj is None or getattr(obj, "member_id", None) in mine


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
    "actiongovernance",
    "workstep",
    "membercontribution",
):
    for verb in ("add", "change", "delete"):
        rules.add_perm(f"workplans.{verb}_{model}", is_secretariat)
    if model not in ("plan", "action", "membercontribution"):
        rules.add_perm(f"workplans.view_{model}", is_secretariat)
# Comments: network people read them (the admin's list: the secretariat);
# authors delete their own, the secretariat any (moderation).
rules.add_perm("workplans.add_actioncomment", is_secretariat)
rules.add_perm("workplans.change_actioncomment", is_secretariat)
rules.add_perm("workplans.view_actioncomment", can_read_comments)
rules.add_perm("workplans.delete_actioncomment", can_delete_comment)
# Technicians read their member's contributions in the admin (they record them
# on the action's page or through the API, where the plan's rules apply).
rules.add_perm(
    "workplans.view_membercontribution", is_secretariat | is_contribution_of_my_member
)
# The admin's "Work plans" section: the secretariat, and technicians (who see
# their member's contributions in it).
rules.add_perm("workplans", is_secretariat | is_contribution_of_my_member)

# Powers the plan gives to a commission and not to the secretariat: for these
# the secretariat's "may do everything" (User.has_perm) does not apply.
COMMISSION_DECISIONS = frozenset(
    {"workplans.approve_guidelines", "workplans.confirm_done"}
)
# Powers of a comment's author alone: the secretariat moderates (hides,
# deletes), it does not rewrite what others said.
AUTHOR_ONLY = frozenset({"workplans.edit_actioncomment"})


def may(user, perm: str, action) -> bool:
    """``user.has_perm`` for every permission, except the commissions'
    decisions and the authors' own powers, which are asked of their rule
    alone."""
    if perm in COMMISSION_DECISIONS or perm in AUTHOR_ONLY:
        return bool(user is not None and user.is_active) and rules.has_perm(
            perm, user, action
        )
    return user.has_perm(perm, action)


def require(user, perm: str, obj, message: str) -> None:
    """Refuse (PermissionDenied with `message`) what `may` does not allow;
    nobody (None) is allowed nothing. The services of the plan's governance
    and of the actions' comments ask through this one check."""
    if user is None or not may(user, perm, obj):
        raise PermissionDenied(message)
