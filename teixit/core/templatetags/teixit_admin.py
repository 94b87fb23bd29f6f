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

from functools import cache
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from teixit.core.admin_rows import escape_text as _esc
from teixit.core.form_renderer import value_html as v

register = template.Library()

#: Django's own messages (its catalogue translates them), named rather than
#: written in the calls so that our catalogues do not extract them.
MODELS_IN = "Models in the %(name)s application"

#: The rows written so far, by everything a row is written from (the model's
#: name, URLs and object name as given, and their types; whether it is the
#: current one, the labels in the current language): the same few hundred
#: rows on every page, each escaped and joined once, not on every page (the
#: key is read from the row as it is: no text escaped to find a row).
#: Emptied past _ROWS_KEPT.
_rows: dict[tuple, str] = {}
_ROWS_KEPT = 4096
#: The apps' openings written so far, the same way (emptied past _ROWS_KEPT).
_openings: dict[tuple, str] = {}


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
    shown = bool(show_changelinks)
    for app in app_list:
        app_label = _get(app, "app_label")
        app_url = _get(app, "app_url")
        name = _get(app, "name")
        # the app's opening, by what it is written from: its texts as given
        # (escaped once, when first written) and their types (a text that
        # knows its HTML is written as it is: the same characters in a `str`
        # are escaped)
        key = (
            app_label,
            app_url,
            name,
            _contains(path, app_url),
            models_in,
            type(app_label),
            type(app_url),
            type(name),
        )
        opening = _openings.get(key)
        if opening is None:
            if len(_openings) >= _ROWS_KEPT:
                _openings.clear()
            opening = _openings[key] = _opening(*key[:5]) + head
        out.append(opening)
        for model in app.get("models") or ():
            get = model.get
            admin_url = get("admin_url")
            add_url = get("add_url")
            object_name = get("object_name", "")
            model_name = get("name", "")
            try:  # `{% if model.admin_url in request.path|urlencode %}`
                current = admin_url in path
            except TypeError:
                current = False
            key = (
                app_label,
                object_name,
                model_name,
                admin_url,
                add_url,
                bool(get("view_only")),
                current,
                shown,
                add,
                view,
                change,
                type(app_label),
                type(object_name),
                type(model_name),
                type(admin_url),
                type(add_url),
            )
            row = _rows.get(key)
            if row is None:
                if len(_rows) >= _ROWS_KEPT:
                    _rows.clear()
                row = _rows[key] = _row(*key[:11])
            out.append(row)
        out.append("\n      </table>\n    </div>\n  ")
    out.append("\n\n")
    return mark_safe("".join(out))


def _opening(app_label, app_url, name, current: bool, models_in: str) -> str:
    """An app's `<div>` and its table's caption, as the template writes them."""
    app_label = _esc(app_label)
    name = _esc(name)
    return (
        f'\n    <div class="app-{app_label} module'
        f'{" current-app" if current else ""}">\n'
        "      <table>\n"
        "        <caption>\n"
        f'          <a href="{_esc(app_url)}" class="section" '
        f'title="{models_in % {"name": name}}">{name}'
    )


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
    """One model's row, as the template writes it, from its texts as given
    (escaped here: `app_label`, `object_name`, `name`, the URLs)."""
    app_label = _esc(app_label)
    model_name = _esc(str(model_name).lower())
    name = _esc(name)
    admin_url = _esc(admin_url) if admin_url else None
    add_url = _esc(add_url) if add_url else None
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


# -- a fieldset of an admin form (admin/includes/fieldset.html) ------------------

#: What `admin/includes/fieldset.html` reads from its context.
_FIELDSET_CONTEXT = ("fieldset", "heading_level", "prefix", "id_prefix", "id_suffix")


def _safe(value) -> str:
    """`{{ value|safe }}`: the text, not escaped."""
    return str(value)


def _of(field, name: str):
    """`field.field.<name>` of an `AdminField` (a bound field) or an
    `AdminReadonlyField` (a dictionary): what the template finds, or None."""
    inner = field.field
    if type(inner) is dict:
        return inner.get(name)
    return getattr(inner, name, None)


