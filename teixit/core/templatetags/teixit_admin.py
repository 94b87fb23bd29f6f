"""The admin's app list (`admin/app_list.html`) written in Python.

Every admin page shows the list of the apps and models a person may use (the
navigation sidebar, and the index and app pages' content): for the
secretariat, some 100 rows, each with half a dozen variables, `{% if %}`s, a
`{% with %}` and a `{% translate %}`, about a third of the CPU time of a
simple admin page in Django's template engine. `app_list_html` writes the
same characters as Django's template (django/contrib/admin/templates/admin/
app_list.html, Django 5.2), from the same context: `app_list`,
`show_changelinks` and `request`; teixit/core/tests/test_admin_site.py
compares the two byte for byte. `teixit/core/admin_templates/admin/app_list.html`
uses it in place of Django's template.
"""

from __future__ import annotations

from html import escape as _html_escape
from urllib.parse import quote

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

#: Django's own messages (its catalogue translates them), named rather than
#: written in the calls so that our catalogues do not extract them.
MODELS_IN = "Models in the %(name)s application"

#: The rows written so far, by everything a row is written from (the model's
#: name, URLs and object name, whether it is the current one, the labels in
#: the current language): the same few hundred rows on every page, each
#: escaped and joined once, not on every page. Emptied past _ROWS_KEPT.
_rows: dict[tuple, str] = {}
_ROWS_KEPT = 4096


def _esc(text) -> str:
    """`conditional_escape` (the same characters), without its lazy-argument
    wrapper: a text that knows its HTML gives it, anything else is escaped."""
    html = getattr(text, "__html__", None)
    if html is not None:
        return html()
    return _html_escape(str(text))


def _translate(message: str) -> str:
    """`{% translate 'message' %}`: the translation, not escaped (a literal
    is safe), percent signs restored."""
    return gettext(message).replace("%%", "%")


def _contains(path: str, url) -> bool:
    """`{% if url in path %}`: False when the test fails (None in a string)."""
    try:
        return url in path
    except TypeError:
        return False


@register.simple_tag(takes_context=True)
def app_list_html(context) -> str:
    """The template's text nodes verbatim (the whitespace around its tags
    included), in the order the template writes them."""
    app_list = context.get("app_list")
    show_changelinks = context.get("show_changelinks")
    request = context.get("request")
    # `request.path|urlencode`
    path = quote(str(getattr(request, "path", "")), safe="/")
    esc = _esc
    out = ["\n\n"]
    if not app_list:
        out.append(
            "\n  <p>"
            + _translate("You don’t have permission to view or edit anything.")
            + "</p>\n\n"
        )
        return mark_safe("".join(out))
    add = _translate("Add")
    view = _translate("View")
    change = _translate("Change")
    head = (
        "</a>\n"
        "        </caption>\n"
        '        <thead class="visually-hidden">\n'
        "          <tr>\n"
        f'            <th scope="col">{_translate("Model name")}</th>\n'
        f'            <th scope="col">{_translate("Add link")}</th>\n'
        f'            <th scope="col">{_translate("Change or view list link")}</th>\n'
        "          </tr>\n"
        "        </thead>\n"
        "        "
    )
    models_in = gettext(MODELS_IN)
    out.append("\n  ")
    for app in app_list:
        app_label = esc(_get(app, "app_label"))
        app_url = _get(app, "app_url")
        name = esc(_get(app, "name"))
        out.append(
            f'\n    <div class="app-{app_label} module'
            f'{" current-app" if _contains(path, app_url) else ""}">\n'
            "      <table>\n"
            "        <caption>\n"
            f'          <a href="{esc(app_url)}" class="section" '
            f'title="{models_in % {"name": name}}">{name}'
        )
        out.append(head)
        for model in _get(app, "models") or ():
            admin_url = model.get("admin_url")
            add_url = model.get("add_url")
            key = (
                app_label,
                esc(str(_get(model, "object_name")).lower()),
                esc(_get(model, "name")),
                esc(admin_url) if admin_url else None,
                esc(add_url) if add_url else None,
                bool(model.get("view_only")),
                _contains(path, admin_url),
                bool(show_changelinks),
                add,
                view,
                change,
            )
            row = _rows.get(key)
            if row is None:
                if len(_rows) >= _ROWS_KEPT:
                    _rows.clear()
                row = _rows[key] = _row(*key)
            out.append(row)
        out.append("\n      </table>\n    </div>\n  ")
    out.append("\n\n")
    return mark_safe("".join(out))


def _row(
    app_label: str,
    model_name: str,
    name: str,
    admin_url: str | None,
    add_url: str | None,
    view_only: bool,
    current: bool,
    show_changelinks: bool,
    add: str,
    view: str,
    change: str,
) -> str:
    """One model's row, as the template writes it, from escaped texts."""
    row_id = f"{app_label}-{model_name}"
    out = [
        "\n          "
        f'\n            <tr class="model-{model_name}'
        f'{" current-model" if current else ""}">\n'
        f'              <th scope="row" id="{row_id}">\n'
        "                "
    ]
    if admin_url:
        aria = ' aria-current="page"' if current else ""
        out.append(
            f'\n                  <a href="{admin_url}"{aria}>{name}</a>\n                '
        )
    else:
        out.append(f"\n                  {name}\n                ")
    out.append("\n              </th>\n\n              ")
    if add_url:
        out.append(
            f'\n                <td><a href="{add_url}" class="addlink" '
            f'aria-describedby="{row_id}">{add}</a></td>\n              '
        )
    else:
        out.append("\n                <td></td>\n              ")
    out.append("\n\n              ")
    if admin_url and show_changelinks:
        if view_only:
            css, label = "viewlink", view
        else:
            css, label = "changelink", change
        out.append(
            f'\n                \n                  <td><a href="{admin_url}" '
            f'class="{css}" aria-describedby="{row_id}">{label}</a></td>\n'
            "                \n              "
        )
    elif show_changelinks:
        out.append("\n                <td></td>\n              ")
    out.append("\n            </tr>\n          \n        ")
    return "".join(out)


def _get(mapping, key):
    """A template's `{{ mapping.key }}`: "" when missing (None is "None")."""
    return mapping.get(key, "")
