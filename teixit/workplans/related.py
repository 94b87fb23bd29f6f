"""Items of other modules tied to a plan action, shown on the action's page.

A module whose records point at plan actions (e.g. the agreements of network
meetings) registers a provider once, in its AppConfig.ready():

    from teixit.workplans.related import register_action_related

    register_action_related(
        "events.agreements",
        label=_("Agreements of meetings"),
        items=lambda *, action, user: [...],  # a list of ActionRelatedItem
        # optional, for the pages that list many actions (the assembly's
        # report): {action pk: items} for all of them at once
        items_many=lambda *, actions, user: {...},
    )

The action page lists, under each provider's label, the items it returns for
that action and that user (the provider decides what the user may see).
Nothing in workplans imports the providing module.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ActionRelatedItem:
    title: str
    url: str = ""
    on: date | datetime | None = None
    detail: str = ""
    status: str = ""


@dataclass(frozen=True)
class ActionRelatedProvider:
    code: str
    label: str
    items: Callable[..., list[ActionRelatedItem]]
    items_many: Callable[..., dict[int, list[ActionRelatedItem]]] | None = None


_PROVIDERS: dict[str, ActionRelatedProvider] = {}


def register_action_related(
    code: str,
    *,
    label,
    items: Callable[..., list[ActionRelatedItem]],
    items_many: Callable[..., dict[int, list[ActionRelatedItem]]] | None = None,
) -> None:
    _PROVIDERS[code] = ActionRelatedProvider(
        code=code, label=label, items=items, items_many=items_many
    )


def action_related(*, action, user) -> list[tuple[str, list[ActionRelatedItem]]]:
    """(label, items) for each provider that has items for this action."""
    sections = []
    for provider in _PROVIDERS.values():
        items = list(provider.items(action=action, user=user))
        if items:
            sections.append((str(provider.label), items))
    return sections


def actions_related(
    *, actions, user
) -> dict[int, list[tuple[str, list[ActionRelatedItem]]]]:
    """``action_related`` for many actions at once, by action pk: a provider
    with ``items_many`` answers for all of them in one go (a query or two, not
    a few per action); the others are asked action by action."""
    actions = list(actions)
    sections: dict[int, list] = {action.pk: [] for action in actions}
    for provider in _PROVIDERS.values():
        label = str(provider.label)
        if provider.items_many is not None:
            found = provider.items_many(actions=actions, user=user)
            per_action = ((action, found.get(action.pk, [])) for action in actions)
        else:
            per_action = (
                (action, provider.items(action=action, user=user)) for action in actions
            )
        for action, items in per_action:
            items = list(items)
            if items:
                sections[action.pk].append((label, items))
    return sections
