"""Writes of the plan's roles on an action (see ``rules.py`` for who may).

Rules owned here:
- guidelines are written by the "Línies bàsiques" body (or drafted by the
  secretariat) and approved by that body; changing approved guidelines
  withdraws the approval;
- work lines (steps with the plan's periods) are written by the "Línies de
  treball" body;
- closing an action as done takes two: the executing body proposes it, the
  guidelines body confirms it (recording the "done" update) or sends it back;
- on an action the members carry out, each member's technicians record that
  member's contribution; the action's progress is the share of the network's
  current members that contributed;
- the secretariat names an external provider and the contact who may record
  progress for it;
- the "Suport" body attaches evidence to the action (a link or a file, the
  same ``Evidence`` the executing body's updates carry, marked as from the
  support body); it records no progress;
- the "Suport" body follows the action: each decision here (guidelines
  approved, work lines, closing proposed or sent back, evidence) tells its
  members (``comments.support_tell``); progress tells every responsible body
  (``signals.progress_recorded``). Comments: ``comments.py``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teixit.network.models import Member
from teixit.network.roles import member_ids_of

from . import signals
from .comments import support_tell
from .models import (
    Action,
    ActionGovernance,
    Evidence,
    MemberContribution,
    Period,
    ProgressUpdate,
    WorkStep,
)
from .rules import require
from .services import action_refresh_progress


def governance_of(action: Action) -> ActionGovernance:
    """The action's governance row (created empty on first write)."""
    try:
        return action.governance
    except ActionGovernance.DoesNotExist:
        governance, _created = ActionGovernance.objects.get_or_create(action=action)
        action.governance = governance
        return governance


@transaction.atomic
def guidelines_write(*, action: Action, user, text: str) -> ActionGovernance:
    """Set the action's guidelines (aims, scope, criteria). A change to
    approved guidelines withdraws the approval: the body approves again."""
    require(
        user,
        "workplans.write_guidelines",
        action,
        _("Only the body that sets the guidelines of this action may write them."),
    )
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            {"guidelines": _("Write the guidelines: aims, scope and criteria.")},
            code="empty",
        )
    governance = governance_of(action)
    if governance.guidelines == text:
        return governance
    governance.guidelines = text
    governance.guidelines_approved_on = None
    governance.guidelines_approved_by = None
    governance.save(
        update_fields=[
            "guidelines",
            "guidelines_approved_on",
            "guidelines_approved_by",
            "updated_at",
        ]
    )
    return governance


@transaction.atomic
def guidelines_approve(*, action: Action, user) -> ActionGovernance:
    require(
        user,
        "workplans.approve_guidelines",
        action,
        _("Only the body that sets the guidelines of this action approves them."),
    )
    governance = governance_of(action)
    if not governance.guidelines.strip():
        raise ValidationError(
            _("There are no guidelines to approve yet."), code="no_guidelines"
        )
    if governance.guidelines_approved:
        return governance
    governance.guidelines_approved_on = timezone.localdate()
    governance.guidelines_approved_by = user
    governance.save(
        update_fields=["guidelines_approved_on", "guidelines_approved_by", "updated_at"]
    )
    support_tell(action=action, actor=user)
    return governance


@transaction.atomic
def work_step_add(
    *, action: Action, user, text: str, period: Period | None = None
) -> WorkStep:
    require(
        user,
        "workplans.write_work_lines",
        action,
        _("Only the body that writes the work lines of this action may add steps."),
    )
    if period is not None and period.plan_id != action.objective.line.plan_id:
        raise ValidationError(
            {"period": _("The period is not one of this plan's.")}, code="period"
        )
    step = WorkStep(
        action=action,
        text=(text or "").strip(),
        period=period,
        order=action.work_steps.count() + 1,
        written_by=user,
    )
    step.full_clean()
    step.save()
    support_tell(action=action, actor=user)
    return step


@transaction.atomic
def work_step_delete(*, step: WorkStep, user) -> None:
    require(
        user,
        "workplans.write_work_lines",
        step.action,
        _("Only the body that writes the work lines of this action may remove steps."),
    )
    step.delete()


@transaction.atomic
def action_done_propose(*, action: Action, user, note: str = "") -> ActionGovernance:
    """The executing body proposes closing the action as done."""
    require(
        user,
        "workplans.propose_done",
        action,
        _("Only the executing body proposes closing this action."),
    )
    if action.status == Action.Status.DONE:
        raise ValidationError(_("This action is already done."), code="done")
    governance = governance_of(action)
    governance.done_proposed_on = timezone.localdate()
    governance.done_proposed_by = user
    governance.done_note = (note or "").strip()
    governance.save(
        update_fields=[
            "done_proposed_on",
            "done_proposed_by",
            "done_note",
            "updated_at",
        ]
    )
    support_tell(action=action, actor=user)
    return governance


