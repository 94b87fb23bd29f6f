"""The site's form renderer: Django's standard widgets written in Python.

Rendering a widget through Django's templates (`input.html` including
`attrs.html`, a `select_option.html` per option…) cost about 60 % of a form
page: 27 widgets took longer than the whole rest of the page. `FastRenderer`
is Django's `TemplatesSetting` renderer (the project's templates can still
override any widget template) that writes the standard widgets directly —
text-like inputs, checkbox, textarea, select (single and multiple), radio,
checkboxes and the clearable file input — producing the very HTML the
templates produce, with the same escaping (the values go through the
template engine's own `render_value_in_context` and `stringformat` filter).

A widget is written in Python only when every template it would render is
Django's own file (`django/forms/templates/…`): a widget template overridden
by an app or by `TEMPLATES["DIRS"]`, or a widget with its own
`template_name`/`option_template_name`, goes through the templates as before.
`teixit/core/tests/test_form_renderer.py` compares both outputs for every
widget type the site uses.

Two templates that are not widgets' are written too, for the context Django
gives them: a field's label (`django/forms/label.html`, `BoundField.label_tag`)
and an error list (`django/forms/errors/list/default.html` and `ul.html`,
`ErrorList`), which every field of an admin form renders, empty or not.

Widgets made of widgets are written when every template they include is
Django's or the admin's own: Django's split date and time (`multiwidget.html`),
the admin's date, time and split date-time fields, its `raw_id_fields` inputs
(`foreign_key_raw_id.html`, `many_to_many_raw_id.html`), its address input
(`url.html`) and its wrapper of a relation's select
(`related_widget_wrapper.html`: its links, their titles in Django's catalogue);
and a form whose fields are all hidden (a formset's management form,
`django/forms/div.html`), and a radio or checkbox rendered on its own. `teixit/core/tests/test_form_renderer_admin.py` compares
them with the templates; a subwidget with a template of its own sends the whole
widget to the templates.

Choice widgets (`Select`, `SelectMultiple`, `RadioSelect`,
`CheckboxSelectMultiple`, Django's own classes) go further: the renderer's
bound fields (`FastBoundField`, through `bound_field_class`) write them
straight from their choices, without the dictionary per option that
`ChoiceWidget.optgroups` builds and the templates' context, and a model
choice field whose model declares what its `__str__` is made of
(`teixit.core.choices.str_columns`) reads its options as rows rather than
one model instance each: the selects of the network's members, municipalities
and themes were most of every form page's time.
"""

from __future__ import annotations

import html
from pathlib import Path

import django.forms
from django.forms import widgets as django_widgets
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceField, ModelChoiceIterator
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.forms.utils import ErrorList
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape, strip_spaces_between_tags
from django.utils.safestring import SafeData, SafeString, mark_safe

from teixit.core import kept_rows
from teixit.core.choices import first_as_text, str_of
from teixit.core.template_engine import kept_static
from teixit.core.widgets import escaped_each

_WIDGETS = "django/forms/widgets/"
_DJANGO_TEMPLATES = (Path(django.forms.__file__).parent / "templates").resolve()
# The admin's own widget templates (django/contrib/admin/templates), found
# without importing the admin.
_ADMIN_TEMPLATES = (
    Path(django.forms.__file__).parent.parent / "contrib" / "admin" / "templates"
).resolve()

