"""Items of other modules tied to a plan action, shown on the action's page.

A module whose records point at plan actions (e.g. the agreements of network
meetings) registers a provider once, in its AppConfig.ready():

    from teixit.workplans.related import register_action_related

    register_action_related(
        "events.agreements",
        label=_("Agreements of meetings"),
        items=lambda *, action, user: [...],  # a list of ActionRelatedItem
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


_PROVIDERS: dict[str, ActionRelatedProvider] = {}


def register_action_related(
    code: str, *, label, items: Callable[..., list[ActionRelatedItem]]
) -> None:
    _PROVIDERS[code] = ActionRelatedProvider(code=code, label=label, items=items)


def action_related(*, action, user) -> list[tuple[str, list[ActionRelatedItem]]]:
    """(label, items) for each provider that has items for this action."""
    sections = []
    for provider in _PROVIDERS.values():
        items = list(provider.items(action=action, user=user))
        if items:
            sections.append((str(provider.label), items))
    return sections
