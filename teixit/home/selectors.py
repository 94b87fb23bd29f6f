"""What the home page shows: the network's showcase for visitors (plan
progress, upcoming trainings and events, latest practices) and the person's
pending work (registry.py). Reads only, through the other apps' selectors."""

from __future__ import annotations

from django.utils import timezone

from teixit.network.selectors import member_list


def showcase(user, *, limit: int = 3) -> dict:
    """The network at a glance, as `user` may see it."""
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