# Templates that are only `{% include "django/forms/widgets/input.html" %}`.
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in (
        "text",
        "email",
        "number",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "file",
        "checkbox",
    )
}
_MULTIPLE = {f"{_WIDGETS}radio.html", f"{_WIDGETS}checkbox_select.html"}
_OPTIONS = {f"{_WIDGETS}radio_option.html", f"{_WIDGETS}checkbox_option.html"}
_SELECT = f"{_WIDGETS}select.html"
_SELECT_OPTION = f"{_WIDGETS}select_option.html"
_TEXTAREA = f"{_WIDGETS}textarea.html"
_CLEARABLE = f"{_WIDGETS}clearable_file_input.html"
# Not widgets: a field's label (`BoundField.label_tag`) and its error list
# (`ErrorList`, also `as_ul()`), rendered for every field of every form the
# admin shows, an empty error list included.
_LABEL = "django/forms/label.html"
_LABEL_ATTRS = "django/forms/attrs.html"
_ERRORS = "django/forms/errors/list/default.html"
_ERRORS_UL = "django/forms/errors/list/ul.html"
# Widgets made of widgets: `MultiWidget` (Django's split date and time) and
# the admin's date, time and split date-time fields, and the admin's wrapper
# of a relation's select (its add, change, view and delete links).
_MULTIWIDGET = f"{_WIDGETS}multiwidget.html"
_SPLITS = {f"{_WIDGETS}splitdatetime.html", f"{_WIDGETS}splithiddendatetime.html"}
_ADMIN_DATE = "admin/widgets/date.html"
_ADMIN_TIME = "admin/widgets/time.html"
_ADMIN_SPLIT = "admin/widgets/split_datetime.html"
_RELATED = "admin/widgets/related_widget_wrapper.html"
_RAW_ID = "admin/widgets/foreign_key_raw_id.html"
_RAW_IDS = "admin/widgets/many_to_many_raw_id.html"
_ADMIN_URL = "admin/widgets/url.html"
# A form of hidden fields only (a formset's management form) in the default
# form template.
_DIV = "django/forms/div.html"
#: The admin's date and time templates: a paragraph around Django's input.
_ADMIN_INPUTS = {
    _ADMIN_DATE: ("date", f"{_WIDGETS}date.html"),
    _ADMIN_TIME: ("time", f"{_WIDGETS}time.html"),
}
#: The templates `_included` writes from the widget alone (and its subwidgets).
_NESTED = {*_ADMIN_INPUTS, *_SPLITS, _MULTIWIDGET}
# What each fast template would include: all of it must be Django's.
_NEEDS = {
    **{
        name: (name, f"{_WIDGETS}input.html", f"{_WIDGETS}attrs.html")
        for name in _INPUTS
    },
    _TEXTAREA: (_TEXTAREA, f"{_WIDGETS}attrs.html"),
    _SELECT: (_SELECT, f"{_WIDGETS}attrs.html"),
    _SELECT_OPTION: (_SELECT_OPTION, f"{_WIDGETS}attrs.html"),
    _CLEARABLE: (_CLEARABLE, f"{_WIDGETS}attrs.html"),
    **{
        name: (
            name,
            f"{_WIDGETS}multiple_input.html",
            f"{_WIDGETS}input_option.html",
            f"{_WIDGETS}input.html",
            f"{_WIDGETS}attrs.html",
        )
        for name in _MULTIPLE | _OPTIONS
    },
    _LABEL: (_LABEL, _LABEL_ATTRS),
    _ERRORS: (_ERRORS, _ERRORS_UL),
    _ERRORS_UL: (_ERRORS_UL,),
    # The templates a subwidget names are asked when it is written.
    _MULTIWIDGET: (_MULTIWIDGET,),
    **{name: (name, _MULTIWIDGET) for name in _SPLITS},
    **{
        name: (name, inner, f"{_WIDGETS}input.html", f"{_WIDGETS}attrs.html")
        for name, (_class, inner) in _ADMIN_INPUTS.items()
    },
    _ADMIN_SPLIT: (_ADMIN_SPLIT,),
    _RELATED: (_RELATED,),
    _RAW_ID: (_RAW_ID, f"{_WIDGETS}input.html", f"{_WIDGETS}attrs.html"),
    _ADMIN_URL: (_ADMIN_URL, f"{_WIDGETS}input.html", f"{_WIDGETS}attrs.html"),
    _DIV: (_DIV,),
    _RAW_IDS: (_RAW_IDS, _RAW_ID, f"{_WIDGETS}input.html", f"{_WIDGETS}attrs.html"),
}


class _Context:
    """What `render_value_in_context` reads from a template context: the
    widget templates render with autoescaping and the project's settings for
    localisation and time zones."""

    autoescape = True
    use_l10n = None
    use_tz = None


_CONTEXT = _Context()


def value_html(value) -> str:
    """`{{ value }}`."""
    kind = type(value)
    if kind is str:  # what localize() and conditional_escape() come to
        return html.escape(value)
    if kind is SafeString:
        return value
    return render_value_in_context(value, _CONTEXT)


