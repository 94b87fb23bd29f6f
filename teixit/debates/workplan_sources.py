"""Indicators of the work plan computed from the debates (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.workplans.related import register_action_related
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import Debate


def _closed_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(closed_at__gte=first, closed_at__lt=after)


def _concluded():
    return Debate.objects.filter(status=Debate.Status.CLOSED).exclude(conclusions="")


def debates_concluded(*, start: dt.date, end: dt.date) -> int:
    """Debates closed with conclusions in the period."""
    return _concluded().filter(_closed_in(start, end)).count()


def debates_concluded_by_year(*, years) -> dict[int, int]:
    return aggregate_by_year(_concluded(), years, _closed_in)


register_indicator_source(
    "debates.concluded",
    label=_("Debates closed with conclusions"),
    period=debates_concluded,
    unit=_("debates"),
    matches=["Espai debat"],
    by_year=debates_concluded_by_year,
)


def _conclusion_item(debate):
    from teixit.workplans.related import ActionRelatedItem

    return ActionRelatedItem(
        title=debate.title,
        url=debate.get_absolute_url(),
        on=debate.closed_at.date() if debate.closed_at else None,
        detail=debate.conclusions,
    )


def conclusions_for_action(*, action, user) -> list:
    """Closed debates tied to a plan action, with their conclusions, for the
    action's page and the assembly's report (only those the user may read)."""
    from .selectors import conclusions_for_action as conclusions

    return [
        _conclusion_item(debate)
        for debate in conclusions(action, user)
        if debate.conclusions
    ]


def conclusions_for_many_actions(*, actions, user) -> dict[int, list]:
    """``conclusions_for_action`` for many actions in one query, by action
    pk (the assembly's report)."""
    from django.contrib.contenttypes.models import ContentType

    from teixit.workplans.models import Action

    from .selectors import conclusions_for_actions

    ids = {action.pk for action in actions}
    if not ids:
        return {}
    action_type_id = ContentType.objects.get_for_model(Action).pk
    found: dict[int, list] = {}
    for debate in conclusions_for_actions(sorted(ids), user):
        if not debate.conclusions:
            continue
        tied = {a.pk for a in debate.agreements.all()}
        if debate.target_type_id == action_type_id:
            tied.add(debate.target_id)
        item = _conclusion_item(debate)
        for pk in sorted(tied & ids):
            found.setdefault(pk, []).append(item)
    return found


register_action_related(
    "debates.conclusions",
    label=_("Conclusions of debates"),
    items=conclusions_for_action,
    items_many=conclusions_for_many_actions,
)
