"""Panels other apps add to pages they do not own.

A page of one app sometimes shows a piece that belongs to another app: the
notification bell in the header, "what's new since my last visit" on the home
page, the conclusions of the debates attached to an object on that object's
page. The page names a slot and the other app fills it, so `core` (and the
page's app) never import the app that fills it:

    # in teixit/debates/apps.py, ready():
    from teixit.core.panels import register_panel
    register_panel("object", debates_panel)          # (request, obj) -> str | ""

    {# in a template #}
    {% load teixit %}
    {% panels "object" practice %}

Slots in use: "header" (in base.html, the account links: `(request, None)`),
"home" (the home page) and "object" (detail pages of objects people discuss:
municipal services, work-plan actions, practices, diagnoses) and "entity" (an
SSE entity's page: the labels it holds). A panel returns
safe HTML (usually `render_to_string(...)`) or "" to show nothing; panels of a
slot are shown in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable

PanelFn = Callable[..., str]

_PANELS: dict[str, list[tuple[str, PanelFn]]] = {}


def register_panel(slot: str, panel: PanelFn, *, key: str | None = None) -> None:
    """Add `panel(request, obj)` to `slot`; registering the same key twice
    replaces the first (apps' `ready()` may run twice in tests)."""
    key = key or f"{panel.__module__}.{panel.__qualname__}"
    panels = [(k, p) for k, p in _PANELS.get(slot, []) if k != key]
    panels.append((key, panel))
    _PANELS[slot] = panels


def panels_for(slot: str) -> list[PanelFn]:
    return [panel for _, panel in _PANELS.get(slot, [])]


def render_panels(slot: str, request, obj=None) -> str:
    return "".join(panel(request, obj) or "" for panel in panels_for(slot))
