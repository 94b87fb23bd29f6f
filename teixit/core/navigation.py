"""The platform's main navigation: at most six groups of pages, plus a
"Management" group for people who manage something.

Items are named by URL name, so `core` imports no domain app; an item whose
URL is not installed is left out, and a group with no item left is not shown.
An app adds its own entries from its `ready()`:

    # in teixit/needs/apps.py, ready():
    from teixit.core.navigation import register_nav_item
    register_nav_item("network", "needs:list", _("Needs"))
    register_nav_item("manage", "needs:queue", _("Needs to review"),
                      perm="needs.review_need")

Groups: "plan", "map", "diagnosis", "knowledge", "network", "agenda" and
"manage". An item may ask for a permission (`perm`, checked with
`user.has_perm`), for a logged-in user (`login=True`) or for admin access
(`staff=True`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import rules
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

GROUPS = [
    ("plan", _("Plan")),
    ("map", _("Map")),
    ("diagnosis", _("Diagnosis")),
    ("knowledge", _("Knowledge")),
    ("network", _("Network")),
    ("agenda", _("Agenda")),
    ("manage", _("Management")),
]


@dataclass(frozen=True)
class NavItem:
    group: str
    url_name: str
    label: str
    perm: str | None = None
    login: bool = False
    staff: bool = False

    def visible_to(self, user) -> bool:
        if self.staff and not (user.is_authenticated and user.is_staff):
            return False
        if self.login and not user.is_authenticated:
            return False
        # The rules' permission set only (the same predicates as user.has_perm),
        # so that the menu costs no query to the database's permission tables.
        return self.perm is None or rules.has_perm(self.perm, user)


_ITEMS: dict[str, NavItem] = {}
_SERIALS: dict[str, int] = {}
_SERIAL = itertools.count()


def register_nav_item(
    group: str,
    url_name: str,
    label,
    *,
    perm: str | None = None,
    login: bool = False,
    staff: bool = False,
) -> None:
    """Add a page to a group of the main menu (registering the same URL name
    in the same group again replaces it)."""
    if group not in dict(GROUPS):
        raise ValueError(f"Unknown navigation group: {group}")
    _ITEMS[f"{group}:{url_name}"] = NavItem(group, url_name, label, perm, login, staff)
    # A new number for each registration: an item registered again with
    # another label is another entry of the menu tag's cache.
    _SERIALS[f"{group}:{url_name}"] = next(_SERIAL)
    _URLS.clear()
    global _BY_GROUP
    _BY_GROUP = None


# Each item's address (None: not installed), per language, script prefix and
# URL configuration: reversing 24 names cost every page about 10 % of its time.
_URLS: dict[tuple, dict[str, str | None]] = {}


def _urls() -> dict[str, str | None]:
    key = (get_language(), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    urls = _URLS.get(key)
    if urls is None:
        urls = _URLS[key] = {}
    return urls


def cached_reverse(url_name: str) -> str | None:
    """`reverse(url_name)` of a URL name without arguments, reversed once per
    language, script prefix and URL configuration (None: not installed). For
    the fixed links every page repeats (the menu, the frame's header and
    footer: nine `{% url %}` tags cost each page a tenth of its frame)."""
    urls = _urls()
    try:
        return urls[url_name]
    except KeyError:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            url = None
        urls[url_name] = url
        return url


#: A key no table reaches, put in an address to find where a key goes.
_ADDRESS_MARKER = 2_071_234_567


def pk_address(url_name: str, kwarg: str = "pk", **fixed):
    """`lambda pk: reverse(url_name, kwargs={kwarg: pk, **fixed})`, reversed
    once: for a list's rows, whose `get_absolute_url` each called `reverse()`
    (~0.1 ms a row). The same address for any integer key, in the current
    language, script prefix and URL configuration (call it within the
    request)."""
    marker = str(_ADDRESS_MARKER)
    head, tail = reverse(url_name, kwargs={**fixed, kwarg: _ADDRESS_MARKER}).split(
        marker
    )
    return lambda pk: f"{head}{int(pk)}{tail}"


#: Keys that `reverse()` puts in a path as they are (no quoting).
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.~-]+")


def key_address(url_name: str, kwarg: str):
    """`pk_address` for text keys (a municipality's code, a slug): a key of
    letters, digits and `_.~-` is put in the address reversed once, any
    other goes through `reverse()` itself (quoting, or its error)."""
    marker = str(_ADDRESS_MARKER)
    head, tail = reverse(url_name, kwargs={kwarg: marker}).split(marker)

    def address(key) -> str:
        key = str(key)
        if _PLAIN_KEY.fullmatch(key):
            return f"{head}{key}{tail}"
        return reverse(url_name, kwargs={kwarg: key})

    return address


def _item_urls() -> dict[str, str | None]:
    urls = _urls()
    if _ALL_ITEMS not in urls:
        for item in _ITEMS.values():
            cached_reverse(item.url_name)
        urls[_ALL_ITEMS] = None
    return urls


_ALL_ITEMS = "\0every menu item"  # marks a dict of _URLS holding every item


@receiver(setting_changed)
def _forget_urls(**kwargs) -> None:
    _URLS.clear()


for _group, _url_name, _label, _options in [
    ("plan", "workplans:plan_list", _("Work plans"), {}),
    ("plan", "workplans:my_actions", _("My actions"), {"login": True}),
    ("plan", "municipal_services:list", _("Municipal services"), {}),
    ("map", "maps:map", _("SSE map"), {}),
    ("map", "entities:propose", _("Propose an entity"), {}),
    ("diagnosis", "diagnosis:index", _("Diagnoses"), {}),
    ("diagnosis", "diagnosis:network", _("The network in figures"), {}),
    ("diagnosis", "competences:profile", _("Competences"), {}),
    ("knowledge", "practices:list", _("Practices"), {}),
    ("knowledge", "materials:list", _("Materials"), {}),
    ("knowledge", "vocabulary:glossary", _("Glossary"), {}),
    ("knowledge", "search:search", _("Search"), {}),
    ("network", "network:member_list", _("Members"), {}),
    ("network", "debates:list", _("Debates"), {}),
    ("network", "experts:list", _("Experts"), {"perm": "experts.view_directory"}),
    ("agenda", "events:list", _("Events"), {}),
    ("agenda", "trainings:list", _("Trainings"), {}),
    (
        "manage",
        "entities:manage",
        _("Entities"),
        {"perm": "entities.list_managed_entities"},
    ),
    (
        "manage",
        "entities:unverified",
        _("Entities to verify"),
        {"perm": "entities.list_managed_entities"},
    ),
    (
        "manage",
        "entities:import_list",
        _("Entity imports"),
        {"perm": "entities.import_entities"},
    ),
    (
        "manage",
        "practices:review_queue",
        _("Practices to review"),
        {"perm": "practices.review_practice"},
    ),
    (
        "manage",
        "debates:moderation",
        _("Debate moderation"),
        {"perm": "debates.moderate_debate"},
    ),
    ("manage", "admin:index", _("Administration"), {"staff": True}),
]:
    register_nav_item(_group, _url_name, _label, **_options)


def _is_active(request, url: str) -> bool:
    path = request.path
    if url == "/" or url.rstrip("/") in ("/es", "/en"):
        return path == url
    return path.startswith(url)


def main_navigation(request) -> list[dict]:
    """The groups of the main menu the visitor may see, each with its items
    (`url`, `label`, `active`); `active` on a group when one of its pages is
    the current one."""
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    groups = []
    urls = _item_urls()
    allowed: dict[str, bool] = {}  # a permission two items ask is checked once
    for key, label, group_items in _by_group():
        items = []
        for item, serial in group_items:
            url = urls.get(item.url_name, urls)  # urls: not reversed yet
            if url is urls:
                url = cached_reverse(item.url_name)
            if url is None:
                continue
            if item.staff and not (user.is_authenticated and user.is_staff):
                continue
            if item.login and not user.is_authenticated:
                continue
            if item.perm is not None:
                if item.perm not in allowed:
                    allowed[item.perm] = item.visible_to(user)
                if not allowed[item.perm]:
                    continue
            items.append(
                {
                    "url": url,
                    "label": item.label,
                    "active": _is_active(request, url),
                    # Stands for the label in the menu tag's key (no lookup
                    # of the translation on every page).
                    "id": serial,
                }
            )
        if items:
            groups.append(
                {
                    "key": key,
                    "id": key,
                    "label": label,
                    "items": items,
                    "active": any(i["active"] for i in items),
                }
            )
    return groups


# GROUPS with their items in order of registration (None: to work out again
# after a registration), so that a page does not look at every item per group.
# Also worked out again when the number of items changed without a
# registration (a test taking its item out of _ITEMS).
_BY_GROUP: list | None = None
_BY_GROUP_SIZE = 0


def _by_group() -> list[tuple[str, object, list[tuple[NavItem, int]]]]:
    global _BY_GROUP, _BY_GROUP_SIZE
    if _BY_GROUP is None or _BY_GROUP_SIZE != len(_ITEMS):
        _BY_GROUP_SIZE = len(_ITEMS)
        _BY_GROUP = [
            (
                key,
                label,
                [
                    (item, _SERIALS[item_key])
                    for item_key, item in _ITEMS.items()
                    if item.group == key
                ],
            )
            for key, label in GROUPS
        ]
    return _BY_GROUP