def _s(value) -> str:
    """`{{ value|stringformat:'s' }}` (the filter keeps safe strings safe)."""
    if type(value) is str:
        return html.escape(value)
    text = stringformat(value, "s")
    if isinstance(value, SafeData):
        text = mark_safe(text)  # noqa: S308 - as the template engine does for is_safe filters
    return value_html(text)


def _attrs(attrs: dict) -> str:
    """`django/forms/widgets/attrs.html`."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + value_html(name))
            if value is not True:
                parts.append(f'="{_s(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """`django/forms/widgets/input.html` (with its final newline)."""
    value = widget["value"]
    return (
        f'<input type="{value_html(widget["type"])}" name="{value_html(widget["name"])}"'
        + (f' value="{_s(value)}"' if value is not None else "")
        + _attrs(widget["attrs"])
        + ">\n"
    )


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{value_html(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        + (value_html(value) if value else "")
        + "</textarea>\n"
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{value_html(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{value_html(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_s(option["value"])}"{_attrs(option["attrs"])}>'
                f"{value_html(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _input_option(option: dict) -> str:
    """`django/forms/widgets/input_option.html`."""
    if not option["wrap_label"]:
        return _input(option) + "\n"
    attrs_id = option["attrs"].get("id")
    return (
        "<label"
        + (f' for="{value_html(attrs_id)}"' if attrs_id else "")
        + ">"
        + _input(option)
        + f" {value_html(option['label'])}</label>\n"
    )


def _multiple(widget: dict) -> str:
    """`django/forms/widgets/multiple_input.html`."""
    attrs = widget["attrs"]
    widget_id, css_class = attrs.get("id"), attrs.get("class")
    parts = [
        "<div"
        + (f' id="{value_html(widget_id)}"' if widget_id else "")
        + (f' class="{value_html(css_class)}"' if css_class else "")
        + ">"
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{value_html(group)}</label>")
        for option in options:
            # radio_option.html and checkbox_option.html add a newline of their own.
            parts.append(f"<div>\n    {_input_option(option)}\n</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _clearable(widget: dict) -> str:
    parts = []
    if widget["is_initial"]:
        value = widget["value"]
        parts.append(
            f'{value_html(widget["initial_text"])}: <a href="{value_html(value.url)}">{value_html(value)}</a>'
        )
        if not widget["required"]:
            attrs = widget["attrs"]
            parts.append(
                f'\n<input type="checkbox" name="{value_html(widget["checkbox_name"])}"'
                f' id="{value_html(widget["checkbox_id"])}"'
                + (" disabled" if attrs.get("disabled") else "")
                + (" checked" if attrs.get("checked") else "")
                + f'>\n<label for="{value_html(widget["checkbox_id"])}">'
                f"{value_html(widget['clear_checkbox_label'])}</label>"
            )
        parts.append(f"<br>\n{value_html(widget['input_text'])}:")
    parts.append(
        f'\n<input type="{value_html(widget["type"])}" name="{value_html(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>\n"
    )
    return "".join(parts)


def _label(context: dict) -> str | None:
    """`django/forms/label.html` (with `django/forms/attrs.html`), for the
    context `BoundField.label_tag` gives it; None for any other context."""
    label, attrs, use_tag, tag = (
        context.get("label"),
        context.get("attrs"),
        context.get("use_tag"),
        context.get("tag"),
    )
    if not (
        isinstance(label, (str, Promise))
        and type(use_tag) is bool
        and type(tag) is str
        and (attrs is None or (type(attrs) is dict and "items" not in attrs))
    ):
        return None
    if not use_tag:
        return value_html(label)
    tag = value_html(tag)
    return f"<{tag}{_attrs(attrs) if attrs else ''}>{value_html(label)}</{tag}>"


def _error_list(context: dict) -> str | None:
    """`django/forms/errors/list/ul.html` (what `default.html` includes), for
    the context `ErrorList.get_context` gives it; None for any other."""
    errors, error_class = context.get("errors"), context.get("error_class")
    if not (
        isinstance(errors, ErrorList)
        and type(errors).__getitem__ is ErrorList.__getitem__
        and type(errors).__iter__ is ErrorList.__iter__
        and type(error_class) is str
        and len(context) == 2
    ):
        return None
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    messages = []
    for message in errors:
        if callable(message) or not isinstance(message, (str, Promise)):
            return None  # the template would call it, or write it its own way
        messages.append(f"<li>{value_html(message)}</li>")
    return (
        f'<ul class="{value_html(error_class)}"'
        + (f' id="{value_html(field_id)}_error"' if field_id else "")
        + ">"
        + "".join(messages)
        + "</ul>"
    )


def _included(template_name: str, widget: dict, fast) -> str | None:
    """What `{% include template_name %}` writes for `widget`, the template's
    final newline kept (a template inside another: its whitespace counts);
    None for a template this module does not write or that is not Django's
    own (`fast`, the renderer's question)."""
    if not fast(template_name):
        return None
    if template_name in _INPUTS:  # {% include "…/input.html" %} and a newline
        return _input(widget) + "\n"
    if template_name in _ADMIN_INPUTS:
        css_class, inner = _ADMIN_INPUTS[template_name]
        inner_html = _included(inner, widget, fast)
        return inner_html and f'<p class="{css_class}">\n  {inner_html}\n</p>\n'
    if template_name == _MULTIWIDGET or template_name in _SPLITS:
        parts = [
            _included(sub["template_name"], sub, fast) for sub in widget["subwidgets"]
        ]
        if None in parts:
            return None
        # {% spaceless %}{% for … %}{% include … %}{% endfor %}{% endspaceless %}
        html = strip_spaces_between_tags("".join(parts).strip()) + "\n"
        return html if template_name == _MULTIWIDGET else html + "\n"
    return None


def _split_datetime(context: dict, fast) -> str | None:
    """`admin/widgets/split_datetime.html` (`AdminSplitDateTime`)."""
    subwidgets = context["widget"]["subwidgets"]
    if len(subwidgets) != 2:
        return None
    date, time = (_included(sub["template_name"], sub, fast) for sub in subwidgets)
    if date is None or time is None:
        return None
    return (
        f'<p class="datetime">\n  {value_html(context.get("date_label", ""))} {date}<br>\n'
        f"  {value_html(context.get('time_label', ''))} {time}\n</p>\n"
    )


def _raw_id(context: dict) -> str:
    """`admin/widgets/foreign_key_raw_id.html` (`raw_id_fields`: the key's
    input, the lookup link, the related object's name)."""
    widget = context["widget"]
    related_url = context.get("related_url")
    link_label = context.get("link_label")
    parts = []
    if related_url:
        parts.append("<div>")
    parts.append(_input(widget))
    if related_url:
        parts.append(
            f'<a href="{value_html(related_url)}" class="related-lookup" '
            f'id="lookup_id_{value_html(widget["name"])}" '
            f'title="{value_html(context.get("link_title", ""))}"></a>'
        )
    if link_label:
        link_url = context.get("link_url")
        label = value_html(link_label)
        parts.append(
            "\n<strong>"
            + (f'<a href="{value_html(link_url)}">{label}</a>' if link_url else label)
            + "</strong>"
        )
    if related_url:
        parts.append("</div>")
    parts.append("\n")
    return "".join(parts)


def _admin_url(context: dict) -> str:
    """`admin/widgets/url.html` (`AdminURLFieldWidget`: the current address
    as a link above its input)."""
    widget = context["widget"]
    if not context.get("url_valid"):
        return _input(widget) + "\n"
    return (
        f'<p class="url">{value_html(context.get("current_label", ""))} '
        f'<a href="{value_html(widget.get("href", ""))}">{value_html(widget["value"])}</a>'
        f"<br>{value_html(context.get('change_label', ''))} {_input(widget)}</p>\n"
    )


def _hidden_form(context: dict) -> str | None:
    """`django/forms/div.html` for a form whose fields are all hidden (a
    formset's management form); None for a form with visible fields."""
    if context.get("fields") or "hidden_fields" not in context:
        return None
    errors = context.get("errors")
    hidden = "".join(value_html(field) for field in context["hidden_fields"])
    return (
        (value_html(errors) if errors is not None else "")
        + "\n"
        + (f"\n  <div>{hidden}</div>\n" if errors else "")
        + "\n\n"
        + ("" if errors else f"\n  {hidden}\n")
        + "\n"
    )


# The related widget wrapper's messages: Django's, in Django's catalogue
# (named, not marked: the site's catalogues do not take them).
_CHANGE_SELECTED = "Change selected %(model)s"
_ADD_ANOTHER = "Add another %(model)s"
_DELETE_SELECTED = "Delete selected %(model)s"
_VIEW_SELECTED = "View selected %(model)s"


def _blocktranslate(message: str, model) -> str:
    """`{% blocktranslate %}… {{ model }}{% endblocktranslate %}`."""
    data = {"model": value_html(model)}
    try:
        return translation.gettext(message) % data
    except (KeyError, ValueError):  # a translation that does not format
        return message % data


def _icon(name: str) -> str:
    """`{% static 'admin/img/…' %}` with autoescaping."""
    return conditional_escape(kept_static(f"admin/img/{name}"))


def _related_wrapper(context: dict) -> str | None:
    """`admin/widgets/related_widget_wrapper.html`, for the context
    `RelatedFieldWidgetWrapper.get_context` gives it; None for another one."""
    limited = context.get("model_has_limit_choices_to")
    if callable(limited) or "rendered_widget" not in context:
        return None  # the template would call it: Django's way
    name = value_html(context.get("name", ""))
    model = context.get("model", "")
    params = value_html(context.get("url_params", ""))
    links = []
    if not context.get("is_hidden"):
        if context.get("can_change_related"):
            links.append(
                '<a class="related-widget-wrapper-link change-related" '
                f'id="change_id_{name}"\n            data-href-template="'
                f'{value_html(context.get("change_related_template_url", ""))}?{params}"'
                '\n            data-popup="yes"\n            title="'
                f'{_blocktranslate(_CHANGE_SELECTED, model)}">\n            <img src="'
                f'{_icon("icon-changelink.svg")}" alt="" width="24" height="24">\n        </a>'
            )
        if context.get("can_add_related"):
            links.append(
                '<a class="related-widget-wrapper-link add-related" '
                f'id="add_id_{name}"\n            data-popup="yes"\n            href="'
                f'{value_html(context.get("add_related_url", ""))}?{params}"'
                '\n            title="'
                f'{_blocktranslate(_ADD_ANOTHER, model)}">\n            <img src="'
                f'{_icon("icon-addlink.svg")}" alt="" width="24" height="24">\n        </a>'
            )
        if context.get("can_delete_related"):
            links.append(
                '<a class="related-widget-wrapper-link delete-related" '
                f'id="delete_id_{name}"\n            data-href-template="'
                f'{value_html(context.get("delete_related_template_url", ""))}?{params}"'
                '\n            data-popup="yes"\n            title="'
                f'{_blocktranslate(_DELETE_SELECTED, model)}">\n            <img src="'
                f'{_icon("icon-deletelink.svg")}" alt="" width="24" height="24">\n        </a>'
            )
        if context.get("can_view_related"):
            links.append(
                '<a class="related-widget-wrapper-link view-related" '
                f'id="view_id_{name}"\n             data-href-template="'
                f"{value_html(context.get('change_related_template_url', ''))}?"
                f'{value_html(context.get("view_related_url_params", ""))}"'
                '\n             title="'
                f'{_blocktranslate(_VIEW_SELECTED, model)}">\n            <img src="'
                f'{_icon("icon-viewlink.svg")}" alt="" width="24" height="24">\n          </a>'
            )
    # {% spaceless %}: the whitespace between the links (and inside them,
    # between their tags) goes; inside a tag it stays.
    links_html = strip_spaces_between_tags("\n".join(links).strip())
    model_ref = (
        ""
        if limited
        else f'data-model-ref="{value_html(context.get("model_name", ""))}"'
    )
    return (
        f'\n<div class="related-widget-wrapper" {model_ref}>\n'
        f"    {value_html(context['rendered_widget'])}\n"
        f"    \n        {links_html}\n    \n</div>\n"
    )


_WRITERS = {
    _LABEL: _label,
    _ERRORS: _error_list,
    _ERRORS_UL: _error_list,
    _RELATED: _related_wrapper,
    _DIV: _hidden_form,
}


# -- choice widgets, written from their choices --------------------------------

#: Django's choice widgets written by `_choice_html` (exactly these classes: a
#: subclass may build its options or context its own way).
_CHOICE_WIDGETS = (
    django_widgets.Select,
    django_widgets.SelectMultiple,
    django_widgets.RadioSelect,
    django_widgets.CheckboxSelectMultiple,
)


def _model_rows(choices):
    """The (value, label) pairs of a model choice field's options read as
    rows (`teixit.core.choices`), or None when they must be read as
    instances: another iterator, a label of the field's own, a queryset with
    prefetches, of values or combined (`union`…), a model that declared
    nothing."""
    from django.db.models.query import ModelIterable

    if type(choices) is not ModelChoiceIterator:
        return None
    field = choices.field
    if (
        "label_from_instance" in vars(field)
        or type(field).label_from_instance is not ModelChoiceField.label_from_instance
    ):
        return None
    queryset = choices.queryset
    if (
        queryset is None
        or queryset._prefetch_related_lookups
        or queryset._iterable_class is not ModelIterable
        or queryset.query.combinator
    ):
        return None
    declared = str_of(queryset.model)
    if declared is None:
        return None
    columns, label = declared
    # What ModelChoiceIterator yields: the empty label, then for each object
    # field.prepare_value(obj) (its pk or to_field_name) and str(obj).
    # Kept while nothing is written to the tables they come from (members,
    # municipalities, concepts: `core.kept_rows`), and so are the options
    # made of them, per language and empty label.
    rows, kept = kept_rows.rows_kept(
        queryset.values_list(field.to_field_name or "pk", *columns)
    )
    empty = field.empty_label
    if kept:
        key = (id(rows), label, str(empty), translation.get_language())
        found = _KEPT_PAIRS.get(key)
        if found is not None and found[0] is rows:
            return found[1]
    # Made of kept rows, the pairs are a `_KeptPairs`: `_select_options`
    # keeps their options' HTML.
    pairs = (_KeptPairs if kept else list)([] if empty is None else [("", empty)])
    if label is first_as_text and len(columns) == 1:
        pairs.extend(
            (key, text if type(text) is str else str(text)) for key, text in rows
        )
    else:
        pairs.extend((key, label(*values)) for key, *values in rows)
    if kept:
        if len(_KEPT_PAIRS) >= _KEPT_LIMIT:
            _KEPT_PAIRS.clear()
            _KEPT_OPTIONS.clear()
        # The rows held with their pairs: their id is not reused meanwhile.
        _KEPT_PAIRS[key] = (rows, pairs)
    return pairs


# What `_model_rows` made of kept rows (`core.kept_rows`): the pairs per rows,
# label, empty label and language, and their options' HTML per choice. The
# options of a thousand members take ~110 KB: 64 of each at most (~7 MB a
# process), emptied past it (the selects in use are a few dozen).
_KEPT_LIMIT = 64
#: (id(rows), label, empty label, language) -> (rows, pairs)
_KEPT_PAIRS: dict[tuple, tuple[list, list]] = {}


class _KeptPairs(list):
    """The (value, label) pairs `_model_rows` made of kept rows: never changed
    once made, so their options' HTML may be kept (by the list's id, the list
    held with it)."""


#: (id(pairs), chosen values, multiple) -> (pairs, the options' HTML)
_KEPT_OPTIONS: dict[tuple, tuple[list, str]] = {}


def _optgroups(widget, name, value, attrs, choices) -> list:
    """`ChoiceWidget.optgroups` over `choices` (Django 5.2's loop, the same
    option dictionaries)."""
    groups = []
    has_selected = False
    for index, (option_value, option_label) in enumerate(choices):
        if option_value is None:
            option_value = ""
        subgroup = []
        if isinstance(option_label, (list, tuple)):
            group_name = option_value
            subindex = 0
            group_choices = option_label
        else:
            group_name = None
            subindex = None
            group_choices = [(option_value, option_label)]
        groups.append((group_name, subgroup, index))
        for subvalue, sublabel in group_choices:
            selected = (not has_selected or widget.allow_multiple_selected) and str(
                subvalue
            ) in value
            has_selected |= selected
            subgroup.append(
                widget.create_option(
                    name,
                    subvalue,
                    sublabel,
                    selected,
                    index,
                    subindex=subindex,
                    attrs=attrs,
                )
            )
            if subindex is not None:
                subindex += 1
    return groups


def _select_options(choices, wanted: list, multiple: bool) -> str:
    """The options of `select.html`, what `select_option.html` writes for
    each (a `Select`'s options inherit no attribute but `selected`); kept for
    the pairs `_model_rows` made of kept rows."""
    if type(choices) is not _KeptPairs:
        return _options_html(choices, wanted, multiple)
    key = (id(choices), tuple(wanted), multiple)
    found = _KEPT_OPTIONS.get(key)
    if found is None or found[0] is not choices:
        if len(_KEPT_OPTIONS) >= _KEPT_LIMIT:
            _KEPT_OPTIONS.clear()
        found = _KEPT_OPTIONS[key] = (choices, _options_html(choices, wanted, multiple))
    return found[1]


def _options_html(choices, wanted: list, multiple: bool) -> str:
    """`_select_options` written. The text labels are escaped in one call
    (`escaped_each`): a thousand calls were a third of the select's time."""
    out: list[str | None] = []  # None: the next text label, escaped
    labels: list[str] = []
    has_selected = False
    escape = html.escape

    def option(option_value, label) -> None:
        nonlocal has_selected
        kind = type(option_value)
        text = option_value if kind is str else str(option_value)
        selected = (not has_selected or multiple) and text in wanted
        has_selected |= selected
        shown = (
            escape(text) if kind is str else text if kind is int else _s(option_value)
        )
        out.append(f'\n  <option value="{shown}"{" selected" if selected else ""}>')
        if type(label) is str:
            out.append(None)
            labels.append(label)
        else:
            out.append(value_html(label))
        out.append("</option>\n")

    for option_value, option_label in choices:
        if option_value is None:
            option_value = ""
        if isinstance(option_label, (list, tuple)):
            if option_value:
                out.append(f'\n  <optgroup label="{value_html(option_value)}">')
            for value, label in option_label:
                option(value, label)
            if option_value:
                out.append("\n  </optgroup>")
        else:
            option(option_value, option_label)
    escaped = escaped_each(labels)
    return "".join(next(escaped) if part is None else part for part in out)


def _filtered_select_multiple():
    from django.contrib.admin.widgets import FilteredSelectMultiple

    return FilteredSelectMultiple


def _related_widget_wrapper():
    from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

    return RelatedFieldWidgetWrapper


def _choice_html(widget, name, value, attrs) -> str:
    """`widget.render(name, value, attrs)` for one of `_CHOICE_WIDGETS`."""
    # Widget.get_context: ChoiceWidget's without its optgroups.
    context = django_widgets.Widget.get_context(widget, name, value, attrs)["widget"]
    choices = _model_rows(widget.choices)
    if choices is None:
        choices = widget.choices
    if isinstance(widget, django_widgets.Select):
        multiple = widget.allow_multiple_selected
        if multiple:  # Select.get_context
            context["attrs"]["multiple"] = True
        if type(widget) is _filtered_select_multiple():
            # FilteredSelectMultiple.get_context (the admin's filter_horizontal)
            attrs = context["attrs"]
            attrs["class"] = "selectfilter" + ("stacked" if widget.is_stacked else "")
            attrs["data-field-name"] = widget.verbose_name
            attrs["data-is-stacked"] = int(widget.is_stacked)
        return (
            f'<select name="{value_html(context["name"])}"{_attrs(context["attrs"])}>'
            + _select_options(choices, context["value"], multiple)
            + "\n</select>\n"
        )
    context["optgroups"] = _optgroups(widget, name, context["value"], attrs, choices)
    return _multiple(context)


class FastBoundField(BoundField):
    """The bound field of the site's forms (`FastRenderer.bound_field_class`):
    a choice widget of Django's, whose templates are Django's own, is written
    by `_choice_html`; any other widget renders as Django renders it."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        renderer = self.form.renderer
        if not isinstance(renderer, FastRenderer):
            return super().as_widget(widget, attrs, only_initial)
        if type(widget) is _related_widget_wrapper():
            return self._wrapped_as_widget(widget, attrs, only_initial)
        if not renderer.writes_choices(widget):
            return super().as_widget(widget, attrs, only_initial)
        # BoundField.as_widget (Django 5.2) up to widget.render().
        if self.field.localize:
            widget.is_localized = True
        attrs = self.build_widget_attrs(attrs or {}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault(
                "id", self.html_initial_id if only_initial else self.auto_id
            )
        if only_initial and self.html_initial_name in self.form.data:
            value = self.form._widget_data_value(
                self.field.hidden_widget(), self.html_initial_name
            )
        else:
            value = self.value()
        name = self.html_initial_name if only_initial else self.html_name
        html = _choice_html(widget, name, value, attrs)
        return mark_safe(html.strip())  # noqa: S308 - every value is escaped above

    def _wrapped_as_widget(self, wrapper, attrs, only_initial):
        """The admin's `RelatedFieldWidgetWrapper` (the add, change and view
        links beside a relation's select): rendered by Django, its inner
        select written by `_choice_html` where the renderer writes that
        widget — the wrapper renders it with the default renderer, so only
        when that is this form's."""
        inner = wrapper.widget
        renderer = self.form.renderer
        if not (renderer.writes_choices(inner) and get_default_renderer() is renderer):
            return super().as_widget(wrapper, attrs, only_initial)

        def render(name, value, attrs=None, renderer=None):
            html = _choice_html(inner, name, value, attrs)
            return mark_safe(html.strip())  # noqa: S308 - every value is escaped

        inner.render = render  # this form's own copy of the widget
        try:
            return super().as_widget(wrapper, attrs, only_initial)
        finally:
            del inner.render


class FastRenderer(TemplatesSetting):
    """`TemplatesSetting`, with Django's standard widgets written in Python
    (see the module's docstring)."""

    bound_field_class = FastBoundField

    def __init__(self):
        super().__init__()
        self._is_django_own: dict[str, bool] = {}

    def _own(self, template_name: str) -> bool:
        """Whether the engine finds Django's own file for `template_name`
        (not one a project or app put in its place)."""
        own = self._is_django_own.get(template_name)
        if own is None:
            origin = self.get_template(template_name).origin.name
            path = Path(origin).resolve()
            own = path.is_relative_to(_DJANGO_TEMPLATES) or path.is_relative_to(
                _ADMIN_TEMPLATES
            )
            self._is_django_own[template_name] = own
        return own

    def _fast(self, template_name) -> bool:
        needs = _NEEDS.get(template_name)
        return needs is not None and all(self._own(name) for name in needs)

    def writes_choices(self, widget) -> bool:
        """Whether `FastBoundField` writes `widget` (`_choice_html`)."""
        kind = type(widget)
        return (
            (kind in _CHOICE_WIDGETS or kind is _filtered_select_multiple())
            and widget.template_name == kind.template_name
            and widget.option_template_name == kind.option_template_name
            and self._fast(widget.template_name)
            and self._fast(widget.option_template_name)
        )

    def render(self, template_name, context, request=None):
        if isinstance(context, dict):
            widget = context.get("widget")
            writer = _WRITERS.get(template_name)
            html = None
            if widget is not None and self._fast(template_name):
                html = self._render_widget(template_name, widget, context)
            elif writer is not None and self._fast(template_name):
                html = writer(context)
            if html is not None:
                return mark_safe(html.strip())  # noqa: S308 - every value is escaped above
        return super().render(template_name, context, request=request)

    def _render_widget(
        self, template_name: str, widget: dict, context: dict
    ) -> str | None:
        if template_name in _INPUTS:
            return _input(widget)
        if template_name == _ADMIN_SPLIT:
            return _split_datetime(context, self._fast)
        if template_name in _NESTED:
            return _included(template_name, widget, self._fast)
        if template_name == _RAW_ID:
            return _raw_id(context)
        if template_name == _ADMIN_URL:
            return _admin_url(context)
        if template_name == _RAW_IDS:  # {% include the key's template %} and a newline
            return _raw_id(context) + "\n"
        if template_name == _TEXTAREA:
            return _textarea(widget)
        if template_name == _CLEARABLE:
            return _clearable(widget)
        if template_name in _OPTIONS:
            # one option on its own: `{% for option in form.field %}{{ option }}`
            return _input_option(widget)
        if template_name != _SELECT and template_name not in _MULTIPLE:
            return None
        options = [o for _g, group, _i in widget["optgroups"] for o in group]
        if not all(self._fast(o["template_name"]) for o in options):
            return None  # an option template of its own: the templates write it
        if template_name == _SELECT:
            if any(o["template_name"] != _SELECT_OPTION for o in options):
                return None
            return _select(widget)
        if template_name in _MULTIPLE:
            if any(o["template_name"] not in _OPTIONS for o in options):
                return None
            return _multiple(widget)
        return None
