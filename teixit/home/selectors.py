"""What the home page shows: the network's showcase for visitors (plan
progress, upcoming trainings and events, latest practices) and the person's
pending work (registry.py). Reads only, through the other apps' selectors."""

from __future__ import annotations

import time

from django.utils import timezone
from django.utils.translation import get_language

from teixit.network.selectors import member_list

#: How long a process shows visitors the same showcase, at most, in seconds.
SHOWCASE_SECONDS = 60

#: (language, limit) -> (when it was read, time.monotonic(); the showcase)
_KEPT: dict[tuple, tuple[float, dict]] = {}


def forget_showcase(**kwargs) -> None:
    """Read the visitors' showcase anew at the next visit (a plan, an action,
    a training or its session, an event, a practice or a member was saved or
    deleted in this process: `HomeConfig.ready`)."""
    _KEPT.clear()


def showcase(user, *, limit: int = 3) -> dict:
    """The network at a glance, as `user` may see it.

    Every visitor sees the same: read once per process, language and minute
    (`SHOWCASE_SECONDS`) and whenever what it shows changes in this process
    (the other processes show it within the minute). The front page took
    nine statements, each built and compiled by the ORM, for every visit.
    The objects are shared by the visits that show them: read only."""
    if getattr(user, "is_authenticated", False):
        return _showcase(user, limit=limit)
    key = (get_language(), limit)
    now = time.monotonic()
    held = _KEPT.get(key)
    if held is not None and 0 <= now - held[0] < SHOWCASE_SECONDS:
        return dict(held[1])
    value = _showcase(user, limit=limit)
    _KEPT[key] = (now, value)
    return dict(value)


def _showcase(user, *, limit: int) -> dict:
    from teixit.events.selectors import event_list
    from teixit.practices.selectors import practice_list_for_user
    from teixit.trainings.selectors import upcoming_sessions
    from teixit.workplans.models import Plan
    from teixit.workplans.selectors import plan_list_for_user, plan_list_with_progress

    now = timezone.now()
    plans = plan_list_for_user(user).filter(status=Plan.Status.APPROVED)
    sessions = []
    seen = set()
    for session in upcoming_sessions(now=now)[: limit * 4]:
        if session.training_id in seen:
            continue
        seen.add(session.training_id)
        sessions.append(session)
    return {
        "member_count": member_list().count(),
        "plans": plan_list_with_progress(plans.order_by("-pk")[:1]),
        "sessions": sessions[:limit],
        # neither list shows themes: none read
        "events": list(
            event_list(user=user, start=now, with_themes=False).filter(
                status="published"
            )[:limit]
        ),
        "practices": list(practice_list_for_user(user, with_themes=False)[:limit]),
    }
