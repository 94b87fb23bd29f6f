from django import template
from django.utils import translation
from django.utils.http import urlencode

from teixit.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str | None):
    """Render user-written Markdown as sanitised HTML."""
    return render_markdown(value)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination
    and filter links that keep the other filters)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def path_without_language(context) -> str:
    """The current path and query without its language prefix ("/es/network/"
    → "/network/"): Django's set_language view translates such a path into the
    chosen language."""
    request = context.get("request")
    if request is None:
        return "/"
    full_path = request.get_full_path()
    language = translation.get_language_from_path(request.path_info)
    prefix = f"/{language}/" if language else None
    if prefix and full_path.startswith(prefix):
        return full_path[len(prefix) - 1 :]
    return full_path


@register.filter
def described(field):
    """Render a bound field's widget described by its help text and errors
    (aria-describedby), and marked invalid when it has errors."""
    if not hasattr(field, "as_widget"):
        return field
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def panels(context, slot: str, obj=None):
    """The panels other apps registered for `slot` (teixit/core/panels.py)."""
    from django.utils.safestring import mark_safe

    from teixit.core.panels import render_panels

    request = context.get("request")
    if request is None:
        return ""
    return mark_safe(render_panels(slot, request, obj))  # noqa: S308 (rendered templates)


@register.simple_tag
def form_field(field):
    """`{% include "components/field.html" with field=field %}` written in
    Python: the same HTML (teixit/core/tests/test_form_renderer.py compares
    them), without a template render per field of every form page."""
    from django.utils.safestring import mark_safe

    from teixit.core.form_renderer import value_html as var

    errors = field.errors
    required = field.field.required
    label = var(field.label)
    for_label = var(field.id_for_label)
    parts = [
        '\n\n<div class="field',
        " field-error" if errors else "",
        " field-required" if required else "",
        '">\n  ',
    ]
    if field.widget_type == "checkbox":
        parts.append(
            f'\n    {var(described(field))} <label for="{for_label}">{label}</label>\n  '
        )
    else:
        star = ' <span aria-hidden="true">*</span>' if required else ""
        parts.append(
            f'\n    <label for="{for_label}">{label}{star}</label>\n'
            f"    {var(described(field))}\n  "
        )
    parts.append("\n  ")
    if field.help_text:
        parts.append(
            f'<p class="help" id="{var(field.auto_id)}_helptext">'
            f"{var(mark_safe(field.help_text))}</p>"  # noqa: S308 - |safe, as the template
        )
    parts.append("\n  ")
    if errors:
        parts.append(f'\n    <div id="{var(field.auto_id)}_error">\n      ')
        parts.extend(f'<p class="error">{var(error)}</p>' for error in errors)
        parts.append("\n    </div>\n  ")
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped by var()


@register.simple_tag
def form_body(form):
    """`{% include "components/form.html" with form=form %}` written in
    Python: the same HTML (teixit/core/tests/test_form_renderer.py compares
    them), without an include per form of a page that holds several (the
    plan's action page: eight role forms)."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from teixit.core.form_renderer import value_html as var

    parts = ["\n\n"]
    non_field_errors = form.non_field_errors()
    if non_field_errors:
        parts.append('\n  <div class="form-errors" role="alert">\n    ')
        parts.extend(f'<p class="error">{var(error)}</p>' for error in non_field_errors)
        parts.append("\n  </div>\n")
    elif form.errors:
        parts.append(
            '\n  <div class="form-errors" role="alert"><p class="error">'
            f"{var(gettext('Please correct the errors below.'))}</p></div>\n"
        )
    parts.append("\n")
    parts.extend(var(field) for field in form.hidden_fields())
    parts.append("\n\n")
    for field in form.visible_fields():
        parts.append("\n  ")
        parts.append(form_field(field))
        parts.append("\n")
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped by var()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The groups of the main menu (`main_navigation`), rendered from
    components/main_menu.html once per distinct menu (language, entries the
    person sees, the current one) and then reused: the same HTML for the same
    menu, whoever asks."""
    from django.utils.translation import get_language

    groups = context.get("main_navigation") or ()
    # The key names an item by the number main_navigation gives it (its
    # label is fixed by it and the language), so that the labels are not
    # translated on every page; nor a group's, fixed by its key (GROUPS).
    key = (
        get_language(),
        tuple(
            (
                group["id"] if "id" in group else (group["key"], str(group["label"])),
                group["active"],
                tuple(
                    (i["url"], i["id"] if "id" in i else str(i["label"]), i["active"])
                    for i in group["items"]
                ),
            )
            for group in groups
        ),
    )
    return _menu_html(key, groups)


def _menu_html(key, groups):
    html = _MENUS.get(key)
    if html is None:
        if len(_MENUS) >= 1024:
            _MENUS.clear()
        html = _MENUS[key] = _render_menu(groups)
    return html


_MENUS: dict[tuple, str] = {}


def _render_menu(groups):
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    menu = [
        {
            "key": group["key"],
            "label": str(group["label"]),
            "active": group["active"],
            "items": [
                {"url": i["url"], "label": str(i["label"]), "active": i["active"]}
                for i in group["items"]
            ],
        }
        for group in groups
    ]
    html = render_to_string("components/main_menu.html", {"main_navigation": menu})
    return mark_safe(html.removesuffix("\n"))  # noqa: S308 - a rendered template


@register.simple_tag
def frame_url(url_name: str) -> str:
    """`{% url url_name %}` for the links without arguments every page's frame
    repeats, reversed once per language (`navigation.cached_reverse`); "" when
    the URL is not installed, as `{% url url_name as var %}`."""
    from teixit.core.navigation import cached_reverse

    return cached_reverse(url_name) or ""


@register.simple_tag
def language_options():
    """The language switcher's `<option>`s, as Django's tags wrote them (a
    loop over `get_language_info_list`, `name_local|capfirst`, the current
    language selected), written once per current language."""
    from django.conf import settings
    from django.utils.translation import get_language

    key = (get_language(), tuple(settings.LANGUAGES))
    html = _LANGUAGE_OPTIONS.get(key)
    if html is None:
        html = _LANGUAGE_OPTIONS[key] = _language_options(*key)
    return html


_LANGUAGE_OPTIONS: dict[tuple, str] = {}


def _language_options(current: str, languages: tuple) -> str:
    from django.utils.html import escape
    from django.utils.safestring import mark_safe
    from django.utils.text import capfirst
    from django.utils.translation import get_language_info

    options = []
    for code, _name in languages:
        name = capfirst(get_language_info(code)["name_local"])
        selected = "selected" if code == current else ""
        options.append(
            f'\n      <option value="{escape(code)}" lang="{escape(code)}" {selected}>'
            f"{escape(name)}</option>\n    "
        )
    return mark_safe("".join(options))  # noqa: S308 - every value is escaped


@register.simple_tag
def progress_bar(value):
    """`{% include "components/progress.html" with value=value %}` written in
    Python: the same HTML (teixit/core/tests/test_progress_tags.py compares
    them), without an include per row of the plan's tables."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from teixit.core.form_renderer import value_html as var

    shown = var(value or 0)  # |default:0
    label = var(gettext("Progress"))
    return mark_safe(  # noqa: S308 - every value is escaped by var()
        '\n\n<span class="progress-wrap"><progress max="100" '
        f'value="{shown}" aria-label="{label}">{shown}%</progress> '
        f'<span class="progress-text">{shown}%</span></span>\n'
    )
