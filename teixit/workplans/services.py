"""Writes on work plans.

Rules owned here:
- an import is all-or-nothing; re-importing the same file changes nothing;
  an edited file updates the plan in place (lines by code, objectives by number,
  actions by text then by position), never deleting an action that has progress
  updates or indicators; a dry run reports the same changes and writes nothing;
- an action's status and progress are those of its latest update (by date,
  then by time of recording); an update marked done is 100 %;
- only the secretariat and the members of a body responsible for an action (on
  an approved plan) record progress; the secretariat edits and copies plans;
- a copy of a plan is a new draft with the structure and responsibilities,
  without progress, indicators values or planned periods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teixit.core.services import model_update
from teixit.network.models import Body

from . import signals
from .importer import ParsedPlan, WorkplanFileError, normalise, parse_file
from .models import (
    Action,
    ActionGovernance,
    Evidence,
    Indicator,
    IndicatorValue,
    Objective,
    Period,
    Plan,
    PlannedPeriod,
    ProgressUpdate,
    Responsibility,
    StrategicLine,
    WorkStep,
)

SEED_FILE = Path(__file__).parent / "data" / "pla-de-treball-2017-2019.tsv"


# Import -----------------------------------------------------------------------


@dataclass
class ImportReport:
    plan: Plan | None = None
    created: bool = False
    dry_run: bool = False
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


class _DryRun(Exception):
    def __init__(self, report: ImportReport):
        self.report = report


def plan_import(
    *,
    data: bytes,
    filename: str = "",
    plan: Plan | None = None,
    dry_run: bool = False,
    allow_removals: bool = False,
) -> ImportReport:
    """Import a work plan file (TSV or .xlsx in the seed's layout).

    Raises importer.WorkplanFileError (nothing written) when the file is not
    valid. Without `plan`, the plan with the file's title is updated, or a new
    draft plan is created. A period of the plan whose column the file lacks is
    deleted with its planned marks only with `allow_removals`; otherwise the
    file is refused naming the column (an edited copy that lost a column must
    not silently empty the timeline)."""
    parsed = parse_file(data, Body.objects.all(), filename=filename)
    try:
        with transaction.atomic():
            report = _apply(parsed, plan, allow_removals=allow_removals)
            report.dry_run = dry_run
            if dry_run:
                raise _DryRun(report)
    except _DryRun as stop:
        return stop.report
    return report


def _set(obj, changes: list[str], label: str, **values) -> bool:
    """Set changed fields and save them; note the change.

    (Rows the importer creates skip the existence and uniqueness queries of
    full_clean: their parents were just written or read in this transaction and
    the parser refuses duplicate codes.)"""
    if not model_update(instance=obj, fields=values, data=values):
        return False
    changes.append(label)
    return True


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _has_progress(actions) -> bool:
    return any(a.updates.exists() or a.indicators.exists() for a in actions)


def _missing_periods_error(missing: list[Period]) -> WorkplanFileError:
    errors: list[tuple[int | None, str]] = []
    for period in missing:
        marks = period.planned_actions.count()
        errors.append(
            (
                None,
                _(
                    "The file has no column “%(label)s”: importing it would delete "
                    "that period of the plan and its %(count)s planned marks. Add the "
                    "column back, or confirm that the period must be removed "
                    "(allow removals)."
                )
                % {"label": period.label, "count": marks},
            )
        )
    return WorkplanFileError(errors)


def _apply(
    parsed: ParsedPlan, plan: Plan | None, *, allow_removals: bool = False
) -> ImportReport:
    report = ImportReport(counts=parsed.counts)
    changes = report.changes
    if plan is None:
        plan = Plan.objects.filter(title=parsed.title).first()
    if plan is None:
        plan = Plan(title=parsed.title, start_on=parsed.start_on, end_on=parsed.end_on)
        plan.full_clean()
        plan.save()
        report.created = True
        changes.append(_("Plan “%(title)s” created.") % {"title": plan.title})
    report.plan = plan

    # Periods, by label.
    existing_periods = {p.label: p for p in plan.periods.all()}
    periods: dict[str, Period] = {}
    for order, item in enumerate(parsed.periods, start=1):
        period = existing_periods.pop(item.label, None)
        if period is None:
            period = Period(
                plan=plan,
                label=item.label,
                start_on=item.start_on,
                end_on=item.end_on,
                order=order,
            )
            period.full_clean(exclude=["plan"], validate_constraints=False)
            period.save()
            changes.append(_("Period “%(label)s” added.") % {"label": item.label})
        else:
            _set(
                period,
                changes,
                _("Period “%(label)s” updated.") % {"label": item.label},
                start_on=item.start_on,
                end_on=item.end_on,
                order=order,
            )
        periods[item.label] = period
    if existing_periods and not allow_removals:
        raise _missing_periods_error(
            sorted(existing_periods.values(), key=lambda p: p.order)
        )
    for period in existing_periods.values():
        changes.append(_("Period “%(label)s” removed.") % {"label": period.label})
        period.delete()

    # Strategic lines, by code.
    existing_lines = {line.code: line for line in plan.lines.all()}
    for line_order, item in enumerate(parsed.lines, start=1):
        line = existing_lines.pop(item.code, None)
        if line is None:
            line = StrategicLine(
                plan=plan, code=item.code, title=item.title, order=line_order
            )
            line.full_clean(exclude=["plan"], validate_constraints=False)
            line.save()
            changes.append(_("Strategic line %(code)s added.") % {"code": item.code})
        else:
            _set(
                line,
                changes,
                _("Strategic line %(code)s updated.") % {"code": item.code},
                title=item.title,
                order=line_order,
            )
        _apply_objectives(line, item, periods, report)
    for line in existing_lines.values():
        actions = list(Action.objects.filter(objective__line=line))
        if _has_progress(actions):
            report.warnings.append(
                _(
                    "Strategic line %(code)s is not in the file but was kept: it has progress."
                )
                % {"code": line.code}
            )
        else:
            changes.append(_("Strategic line %(code)s removed.") % {"code": line.code})
            line.delete()
    return report


def _apply_objectives(
    line: StrategicLine, item, periods: dict[str, Period], report
) -> None:
    changes = report.changes
    existing = {o.code: o for o in line.objectives.all()}
    for order, parsed_objective in enumerate(item.objectives, start=1):
        where = {"line": line.code, "code": parsed_objective.code}
        objective = existing.pop(parsed_objective.code, None)
        if objective is None:
            objective = Objective(
                line=line,
                code=parsed_objective.code,
                title=parsed_objective.title,
                order=order,
            )
            objective.full_clean(exclude=["line"], validate_constraints=False)
            objective.save()
            changes.append(_("Objective %(line)s.%(code)s added.") % where)
        else:
            _set(
                objective,
                changes,
                _("Objective %(line)s.%(code)s updated.") % where,
                title=parsed_objective.title,
                order=order,
            )
        _apply_actions(objective, parsed_objective, periods, report)
    for objective in existing.values():
        where = {"line": line.code, "code": objective.code}
        if _has_progress(objective.actions.all()):
            report.warnings.append(
                _(
                    "Objective %(line)s.%(code)s is not in the file but was kept: it has progress."
                )
                % where
            )
        else:
            changes.append(_("Objective %(line)s.%(code)s removed.") % where)
            objective.delete()


def _apply_actions(objective: Objective, parsed_objective, periods, report) -> None:
    changes = report.changes
    existing = list(
        objective.actions.prefetch_related(
            "responsibilities", "planned_periods"
        ).order_by("order")
    )
    by_text = {}
    for action in existing:
        by_text.setdefault(normalise(action.text), action)
    matched: list[Action | None] = []
    used: set[int] = set()
    for parsed_action in parsed_objective.actions:
        action = by_text.get(normalise(parsed_action.text))
        if action is not None and action.pk not in used:
            used.add(action.pk)
            matched.append(action)
        else:
            matched.append(None)
    # Unmatched rows take the unmatched existing actions at their position: an
    # edited text keeps the action (and its progress).
    leftovers = [a for a in existing if a.pk not in used]
    for index, action in enumerate(matched):
        if action is None and leftovers:
            position = index + 1
            candidate = next((a for a in leftovers if a.order == position), None)
            if candidate is not None:
                leftovers.remove(candidate)
                matched[index] = candidate
                used.add(candidate.pk)
    for order, (parsed_action, action) in enumerate(
        zip(parsed_objective.actions, matched, strict=True), start=1
    ):
        label = _short(parsed_action.text)
        if action is None:
            action = Action(objective=objective, text=parsed_action.text, order=order)
            action.full_clean(exclude=["objective"])
            action.save()
            changes.append(_("Action “%(text)s” added.") % {"text": label})
        else:
            _set(
                action,
                changes,
                _("Action “%(text)s” updated.") % {"text": label},
                text=parsed_action.text,
                order=order,
            )
        _apply_responsibilities(action, parsed_action, changes, label)
        _apply_marks(action, parsed_action, periods, changes, label)
    for action in leftovers:
        label = _short(action.text)
        if _has_progress([action]):
            report.warnings.append(
                _("Action “%(text)s” is not in the file but was kept: it has progress.")
                % {"text": label}
            )
        else:
            changes.append(_("Action “%(text)s” removed.") % {"text": label})
            action.delete()


def _apply_responsibilities(action: Action, parsed_action, changes, label) -> None:
    wanted = [
        (r.role, r.body_id, r.text, r.members) for r in parsed_action.responsibilities
    ]
    current = [
        (r.role, r.body_id, r.text, r.members) for r in action.responsibilities.all()
    ]
    if wanted == current:
        return
    action.responsibilities.all().delete()
    for order, (role, body_id, text, members) in enumerate(wanted, start=1):
        responsibility = Responsibility(
            action=action,
            role=role,
            body_id=body_id,
            text=text,
            members=members,
            order=order,
        )
        responsibility.full_clean(exclude=["action", "body"])
        responsibility.save()
    changes.append(_("Responsibilities of “%(text)s” updated.") % {"text": label})


def _apply_marks(action: Action, parsed_action, periods, changes, label) -> None:
    wanted = {periods[name].pk: mark for name, mark in parsed_action.marks.items()}
    current = {p.period_id: p for p in action.planned_periods.all()}
    touched = False
    for period_id, mark in wanted.items():
        planned = current.pop(period_id, None)
        if planned is None:
            PlannedPeriod.objects.create(action=action, period_id=period_id, mark=mark)
            touched = True
        elif planned.mark != mark:
            planned.mark = mark
            planned.save(update_fields=["mark", "updated_at"])
            touched = True
    for planned in current.values():
        planned.delete()
        touched = True
    if touched:
        changes.append(_("Timeline of “%(text)s” updated.") % {"text": label})


# Progress ---------------------------------------------------------------------


def action_refresh_progress(*, action: Action) -> Action:
    """Copy the latest update's status and percentage onto the action."""
    latest = action.updates.order_by("-on", "-created_at", "-pk").first()
    if latest is None:
        values = {
            "status": Action.Status.NOT_STARTED,
            "progress": 0,
            "last_update_on": None,
        }
    else:
        values = {
            "status": latest.status,
            "progress": latest.percent,
            "last_update_on": latest.on,
        }
    model_update(instance=action, fields=values, data=values, clean=False)
    return action


@transaction.atomic
def progress_update_record(
    *,
    action: Action,
    author,
    status: str,
    percent: int | None = None,
    note: str = "",
    on: dt.date | None = None,
    links: list[str] | tuple = (),
    files: list | tuple = (),
) -> ProgressUpdate:
    """Record progress on an action (page, API and demo data call this).

    Only the secretariat and current members of a body responsible for the
    action (on an approved plan) may. Done means 100 %; without a percentage
    the action's current one is kept."""
    if not author.has_perm("workplans.record_progress", action):
        raise PermissionDenied(_("You may not record progress on this action."))
    if status == Action.Status.DONE:
        from .rules import may

        if not may(author, "workplans.confirm_done", action):
            raise ValidationError(
                {
                    "status": _(
                        "The executing body proposes closing the action; the body "
                        "that sets its guidelines confirms it is done."
                    )
                },
                code="done_needs_confirmation",
            )
        percent = 100
    elif percent is None:
        percent = action.progress
    update = ProgressUpdate(
        action=action,
        author=author,
        status=status,
        percent=percent,
        note=note or "",
        on=on or timezone.localdate(),
    )
    update.full_clean()
    if update.on > timezone.localdate():
        raise ValidationError(
            {"on": _("The date of an update cannot be in the future.")}, code="future"
        )
    update.save()
    for url in links:
        if url:
            evidence = Evidence(update=update, url=url)
            evidence.full_clean()
            evidence.save()
    for upload in files:
        evidence = Evidence(
            update=update, file=upload, title=getattr(upload, "name", "")[:200]
        )
        evidence.full_clean()
        evidence.save()
    action_refresh_progress(action=action)
    signals.progress_recorded.send(ProgressUpdate, update=update)
    return update


# Editing ------------------------------------------------------------------------


PLAN_FIELDS = [
    "title",
    "description",
    "start_on",
    "end_on",
    "status",
    "approved_on",
    "visibility",
]


@transaction.atomic
def plan_update(*, plan: Plan, user, **values) -> Plan:
    if not user.has_perm("workplans.change_plan", plan):
        raise PermissionDenied(_("Only the secretariat edits work plans."))
    fields = model_update(instance=plan, fields=PLAN_FIELDS, data=values, save=False)
    plan.full_clean()
    if plan.status == Plan.Status.APPROVED and "approved_on" not in fields:
        fields.append("approved_on")
    if fields:
        plan.save(update_fields=[*fields, "updated_at"])
    return plan


@transaction.atomic
def action_update(
    *, action: Action, user, text: str, weight: Decimal | None, period_ids: list[int]
) -> Action:
    """Edit an action's text, weight and planned periods (secretariat)."""
    if not user.has_perm("workplans.change_action", action):
        raise PermissionDenied(_("Only the secretariat edits the plan's structure."))
    fields = []
    if action.text != text:
        action.text = text
        fields.append("text")
    if action.weight != weight:
        action.weight = weight
        fields.append("weight")
    action.full_clean()
    if fields:
        action.save(update_fields=[*fields, "updated_at"])
    plan = action.objective.line.plan
    wanted = set(
        Period.objects.filter(plan=plan, pk__in=period_ids).values_list("pk", flat=True)
    )
    current = {p.period_id: p for p in action.planned_periods.all()}
    for period_id in wanted - set(current):
        PlannedPeriod.objects.create(action=action, period_id=period_id, mark="X")
    for period_id in set(current) - wanted:
        current[period_id].delete()
    return action


@transaction.atomic
def plan_schedule_update(
    *, plan: Plan, user, planned: set[tuple[int, int]]
) -> dict[str, int]:
    """Set the planned periods of every action of a plan at once (the
    secretariat's grid): `planned` holds the (action id, period id) pairs to
    keep marked; marks already set keep their text, new ones get "X", the
    others are removed. Pairs outside the plan are refused (nothing written).
    Returns how many marks were added and removed."""
    if not user.has_perm("workplans.change_plan", plan):
        raise PermissionDenied(_("Only the secretariat edits the plan's structure."))
    action_ids = set(Action.objects.for_plan(plan).values_list("pk", flat=True))
    period_ids = set(plan.periods.values_list("pk", flat=True))
    foreign = {
        pair
        for pair in planned
        if pair[0] not in action_ids or pair[1] not in period_ids
    }
    if foreign:
        raise ValidationError(
            _("Some marks are not of an action and a period of this plan."),
            code="foreign_mark",
        )
    current = {
        (p.action_id, p.period_id): p
        for p in PlannedPeriod.objects.filter(action_id__in=action_ids)
    }
    added = [
        PlannedPeriod(action_id=action_id, period_id=period_id, mark="X")
        for action_id, period_id in sorted(planned - set(current))
    ]
    PlannedPeriod.objects.bulk_create(added)
    removed = [current[pair].pk for pair in set(current) - planned]
    PlannedPeriod.objects.filter(pk__in=removed).delete()
    return {"added": len(added), "removed": len(removed)}


@transaction.atomic
def indicator_value_record(
    *, indicator: Indicator, user, year: int, value: Decimal, note: str = ""
) -> IndicatorValue:
    """Set the manual value of an indicator for a year (replaces that year's)."""
    if not (
        user.has_perm("workplans.change_indicator", indicator)
        or (
            indicator.action_id
            and user.has_perm("workplans.record_progress", indicator.action)
        )
    ):
        raise PermissionDenied(_("You may not record values of this indicator."))
    if indicator.source:
        raise ValidationError(
            _("This indicator is computed; its values cannot be entered by hand."),
            code="computed",
        )
    row = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
    if row is None:
        row = IndicatorValue(
            indicator=indicator, year=year, value=value, note=note, recorded_by=user
        )
        row.full_clean()
        row.save()
    else:
        row.value, row.note, row.recorded_by = value, note, user
        row.full_clean()
        row.save(update_fields=["value", "note", "recorded_by", "updated_at"])
    return row


@transaction.atomic
def plan_copy(
    *, plan: Plan, user, title: str, start_on: dt.date, end_on: dt.date
) -> Plan:
    """A new draft plan for another period with the same lines, objectives,
    actions, roles (responsibilities, including the members and the plan's own
    words for "qui correspongui segons el cas") and indicators with their
    computed sources and targets (no progress, no values). Of each action's
    governance it keeps the guidelines (as a draft: the new plan's
    "Línies bàsiques" body approves them again), the named external provider
    and its contact, and the work lines (without a period). Decisions of the
    old plan (approvals, proposals to close, members' contributions) stay with
    it. Its periods are its years; planned periods are left for the new plan
    to set."""
    if not user.has_perm("workplans.copy_plan", plan):
        raise PermissionDenied(_("Only the secretariat copies work plans."))
    new = Plan(
        title=title,
        description=plan.description,
        start_on=start_on,
        end_on=end_on,
        status=Plan.Status.DRAFT,
        visibility=plan.visibility,
        copied_from=plan,
    )
    new.full_clean()
    new.save()
    for order, year in enumerate(range(start_on.year, end_on.year + 1), start=1):
        Period.objects.create(
            plan=new,
            label=str(year),
            start_on=max(start_on, dt.date(year, 1, 1)),
            end_on=min(end_on, dt.date(year, 12, 31)),
            order=order,
        )
    lines = plan.lines.prefetch_related(
        "objectives__indicators",
        "objectives__actions__responsibilities",
        "objectives__actions__indicators",
        "objectives__actions__work_steps",
    )
    governance = {
        g.action_id: g
        for g in ActionGovernance.objects.filter(action__objective__line__plan=plan)
    }
    for line in lines:
        new_line = StrategicLine.objects.create(
            plan=new,
            code=line.code,
            title=line.title,
            order=line.order,
            weight=line.weight,
        )
        for objective in line.objectives.all():
            new_objective = Objective.objects.create(
                line=new_line,
                code=objective.code,
                title=objective.title,
                order=objective.order,
                weight=objective.weight,
            )
            for indicator in objective.indicators.all():
                _copy_indicator(indicator, objective=new_objective)
            for action in objective.actions.all():
                new_action = Action.objects.create(
                    objective=new_objective,
                    text=action.text,
                    order=action.order,
                    weight=action.weight,
                )
                for r in action.responsibilities.all():
                    Responsibility.objects.create(
                        action=new_action,
                        role=r.role,
                        body_id=r.body_id,
                        text=r.text,
                        members=r.members,
                        order=r.order,
                    )
                for indicator in action.indicators.all():
                    _copy_indicator(indicator, action=new_action)
                _copy_governance(action, governance.get(action.pk), new_action)
    return new


def _copy_governance(
    action: Action, governance: ActionGovernance | None, new_action: Action
) -> None:
    if governance is not None and (
        governance.guidelines
        or governance.provider_name
        or governance.provider_contact_id
    ):
        ActionGovernance.objects.create(
            action=new_action,
            guidelines=governance.guidelines,
            provider_name=governance.provider_name,
            provider_contact_id=governance.provider_contact_id,
        )
    for step in action.work_steps.all():
        WorkStep.objects.create(
            action=new_action,
            text=step.text,
            order=step.order,
            written_by_id=step.written_by_id,
        )


def _copy_indicator(indicator: Indicator, **owner) -> Indicator:
    return Indicator.objects.create(
        name=indicator.name,
        unit=indicator.unit,
        target=indicator.target,
        source=indicator.source,
        order=indicator.order,
        **owner,
    )


# Default data -----------------------------------------------------------------


def demo_workplans_load(*, path: Path = SEED_FILE) -> dict:
    """Import the shipped plan when there is no plan yet, approve and publish it,
    and record a few progress updates by the demo people (when they exist)."""
    from django.contrib.auth import get_user_model

    if Plan.objects.exists():
        return {"plans": 0, "updates": 0}
    report = plan_import(data=path.read_bytes(), filename=path.name)
    plan = report.plan
    plan.status = Plan.Status.APPROVED
    plan.visibility = Plan.Visibility.PUBLIC
    plan.approved_on = dt.date(plan.start_on.year, 1, 1)
    plan.full_clean()
    plan.save(update_fields=["status", "visibility", "approved_on", "updated_at"])
    User = get_user_model()
    secretariat = User.objects.filter(email="secretaria@teixit.local").first()
    commission = User.objects.filter(email="comissio@teixit.local").first()
    updates = 0
    actions = list(
        Action.objects.for_plan(plan).order_by(
            "objective__line__order", "objective__order", "order"
        )
    )
    year = plan.start_on.year
    # Dated inside the plan, so that the timeline shows them.
    script = [
        (
            secretariat,
            0,
            Action.Status.IN_PROGRESS,
            40,
            dt.date(year, 3, 15),
            _("First methodologies collected."),
        ),
        (
            secretariat,
            0,
            Action.Status.DONE,
            100,
            dt.date(year, 11, 30),
            _("Methodology shared with the members."),
        ),
        (
            secretariat,
            1,
            Action.Status.IN_PROGRESS,
            60,
            dt.date(year + 1, 5, 10),
            _("Eight members have mapped their SSE."),
        ),
        (
            secretariat,
            8,
            Action.Status.IN_PROGRESS,
            66,
            dt.date(year, 10, 20),
            _("Two of the three yearly meetings held."),
        ),
        (
            commission,
            4,
            Action.Status.IN_PROGRESS,
            30,
            dt.date(year + 1, 2, 1),
            _("First draft of the technician's profile."),
        ),
        (
            commission,
            14,
            Action.Status.POSTPONED,
            0,
            dt.date(year + 1, 9, 1),
            _("Postponed to the next plan."),
        ),
        (
            secretariat,
            23,
            Action.Status.DONE,
            100,
            dt.date(year, 6, 30),
            _("Communication plan approved by the commission."),
        ),
        (
            secretariat,
            26,
            Action.Status.BLOCKED,
            20,
            dt.date(year + 1, 4, 1),
            _("Waiting for the web budget."),
        ),
    ]
    for user, index, status, percent, on, note in script:
        if user is None or index >= len(actions):
            continue
        if not user.has_perm("workplans.record_progress", actions[index]):
            continue
        if status == Action.Status.DONE:
            # Done takes two: the executing body proposes, the guidelines body
            # (the demo commission) confirms.
            updates += _demo_close(actions[index], user, commission, note, on)
            continue
        progress_update_record(
            action=actions[index],
            author=user,
            status=status,
            percent=percent,
            note=note,
            on=on,
        )
        updates += 1
    demo_indicators_load(plan=plan)
    _demo_guidelines(actions, commission)
    return {"plans": 1, "updates": updates}


def _demo_guidelines(actions: list[Action], commission) -> None:
    """The demo commission sets and approves the guidelines of the first
    actions it is the "Línies bàsiques" body of."""
    from .governance import guidelines_approve, guidelines_write
    from .rules import may

    if commission is None:
        return
    for action in actions[:3]:
        if not may(commission, "workplans.approve_guidelines", action):
            continue
        guidelines_write(
            action=action,
            user=commission,
            text=_(
                "**Aims:** what the action must achieve in the plan's years.\n\n"
                "**Scope:** every member municipality.\n\n"
                "**Criteria:** shared methods, results reported to the assembly."
            ),
        )
        guidelines_approve(action=action, user=commission)


def _demo_close(action: Action, proposer, confirmer, note: str, on) -> int:
    from .governance import action_done_confirm, action_done_propose

    action_done_propose(action=action, user=proposer, note=note)
    from .rules import may

    if confirmer is None or not may(confirmer, "workplans.confirm_done", action):
        return 0
    action_done_confirm(action=action, user=confirmer, on=on)
    return 1


# Indicators of the seed plan that other modules compute: (action text, code,
# name, unit, target).
SEED_COMPUTED_INDICATORS = [
    (
        "Promoure la realització de mapeig/diagnosi",
        "diagnosis.mapping_coverage",
        gettext_lazy("Members that mapped their SSE and made a diagnosis"),
        gettext_lazy("members"),
        None,
    ),
    (
        # I.2.a: "Organitzar i promoure 3 trobades anuals amb tots els membres".
        "Organitzar i promoure 3 trobades anuals",
        "events.network_meetings_held",
        gettext_lazy("Network meetings held per year"),
        gettext_lazy("meetings"),
        Decimal(3),
    ),
]


def demo_indicators_load(*, plan: Plan) -> int:
    """Link the seed plan's actions to the computed indicators registered by
    other modules (e.g. the diagnosis module's mapping coverage). Returns how
    many indicators were created; existing ones are left as they are."""
    from .sources import indicator_source_get

    created = 0
    for text, code, name, unit, target in SEED_COMPUTED_INDICATORS:
        if indicator_source_get(code) is None:
            continue
        action = Action.objects.for_plan(plan).filter(text__startswith=text).first()
        if action is None or action.indicators.filter(source=code).exists():
            continue
        indicator = Indicator(
            action=action, name=str(name), unit=str(unit), source=code, target=target
        )
        indicator.full_clean()
        indicator.save()
        created += 1
    # Every other action a registered source serves by its text.
    from .tracking import plan_sources_link

    created += len(plan_sources_link(plan=plan))
    return created