def _fieldset_line(line) -> str:
    """One line of the fieldset: a `Fieldline`'s `<div class="form-row…">`."""
    single = len(line.fields) == 1
    fields = list(line)
    line_errors = line.errors() if single else ""
    out = ['\n        <div class="form-row']
    if single and line_errors:
        out.append(" errors")
    if not line.has_visible_field:
        out.append(" hidden")
    for field in fields:
        name = _of(field, "name")
        if name:
            out.append(f" field-{v(name)}")
    out.append('">\n            ')
    out.append(
        v(line_errors) if single else '<div class="flex-container form-multiline">'
    )
    out.append("\n            ")
    for field in fields:
        readonly = field.is_readonly
        out.append("\n                <div>\n                    ")
        # Asked only where the template asks it (a line of several fields).
        errors = None if single or readonly else field.errors()
        if not single and not readonly:
            out.append(v(errors))
        out.append('\n                        <div class="flex-container')
        if not single:
            out.append(" fieldBox")
            name = _of(field, "name")
            if name:
                out.append(f" field-{v(name)}")
            if not readonly and errors:
                out.append(" errors")
            if _of(field, "is_hidden"):
                out.append(" hidden")
        if field.is_checkbox:
            out.append(" checkbox-row")
        out.append('">\n                            ')
        if field.is_checkbox:
            out.append(
                f"\n                                {v(field.field)}{v(field.label_tag())}"
                "\n                            "
            )
        else:
            out.append(
                f"\n                                {v(field.label_tag())}\n                                "
            )
            if readonly:
                out.append(
                    '\n                                    <div class="readonly">'
                    f"{v(field.contents())}</div>\n                                "
                )
            else:
                out.append(
                    f"\n                                    {v(field.field)}\n                                "
                )
            out.append("\n                            ")
        out.append("\n                        </div>\n                    ")
        help_text = _of(field, "help_text")
        if help_text:
            out.append('\n                        <div class="help')
            if _of(field, "is_hidden"):
                out.append(" hidden")
            out.append('"')
            id_for_label = _of(field, "id_for_label")
            if id_for_label:
                out.append(f' id="{v(id_for_label)}_helptext"')
            out.append(
                f">\n                            <div>{_safe(help_text)}</div>"
                "\n                        </div>\n                    "
            )
        out.append("\n                </div>\n            ")
    out.append("\n            ")
    if not single:
        out.append("</div>")
    out.append("\n        </div>\n    ")
    return "".join(out)


@register.simple_tag(takes_context=True)
def fieldset_html(context) -> str:
    """`admin/includes/fieldset.html` (Django 5.2) written in Python: the
    template's text verbatim, whitespace included, from the same context (the
    change form's and the stacked inline's includes); each value written as
    the template writes it (`value_html`, methods called as the template calls
    them). A context without one of the names the template reads is rendered
    by Django's template itself. teixit/core/tests/test_admin_fieldset.py
    compares both for every admin's add and change forms."""
    if not all(name in context for name in _FIELDSET_CONTEXT):
        return mark_safe(_djangos_fieldset().render(context))  # noqa: S308 - Django's template
    fieldset = context["fieldset"]
    name = fieldset.name
    heading_id = f"{v(context['prefix'])}-{v(context['id_prefix'])}-{v(context['id_suffix'])}-heading"
    out = [f'<fieldset class="module aligned {v(fieldset.classes)}"']
    if name:
        out.append(f' aria-labelledby="{heading_id}"')
    out.append(">\n    ")
    if name:
        collapsible = fieldset.is_collapsible
        level = v(context["heading_level"] or 2)
        out.append("\n        ")
        if collapsible:
            out.append("<details><summary>")
        out.append(
            f'\n        <h{level} id="{heading_id}" class="fieldset-heading">'
            f"{v(name)}</h{level}>\n        "
        )
        if collapsible:
            out.append("</summary>")
        out.append("\n    ")
    out.append("\n    ")
    if fieldset.description:
        out.append(
            f'\n        <div class="description">{_safe(fieldset.description)}</div>\n    '
        )
    out.append("\n    ")
    for line in fieldset:
        out.append(_fieldset_line(line))
    out.append("\n    ")
    if name and fieldset.is_collapsible:
        out.append("</details>")
    out.append("\n</fieldset>\n")
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above


@cache
def _djangos_fieldset():
    """Django's own `admin/includes/fieldset.html`, compiled once."""
    from pathlib import Path

    import django.contrib.admin
    from django.template import engines

    path = (
        Path(django.contrib.admin.__file__).parent
        / "templates/admin/includes/fieldset.html"
    )
    return engines["django"].engine.from_string(path.read_text(encoding="utf-8"))


# -- the rows of a tabular inline (admin/edit_inline/tabular.html) ---------------

#: Django's own messages (its catalogue translates them), named rather than
#: written in the calls so that our catalogues do not extract them.
CHANGE = "Change"
VIEW = "View"
VIEW_ON_SITE = "View on site"


def _translated(message: str) -> str:
    """`{% translate "message" %}`: the translation, escaped as the tag does."""
    return v(gettext(message))


