"""The admin list's filters (`admin/filter.html`, Django 5.2) written in Python.

A filter on a relation lists a link per related object: the entities' list
filters by legal form (some 360 concepts), and Django renders
`admin/filter.html` for it, four template nodes a link (its selected mark,
`query_string|iriencode`, the label): about 6 ms of the entities' list page on
this machine. `admin_list_filter` below writes the same text for a filter
whose template is Django's own `admin/filter.html` — the same escaping, the
same `iri_to_uri`, the same " By %(filter_title)s " message — and leaves any
other template (a filter of its own, a project's override) to Django.
`install()` (from `CoreConfig.ready()`) registers it under the tag's name in
Django's `admin_list` library, before any admin template is compiled;
`core/tests/test_admin_filters.py` compares every filter of the permission
matrix's admin lists with Django's rendering.
"""

from __future__ import annotations

from pathlib import Path

import django.contrib.admin
from django.contrib.admin.templatetags import admin_list
from django.template.loader import get_template
from django.utils.encoding import iri_to_uri
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

_DJANGO_FILTER = (
    Path(django.contrib.admin.__file__).parent / "templates" / "admin" / "filter.html"
).resolve()
_DJANGOS: list = []
_TEXT = (str, Promise)
#: The heading's message, Django's admin's (`admin/filter.html`'s
#: blocktranslate): translated by Django's admin catalogue, not ours (a name,
#: not a literal, so that `makemessages` leaves it to Django's).
_BY = " By %(filter_title)s "


#: A template's file name -> whether it is Django's admin/filter.html.
_FILES: dict[str, bool] = {}


def _is_djangos(template) -> bool:
    origin = getattr(getattr(template, "template", None), "origin", None)
    name = getattr(origin, "name", None)
    if not isinstance(name, str):
        return False
    known = _FILES.get(name)
    if known is None:
        known = _FILES[name] = Path(name).resolve() == _DJANGO_FILTER
    return known


def _written(title, choices: list) -> str | None:
    """Django's `admin/filter.html` for these choices, or None when one holds
    what only the template's rendering knows how to write (a number, a date:
    localized there)."""
    parts = []
    for choice in choices:
        display = choice.get("display")
        query_string = choice.get("query_string")
        if not isinstance(display, _TEXT) or type(query_string) is not str:
            return None
        parts.append(
            '\n    <li class="selected">' if choice.get("selected") else "\n    <li>"
        )
        parts.append(
            f'\n    <a href="{escape(iri_to_uri(query_string))}">'
            f"{conditional_escape(display)}</a></li>\n  "
        )
    if not isinstance(title, _TEXT):
        return None
    heading = gettext(_BY) % {"filter_title": conditional_escape(title)}
    return (
        f'\n<details data-filter-title="{conditional_escape(title)}" open>\n'
        f"  <summary>\n    {heading}\n  </summary>\n  <ul>\n  "
        + "".join(parts)
        + "\n  </ul>\n</details>\n"
    )


def admin_list_filter(cl, spec):
    template = get_template(spec.template)
    choices = list(spec.choices(cl))
    if _is_djangos(template):
        written = _written(spec.title, choices)
        if written is not None:
            # What the template's text and autoescaped values make: safe.
            return mark_safe(written)  # noqa: S308 - every value is escaped above
    return template.render({"title": spec.title, "choices": choices, "spec": spec})


def djangos_admin_list_filter(cl, spec):
    """Django's own tag function, for the tests' comparison."""
    return _DJANGOS[0](cl, spec)


def install() -> bool:
    tags = admin_list.register.tags
    if getattr(tags.get("admin_list_filter"), "teixit_filters", False):
        return False
    _DJANGOS[:] = [admin_list.admin_list_filter]
    admin_list.register.simple_tag(admin_list_filter, name="admin_list_filter")
    tags["admin_list_filter"].teixit_filters = True
    return True
