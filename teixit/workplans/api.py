"""JSON API of the work plans: the plan tree (public plans for everyone,
members-only plans for registered users), recording progress, and the plan's
roles on an action — guidelines, work lines, closing, members' contributions,
the support body's evidence, the comment thread (same services and rules as
the action page)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from teixit.accounts.api_auth import optional_user, token_or_session
from teixit.core.api import ERROR_RESPONSES
from teixit.core.moderation import may_moderate, moderation_hide, moderation_show
from teixit.network.models import Member

from . import comments as comment_svc
from . import governance as gov
from .models import Action, ActionComment, ActionGovernance, Period, Plan, WorkStep
from .rules import executed_by_members, may
from .schemas import (
    CommentEditIn,
    CommentHideIn,
    CommentIn,
    CommentOut,
    ContributionIn,
    ContributionOut,
    DoneProposalIn,
    GovernanceOut,
    GuidelinesIn,
    PlanDetailOut,
    PlanOut,
    ProgressUpdateIn,
    ProgressUpdateOut,
    SupportEvidenceIn,
    SupportEvidenceOut,
    WorkStepIn,
    WorkStepOut,
)
from .selectors import (
    action_get_for_user,
    plan_get_for_user,
    plan_list_for_user,
    plan_list_with_progress,
    plan_tree,
)
from .services import progress_update_record

router = Router(tags=["workplans"])


def _round(value):
    return None if value is None else round(value, 1)


def _weight(value):
    return None if value is None else float(value)


def _plan_out(plan: Plan, progress) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "start_on": plan.start_on,
        "end_on": plan.end_on,
        "status": plan.status,
        "visibility": plan.visibility,
        "approved_on": plan.approved_on,
        "progress": _round(progress),
        "url": plan.get_absolute_url(),
    }


def _action_out(action: Action) -> dict:
    return {
        "id": action.pk,
        "code": action.code,
        "text": action.text,
        "order": action.order,
        "weight": _weight(action.weight),
        "status": action.status,
        "progress": 100 if action.status == Action.Status.DONE else action.progress,
        "late": action.is_late,
        "last_update_on": action.last_update_on,
        "planned_periods": [p.period.label for p in action.planned_list],
        "responsibilities": [
            {
                "role": r.role,
                "role_label": r.role_label,
                "body": r.body.name if r.body_id else None,
                "body_slug": r.body.slug if r.body_id else None,
                "members": r.members,
                "text": r.text,
            }
            for r in action.responsibility_list
        ],
        "url": action.get_absolute_url(),
    }


@router.get(
    "/plans/",
    response={200: list[PlanOut], **ERROR_RESPONSES},
    operation_id="workplans_list",
    summary="List the work plans the caller may read",
    auth=optional_user,
)
def list_plans(request):
    return [
        _plan_out(plan, plan.progress)
        for plan in plan_list_with_progress(plan_list_for_user(request.user))
    ]


@router.get(
    "/plans/{plan_id}/",
    response={200: PlanDetailOut, **ERROR_RESPONSES},
    operation_id="workplans_detail",
    summary="A work plan as a tree: lines, objectives, actions with responsibilities and progress",
    auth=optional_user,
)
def get_plan(request, plan_id: int):
    plan = plan_get_for_user(pk=plan_id, user=request.user)
    tree = plan_tree(plan)
    return {
        **_plan_out(plan, tree.progress),
        "description": plan.description,
        "periods": [
            {"id": p.pk, "label": p.label, "start_on": p.start_on, "end_on": p.end_on}
            for p in tree.periods
        ],
        "status_counts": {row["status"]: row["count"] for row in tree.status_counts},
        "lines": [
            {
                "id": line.pk,
                "code": line.code,
                "title": line.title,
                "weight": _weight(line.weight),
                "progress": _round(line.progress),
                "objectives": [
                    {
                        "id": o.pk,
                        "code": o.code,
                        "title": o.title,
                        "weight": _weight(o.weight),
                        "progress": _round(o.progress),
                        "actions": [_action_out(a) for a in o.action_list],
                    }
                    for o in line.objective_list
                ],
            }
            for line in tree.lines
        ],
    }


@router.post(
    "/plans/actions/{action_id}/updates/",
    response={201: ProgressUpdateOut, **ERROR_RESPONSES},
    operation_id="workplans_record_progress",
    summary="Record progress on an action (its responsible bodies' members, the secretariat)",
    auth=token_or_session,
)
def record_progress(request, action_id: int, payload: ProgressUpdateIn):
    try:
        action = action_get_for_user(pk=action_id, user=request.user)
    except Http404:
        raise
    update = progress_update_record(
        action=action,
        author=request.user,
        status=payload.status,
        percent=payload.percent,
        note=payload.note,
        on=payload.on,
        links=payload.links,
    )
    return Status(201, _update_out(action, update))


def _update_out(action: Action, update) -> dict:
    action.refresh_from_db(fields=["status", "progress"])
    return {
        "id": update.pk,
        "action_id": action.pk,
        "on": update.on,
        "status": update.status,
        "percent": update.percent,
        "note": update.note,
        "author": str(update.author) if update.author else None,
        "action_status": action.status,
        "action_progress": action.progress,
    }


# The plan's roles on an action ------------------------------------------------
# Each write calls the service the action page calls; the service asks the
# same `rules` predicate (teixit/workplans/rules.py) and raises PermissionDenied
# (403) or ValidationError (400, with the reason).


def _name(user) -> str | None:
    return str(user) if user else None


def _step_out(step: WorkStep) -> dict:
    return {
        "id": step.pk,
        "order": step.order,
        "text": step.text,
        "period_id": step.period_id,
        "period": step.period.label if step.period_id else None,
        "written_by": _name(step.written_by),
    }


def _contribution_out(contribution) -> dict:
    return {
        "id": contribution.pk,
        "member_id": contribution.member_id,
        "member": str(contribution.member),
        "on": contribution.on,
        "note": contribution.note,
        "url": contribution.url,
        "author": _name(contribution.author),
    }


def _evidence_out(evidence) -> dict:
    return {
        "id": evidence.pk,
        "title": evidence.title,
        "url": evidence.url,
        "href": evidence.href,
        "from_support": evidence.from_support,
        "added_on": evidence.added_on,
        "added_by": _name(evidence.added_by),
    }


def _governance_out(action: Action) -> dict:
    try:
        g = ActionGovernance.objects.select_related(
            "guidelines_approved_by", "done_proposed_by"
        ).get(action=action)
    except ActionGovernance.DoesNotExist:
        g = ActionGovernance(action=action)
    action.refresh_from_db(fields=["status", "progress"])
    by_members = executed_by_members(action)
    done, total = gov.members_share(action) if by_members else (None, None)
    return {
        "action_id": action.pk,
        "guidelines": g.guidelines,
        "guidelines_pending": not g.guidelines_approved,
        "guidelines_approved_on": g.guidelines_approved_on,
        "guidelines_approved_by": _name(g.guidelines_approved_by),
        "done_proposed_on": g.done_proposed_on,
        "done_proposed_by": _name(g.done_proposed_by),
        "done_note": g.done_note,
        "provider_name": g.provider_name,
        "by_members": by_members,
        "members_contributed": done,
        "members_total": total,
        "action_status": action.status,
        "action_progress": 100
        if action.status == Action.Status.DONE
        else action.progress,
        "work_steps": [
            _step_out(s)
            for s in action.work_steps.select_related("period", "written_by")
        ],
        "support_evidence": [
            _evidence_out(e) for e in action.support_evidence.select_related("added_by")
        ],
    }


def _action(request, action_id: int) -> Action:
    """The action, if the caller may read its plan (404 otherwise)."""
    return action_get_for_user(pk=action_id, user=request.user)


@router.get(
    "/plans/actions/{action_id}/governance/",
    response={200: GovernanceOut, **ERROR_RESPONSES},
    operation_id="workplans_governance",
    summary="The plan's roles on an action: guidelines and their approval, work lines, closing, provider, members' share, support evidence",
    auth=optional_user,
)
def get_governance(request, action_id: int):
    return _governance_out(_action(request, action_id))


@router.put(
    "/plans/actions/{action_id}/guidelines/",
    response={200: GovernanceOut, **ERROR_RESPONSES},
    operation_id="workplans_guidelines_write",
    summary="Write the action's guidelines (its Línies bàsiques body; the secretariat drafts); a change withdraws the approval",
    auth=token_or_session,
)
def write_guidelines(request, action_id: int, payload: GuidelinesIn):
    action = _action(request, action_id)
    gov.guidelines_write(action=action, user=request.user, text=payload.guidelines)
    return _governance_out(action)


@router.post(
    "/plans/actions/{action_id}/guidelines/approve/",
    response={200: GovernanceOut, **ERROR_RESPONSES},
    operation_id="workplans_guidelines_approve",
    summary="Approve the action's guidelines (its Línies bàsiques body only)",
    auth=token_or_session,
)
def approve_guidelines(request, action_id: int):
    action = _action(request, action_id)
    gov.guidelines_approve(action=action, user=request.user)
    return _governance_out(action)


@router.get(
    "/plans/actions/{action_id}/steps/",
    response={200: list[WorkStepOut], **ERROR_RESPONSES},
    operation_id="workplans_steps_list",
    summary="The action's work lines (steps, with the plan's periods)",
    auth=optional_user,
)
def list_steps(request, action_id: int):
    action = _action(request, action_id)
    return [
        _step_out(s) for s in action.work_steps.select_related("period", "written_by")
    ]


@router.post(
    "/plans/actions/{action_id}/steps/",
    response={201: WorkStepOut, **ERROR_RESPONSES},
    operation_id="workplans_steps_add",
    summary="Add a step to the action's work lines (its Línies de treball body)",
    auth=token_or_session,
)
def add_step(request, action_id: int, payload: WorkStepIn):
    action = _action(request, action_id)
    if not may(request.user, "workplans.write_work_lines", action):
        raise PermissionDenied(
            _("Only the body that writes the work lines of this action may add steps.")
        )
    period = None
    if payload.period_id is not None:
        period = Period.objects.filter(
            pk=payload.period_id, plan_id=action.objective.line.plan_id
        ).first()
        if period is None:
            raise ValidationError(
                {"period_id": _("The period is not one of this plan's.")},
                code="period",
            )
    step = gov.work_step_add(
        action=action, user=request.user, text=payload.text, period=period
    )
    return Status(201, _step_out(step))


@router.delete(
    "/plans/actions/{action_id}/steps/{step_id}/",
    response={204: None, **ERROR_RESPONSES},
    operation_id="workplans_steps_delete",
    summary="Remove a step from the action's work lines (its Línies de treball body)",
    auth=token_or_session,
)
def delete_step(request, action_id: int, step_id: int):
    action = _action(request, action_id)
    step = get_object_or_404(WorkStep, pk=step_id, action=action)
    gov.work_step_delete(step=step, user=request.user)
    return Status(204, None)


@router.post(
    "/plans/actions/{action_id}/done/propose/",
    response={200: GovernanceOut, **ERROR_RESPONSES},
    operation_id="workplans_done_propose",
    summary="Propose closing the action as done (its executing body)",
    auth=token_or_session,
)
def propose_done(request, action_id: int, payload: DoneProposalIn):
    action = _action(request, action_id)
    gov.action_done_propose(action=action, user=request.user, note=payload.note)
    return _governance_out(action)


@router.post(
    "/plans/actions/{action_id}/done/confirm/",
    response={201: ProgressUpdateOut, **ERROR_RESPONSES},
    operation_id="workplans_done_confirm",
    summary="Confirm the proposal: the action is done (its Línies bàsiques body only)",
    auth=token_or_session,
)
def confirm_done(request, action_id: int):
    action = _action(request, action_id)
    update = gov.action_done_confirm(action=action, user=request.user)
    return Status(201, _update_out(action, update))


@router.post(
    "/plans/actions/{action_id}/done/return/",
    response={200: GovernanceOut, **ERROR_RESPONSES},
    operation_id="workplans_done_return",
    summary="Send the proposal to close the action back (its Línies bàsiques body)",
    auth=token_or_session,
)
def return_done(request, action_id: int):
    action = _action(request, action_id)
    gov.action_done_return(action=action, user=request.user)
    return _governance_out(action)


@router.get(
    "/plans/actions/{action_id}/contributions/",
    response={200: list[ContributionOut], **ERROR_RESPONSES},
    operation_id="workplans_contributions_list",
    summary="Members' contributions to an action the members carry out",
    auth=optional_user,
)
def list_contributions(request, action_id: int):
    action = _action(request, action_id)
    return [
        _contribution_out(c)
        for c in action.contributions.select_related("member", "author")
    ]


@router.post(
    "/plans/actions/{action_id}/contributions/",
    response={201: ContributionOut, **ERROR_RESPONSES},
    operation_id="workplans_contributions_record",
    summary="Record a member's contribution (that member's technicians, on an action the members carry out)",
    auth=token_or_session,
)
def record_contribution(request, action_id: int, payload: ContributionIn):
    action = _action(request, action_id)
    if not may(request.user, "workplans.record_contribution", action):
        raise PermissionDenied(
            _("Only technicians of member municipalities record contributions here.")
        )
    member = Member.objects.filter(pk=payload.member_id).first()
    if member is None:
        raise ValidationError(
            {"member_id": _("There is no member with this id.")}, code="member"
        )
    contribution = gov.member_contribution_record(
        action=action,
        user=request.user,
        member=member,
        note=payload.note,
        on=payload.on,
        url=payload.url,
    )
    return Status(201, _contribution_out(contribution))


@router.post(
    "/plans/actions/{action_id}/evidence/",
    response={201: SupportEvidenceOut, **ERROR_RESPONSES},
    operation_id="workplans_support_evidence_add",
    summary="Attach a link as evidence to the action (its Suport body; files through the action's page)",
    auth=token_or_session,
)
def add_support_evidence(request, action_id: int, payload: SupportEvidenceIn):
    action = _action(request, action_id)
    evidence = gov.support_evidence_add(
        action=action, user=request.user, url=payload.url, title=payload.title
    )
    return Status(201, _evidence_out(evidence))


def _comment_out(comment: ActionComment, *, text_shown: bool) -> dict:
    return {
        "id": comment.pk,
        "action_id": comment.action_id,
        "author": _name(comment.author),
        "body": comment.body if text_shown else None,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "hidden": comment.is_hidden,
        "hidden_reason": comment.hidden_reason,
        "evidence": _evidence_out(comment.evidence) if comment.evidence_id else None,
    }


def _comment(request, action_id: int, comment_id: int) -> ActionComment:
    """A comment of the action, if the caller may read the thread (404
    otherwise, as for an action whose plan they may not read)."""
    action = _action(request, action_id)
    if not request.user.has_perm("workplans.view_actioncomment", action):
        raise Http404
    return get_object_or_404(
        ActionComment.objects.select_related("author", "evidence"),
        pk=comment_id,
        action=action,
    )


def _shown(request, comment: ActionComment) -> bool:
    return not comment.is_hidden or may_moderate(request.user, comment)


@router.get(
    "/plans/actions/{action_id}/comments/",
    response={200: list[CommentOut], **ERROR_RESPONSES},
    operation_id="workplans_comments_list",
    summary="The action's comment thread, oldest first (network people; a hidden comment's text for the secretariat alone)",
    auth=token_or_session,
)
def list_comments(request, action_id: int):
    action = _action(request, action_id)
    if not request.user.has_perm("workplans.view_actioncomment", action):
        raise PermissionDenied(_("Only network people read the comments of actions."))
    return [
        _comment_out(c, text_shown=c.text_shown)
        for c in comment_svc.action_comments(action, request.user)
    ]


@router.post(
    "/plans/actions/{action_id}/comments/",
    response={201: CommentOut, **ERROR_RESPONSES},
    operation_id="workplans_comments_add",
    summary="Comment on the action (the bodies of its roles, the secretariat); the Suport body may give an evidence link",
    auth=token_or_session,
)
def add_comment(request, action_id: int, payload: CommentIn):
    action = _action(request, action_id)
    comment = comment_svc.comment_add(
        action=action,
        user=request.user,
        body=payload.body,
        evidence_url=payload.evidence_url,
    )
    return Status(201, _comment_out(comment, text_shown=True))


@router.patch(
    "/plans/actions/{action_id}/comments/{comment_id}/",
    response={200: CommentOut, **ERROR_RESPONSES},
    operation_id="workplans_comments_edit",
    summary="Change a comment (its author, while it is not hidden)",
    auth=token_or_session,
)
def edit_comment(request, action_id: int, comment_id: int, payload: CommentEditIn):
    comment = _comment(request, action_id, comment_id)
    comment_svc.comment_edit(comment=comment, user=request.user, body=payload.body)
    return _comment_out(comment, text_shown=True)


@router.delete(
    "/plans/actions/{action_id}/comments/{comment_id}/",
    response={204: None, **ERROR_RESPONSES},
    operation_id="workplans_comments_delete",
    summary="Delete a comment (its author, or the secretariat)",
    auth=token_or_session,
)
def delete_comment(request, action_id: int, comment_id: int):
    comment = _comment(request, action_id, comment_id)
    comment_svc.comment_delete(comment=comment, user=request.user)
    return Status(204, None)


@router.post(
    "/plans/actions/{action_id}/comments/{comment_id}/hide/",
    response={200: CommentOut, **ERROR_RESPONSES},
    operation_id="workplans_comments_hide",
    summary="Hide a comment, with the reason shown in its place (the secretariat)",
    auth=token_or_session,
)
def hide_comment(request, action_id: int, comment_id: int, payload: CommentHideIn):
    comment = _comment(request, action_id, comment_id)
    moderation_hide(item=comment, user=request.user, reason=payload.reason)
    return _comment_out(comment, text_shown=True)


@router.post(
    "/plans/actions/{action_id}/comments/{comment_id}/show/",
    response={200: CommentOut, **ERROR_RESPONSES},
    operation_id="workplans_comments_show",
    summary="Show a hidden comment again (the secretariat)",
    auth=token_or_session,
)
def show_comment(request, action_id: int, comment_id: int):
    comment = _comment(request, action_id, comment_id)
    moderation_show(item=comment, user=request.user)
    return _comment_out(comment, text_shown=True)
