"""JSON API of the work plans: the plan tree (public plans for everyone,
members-only plans for registered users) and recording progress (same service
and rules as the action page)."""

from django.http import Http404
from ninja import Router, Status

from teixit.accounts.api_auth import optional_user, token_or_session
from teixit.core.api import ERROR_RESPONSES

from .models import Action, Plan
from .schemas import PlanDetailOut, PlanOut, ProgressUpdateIn, ProgressUpdateOut
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
    action.refresh_from_db(fields=["status", "progress"])
    return Status(
        201,
        {
            "id": update.pk,
            "action_id": action.pk,
            "on": update.on,
            "status": update.status,
            "percent": update.percent,
            "note": update.note,
            "author": str(update.author) if update.author else None,
            "action_status": action.status,
            "action_progress": action.progress,
        },
    )