def _tabular_cell(field) -> str:
    """One field of a row: `{% for field in line %}`'s text."""
    name = _of(field, "name")
    out = ['\n              <td class="']
    if name:
        out.append(f"field-{v(name)}")
    if _of(field, "is_hidden"):
        out.append(" hidden")
    out.append('">\n              ')
    if field.is_readonly:
        out.append(f"\n                  <p>{v(field.contents())}</p>\n              ")
    else:
        bound = field.field
        out.append(
            f"\n                  {v(bound.errors.as_ul())}\n                  {v(bound)}"
            "\n              "
        )
    out.append("\n              </td>\n            ")
    return "".join(out)


def _tabular_row(context, formset, form, counter0: int, last: bool) -> str:
    """One `inline_admin_form` of the template's rows loop."""
    from django.contrib.admin.templatetags.admin_modify import cell_count
    from django.contrib.admin.utils import quote

    from teixit.core.template_engine import _current_app

    out = ["\n        "]
    non_field_errors = form.form.non_field_errors()
    if non_field_errors:
        out.append(
            f'\n        <tr class="row-form-errors"><td colspan="{v(cell_count(form))}">'
            f"{v(non_field_errors)}</td></tr>\n        "
        )
    original, show_url = form.original, form.show_url
    empty = last and formset.has_add_permission
    prefix = v(formset.formset.prefix)
    out.append('\n        <tr class="form-row ')
    if original or show_url:
        out.append("has_original")
    if empty:
        out.append(" empty-form")
    out.append(
        f'"\n             id="{prefix}-{"empty" if empty else v(counter0)}">'
        '\n        <td class="original">\n          '
    )
    if original or show_url:
        out.append("<p>\n          ")
        if original:
            out.append(f"\n          {v(original)}\n          ")
            inline = form.model_admin
            if inline.show_change_link and inline.has_registered_model:
                opts = inline.opts
                url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[quote(original.pk)],
                    current_app=_current_app(context),
                )
                can_change = formset.has_change_permission
                out.append(
                    f'<a href="{v(url)}" class="'
                    f'{"inlinechangelink" if can_change else "inlineviewlink"}">'
                    f"{_translated(CHANGE if can_change else VIEW)}</a>"
                )
            out.append("\n          ")
        out.append("\n          ")
        if show_url:
            out.append(
                f'<a href="{v(form.absolute_url)}">{_translated(VIEW_ON_SITE)}</a>'
            )
        out.append("\n            </p>")
    out.append("\n          ")
    if form.needs_explicit_pk_field():
        out.append(v(form.pk_field().field))
    out.append("\n          ")
    fk_field = form.fk_field()
    if fk_field:
        out.append(v(fk_field.field))
    out.append("\n        </td>\n        ")
    for fieldset in form:
        out.append("\n          ")
        for line in fieldset:
            out.append("\n            ")
            out.extend(_tabular_cell(field) for field in line)
            out.append("\n          ")
        out.append("\n        ")
    out.append('\n        <td class="delete">')
    if formset.formset.can_delete and formset.has_delete_permission and original:
        out.append(v(form.deletion_field().field))
    out.append("</td>\n        </tr>\n     ")
    return "".join(out)


@register.simple_tag(takes_context=True)
def tabular_rows(context) -> str:
    """The rows loop of `admin/edit_inline/tabular.html` (Django 5.2),
    `{% for inline_admin_form in inline_admin_formset %}…{% endfor %}`,
    written in Python: the same text, from the same context (what the
    template's `{% url %}` reverses, in the request's admin). The template
    around it is Django's, copied (teixit/core/admin_templates/admin/
    edit_inline/tabular.html; a test compares it with Django's file)."""
    formset = context["inline_admin_formset"]
    forms = list(formset)
    return mark_safe(  # noqa: S308 - every value is escaped above
        "".join(
            _tabular_row(context, formset, form, counter0, counter0 == len(forms) - 1)
            for counter0, form in enumerate(forms)
        )
    )


# -- a list's rows (admin/change_list_results.html) --------------------------------


@register.simple_tag(takes_context=True)
def result_rows(context) -> str:
    """The rows loop of `admin/change_list_results.html` (Django 5.2),
    `{% for result in results %}…{% endfor %}`, written in Python: the same
    text from the same context (each cell is already HTML, written by the
    admin's `items_for_result`). The template around it is Django's, copied
    (teixit/core/admin_templates/admin/change_list_results.html; a test
    compares it with Django's file)."""
    out = []
    for result in context.get("results") or ():
        out.append("\n")
        form = getattr(result, "form", None)
        if form:
            errors = form.non_field_errors()
            if errors:
                out.append(
                    f'\n    <tr><td colspan="{v(len(result))}">{v(errors)}</td></tr>\n'
                )
        out.append("\n<tr>")
        out.extend(v(item) for item in result)
        out.append("</tr>\n")
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
