""" "My work": what each app asks of the logged-in person, on the home page.

An app that has pending work for people adds a module `my_work.py` with

    SECTION = _("Diagnoses")   # the heading of its section
    ORDER = 30                 # sections are shown by ORDER, then app order

    def items(user) -> list[dict]:
        # {"label": str, "count": int | None, "url": str}; an item with
        # count 0 is not shown, count None is a single thing (a link).
        ...

The home app finds these modules in the installed apps (like the search's
`search_providers.py`), so neither `core` nor `home` imports the apps that
fill the page, and a new app (news, needs…) only adds its own module.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE_NAME = "my_work"

_modules: list | None = None


def work_modules() -> list:
    global _modules
    if _modules is None:
        found = []
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, MODULE_NAME):
                found.append(import_module(f"{config.name}.{MODULE_NAME}"))
        _modules = sorted(found, key=lambda module: getattr(module, "ORDER", 100))
    return _modules


def my_work(user) -> list[dict]:
    """The sections of the person's home page that have something in them:
    `[{"title", "key", "items": [{"label", "count", "url"}]}]`."""
    sections = []
    for module in work_modules():
        items = [
            item
            for item in module.items(user)
            if item.get("count") is None or item["count"] > 0
        ]
        if items:
            sections.append(
                {
                    "title": module.SECTION,
                    "key": module.__name__.split(".")[-2],
                    "items": items,
                }
            )
    return sections
