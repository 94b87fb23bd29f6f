"""The plan tracks itself: linking actions to the computed sources that serve
them (see ``sources.py``).

Rules owned here:
- a source serves an action by an explicit link (an indicator of the action
  with that ``source``, set by the secretariat) or by its ``matches`` naming
  the action's text;
- linking creates one indicator per (action, source) at most and never
  changes an existing indicator.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Action, Indicator, Plan
from .sources import indicator_source_get, indicator_sources_serving


@transaction.atomic
def plan_sources_link(*, plan: Plan, user=None) -> list[Indicator]:
    """Create the computed indicator of every action of the plan that a
    registered source serves by text match and that has none for that source
    yet. Returns the indicators created. ``user`` None: the system (demo data,
    commands); otherwise the secretariat only."""
    if user is not None and not user.has_perm("workplans.change_indicator", plan):
        raise PermissionDenied(_("Only the secretariat links computed indicators."))
    created = []
    actions = Action.objects.for_plan(plan).prefetch_related("indicators")
    for action in actions:
        linked = {i.source for i in action.indicators.all() if i.source}
        order = len(action.indicators.all())
        for source in indicator_sources_serving(action.text):
            if source.code in linked:
                continue
            order += 1
            created.append(
                _indicator_create(action=action, code=source.code, order=order)
            )
            linked.add(source.code)
    return created


@transaction.atomic
def action_source_link(*, action: Action, user, code: str) -> Indicator:
    """Explicit link: the secretariat ties a registered source to an action."""
    if not user.has_perm("workplans.change_indicator", action):
        raise PermissionDenied(_("Only the secretariat links computed indicators."))
    if indicator_source_get(code) is None:
        raise ValidationError(
            _("No computed source is registered with this code."),
            code="unknown_source",
        )
    existing = action.indicators.filter(source=code).first()
    if existing is not None:
        return existing
    return _indicator_create(
        action=action, code=code, order=action.indicators.count() + 1
    )


def _indicator_create(*, action: Action, code: str, order: int) -> Indicator:
    source = indicator_source_get(code)
    target = source.target
    indicator = Indicator(
        action=action,
        name=str(source.label)[:300],
        unit=str(source.unit)[:50],
        source=code,
        target=Decimal(str(target)) if target is not None else None,
        order=order,
    )
    indicator.full_clean()
    indicator.save()
    return indicator