@transaction.atomic
def action_done_confirm(
    *, action: Action, user, on: dt.date | None = None
) -> ProgressUpdate:
    """The guidelines body confirms the proposal: the action is done (an
    update at 100 % by the confirming person, with the proposal's note)."""
    require(
        user,
        "workplans.confirm_done",
        action,
        _("Only the body that sets the guidelines of this action confirms it is done."),
    )
    governance = governance_of(action)
    if not governance.done_proposed:
        raise ValidationError(
            _("The executing body has not proposed closing this action."),
            code="not_proposed",
        )
    update = ProgressUpdate(
        action=action,
        author=user,
        status=Action.Status.DONE,
        percent=100,
        note=governance.done_note
        or _("Closing proposed on %(date)s and confirmed.")
        % {"date": date_format(governance.done_proposed_on, "SHORT_DATE_FORMAT")},
        on=on or timezone.localdate(),
    )
    update.full_clean()
    update.save()
    action_refresh_progress(action=action)
    signals.progress_recorded.send(ProgressUpdate, update=update)
    return update


@transaction.atomic
def action_done_return(*, action: Action, user) -> ActionGovernance:
    """The guidelines body sends the proposal back: the action stays open."""
    require(
        user,
        "workplans.confirm_done",
        action,
        _("Only the body that sets the guidelines of this action confirms it is done."),
    )
    governance = governance_of(action)
    governance.done_proposed_on = None
    governance.done_proposed_by = None
    governance.save(
        update_fields=["done_proposed_on", "done_proposed_by", "updated_at"]
    )
    support_tell(action=action, actor=user)
    return governance


@transaction.atomic
def provider_set(*, action: Action, user, name: str, contact=None) -> ActionGovernance:
    """Name the external provider carrying out the action ("secretaria tècnica
    o proveïdora") and the contact who may record progress for it."""
    require(
        user,
        "workplans.change_actiongovernance",
        action,
        _("Only the secretariat names providers."),
    )
    governance = governance_of(action)
    governance.provider_name = (name or "").strip()
    governance.provider_contact = contact if governance.provider_name else None
    governance.full_clean()
    governance.save(update_fields=["provider_name", "provider_contact", "updated_at"])
    return governance


def members_share(action: Action) -> tuple[int, int]:
    """(members that contributed, current members of the network)."""
    total = Member.objects.active().count()
    done = action.contributions.values("member").distinct().count()
    return done, total


@transaction.atomic
def member_contribution_record(
    *,
    action: Action,
    user,
    member: Member,
    note: str,
    on: dt.date | None = None,
    url: str = "",
) -> MemberContribution:
    """A technician records their member's contribution to an action the
    members carry out; the action's progress becomes the members' share."""
    require(
        user,
        "workplans.record_contribution",
        action,
        _("Only technicians of member municipalities record contributions here."),
    )
    if member.pk not in member_ids_of(user):
        raise PermissionDenied(
            _("You may record contributions only for the member you work for.")
        )
    contribution = MemberContribution(
        action=action,
        member=member,
        note=(note or "").strip(),
        on=on or timezone.localdate(),
        url=url or "",
        author=user,
    )
    contribution.full_clean()
    if contribution.on > timezone.localdate():
        raise ValidationError(
            {"on": _("The date of an update cannot be in the future.")}, code="future"
        )
    contribution.save()
    action_refresh_members_progress(action=action)
    return contribution


def action_refresh_members_progress(*, action: Action) -> Action:
    """On an action the members carry out: progress is the share of the
    network's current members that contributed (a done action stays done)."""
    done, total = members_share(action)
    percent = round(100 * done / total) if total else 0
    latest = action.contributions.order_by("-on").values_list("on", flat=True).first()
    fields = []
    if action.status != Action.Status.DONE and action.progress != percent:
        action.progress = percent
        fields.append("progress")
    if action.status == Action.Status.NOT_STARTED and done:
        action.status = Action.Status.IN_PROGRESS
        fields.append("status")
    if latest and (action.last_update_on is None or action.last_update_on < latest):
        action.last_update_on = latest
        fields.append("last_update_on")
    if fields:
        action.save(update_fields=[*fields, "updated_at"])
    return action


@transaction.atomic
def support_evidence_add(
    *,
    action: Action,
    user,
    url: str = "",
    file=None,
    title: str = "",
    notify: bool = True,
) -> Evidence:
    """The support body attaches evidence (a link or a file) to the action,
    marked as from the support body; the action's progress does not change.
    (``notify=False`` when a comment carries it: the comment tells.)"""
    require(
        user,
        "workplans.attach_support_evidence",
        action,
        _("Only the body that supports this action attaches evidence here."),
    )
    url = (url or "").strip()
    if not url and not file:
        raise ValidationError(
            {"url": _("Give a link or a file as evidence.")}, code="empty"
        )
    evidence = Evidence(
        action=action,
        from_support=True,
        added_by=user,
        url=url,
        title=(title or getattr(file, "name", "") or "").strip()[:200],
    )
    if file:
        evidence.file = file
    evidence.full_clean()
    evidence.save()
    if notify:
        support_tell(action=action, actor=user)
    return evidence
