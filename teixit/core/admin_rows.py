"""The cells of an admin list's rows (`admin_list.items_for_result`, Django
5.2) from a plan made once per list.

Django decides for every cell what its column is: the column's field looked
up in the model's options, the admin's empty value asked again, the class
attribute joined, the choices of a field made into a dictionary, the change
page's address re-parsed and resolved to add the list's filters, three
`format_html` calls. A list of 100 rows and 9 columns does that 900 times:
half of the people's or the practices' list page.

`items_for_result` below makes those decisions once per list (kept on the
`ChangeList`, which lives for one request) and writes each cell with the
same text as Django's: the same lookups on the row (`lookup_field`'s order:
a model field, a callable, the admin's method, the row's attribute or
`__`-path), the same `display_for_value` / `display_for_field` (the choices'
dictionary made once), the same escaping. A row of a list with editable
columns (`list_editable`), a row of another model, or an address that is not
the change page's as `TeixitChangeList` writes it goes to Django's function.
`install()` (from `CoreConfig.ready()`) puts it in Django's place;
`core/tests/test_admin_fieldset.py` compares every admin list of the
permission matrix's world (sorted, searched, filtered, as a popup) with
Django's.
"""

from __future__ import annotations

import datetime
import html

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.urls import NoReverseMatch
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString

_DJANGOS: list = []
_DATES = (datetime.date, datetime.time)
_NOWRAP_FIELDS = (models.DateField, models.TimeField, models.ForeignKey)
_MISSING = object()

#: How a column's value is read from a row (`lookup_field`'s branches).
FIELD, CALLABLE, ADMIN, OBJECT = range(4)


def escape_text(value) -> str:
    """`conditional_escape` (Django 5.2), without its lazy wrapper: a text that
    knows its HTML gives it, anything else (a lazy translation read first) is
    escaped. The admin's rows and its navigation (`teixit_admin`) write with it."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class _Column:
    __slots__ = (
        "attr",
        "boolean",
        "choices",
        "classes",
        "empty",
        "field",
        "how",
        "link",
        "name",
        "plain",
        "tag",
    )


def _plan(cl, empty) -> list[_Column]:
    """Each column of the list, worked out once (`empty`: the admin's empty
    text)."""
    model_admin = cl.model_admin
    opts = cl.model._meta
    links = cl.list_display_links
    columns = []
    first = True
    for index, name in enumerate(cl.list_display):
        column = _Column()
        column.name = name
        column.empty = empty
        column.classes = f"field-{admin_list._coerce_field_name(name, index)}"
        if links is None:
            column.link = False
        elif first and not links:
            column.link = True
        else:
            column.link = name in links
        column.tag = None
        if column.link:
            column.tag = "th" if first else "td"
            first = False
        column.field = column.attr = column.choices = None
        column.boolean = False
        try:
            column.field = _get_non_gfk_field(opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name):
                column.how, column.attr = CALLABLE, name
            elif hasattr(model_admin, name) and name != "__str__":
                column.how, column.attr = ADMIN, getattr(model_admin, name)
            else:
                column.how = OBJECT
                # The attribute that decides the empty text and the boolean
                # icon is the model's, when it has one (else the row's own).
                if hasattr(model_admin, "model") and hasattr(model_admin.model, name):
                    column.attr = getattr(model_admin.model, name)
                else:
                    column.attr = _MISSING
        else:
            column.how = FIELD
        field = column.field
        column.plain = field is None or field.auto_created
        if column.attr is not _MISSING:
            column.empty, column.boolean = _decide(column.attr, empty)
        if not column.plain and getattr(field, "flatchoices", None):
            try:
                # Their labels (lazy texts) read once, in the list's language.
                column.choices = {
                    key: str(label) if isinstance(label, Promise) else label
                    for key, label in field.flatchoices
                }
            except TypeError:  # unhashable choices: Django's own path
                column.choices = None
        columns.append(column)
    return columns


def _decide(attr, empty) -> tuple[object, bool]:
    """The column's empty text and whether it shows a boolean icon, as
    `items_for_result` reads them from the attribute `lookup_field` found."""
    boolean = getattr(attr, "boolean", False)
    if isinstance(attr, property) and hasattr(attr, "fget"):
        boolean = getattr(attr.fget, "boolean", False)
    return getattr(attr, "empty_value_display", empty), boolean


def _object_value(column: _Column, result):
    """`lookup_field`'s last branch: (attr, value), or None when the path
    stops on a missing attribute."""
    name = column.name
    attr = getattr(result, name, _MISSING)
    if callable(attr):
        value = attr()
    else:
        if attr is _MISSING:
            attr = result
            for part in name.split(LOOKUP_SEP):
                attr = getattr(attr, part, _MISSING)
                if attr is _MISSING:
                    return None
        value = attr
    return attr, value


def _cell(column: _Column, result, empty) -> tuple[object, str]:
    """(the cell's text, its class attribute) as `items_for_result` makes them."""
    classes = column.classes
    how = column.how
    found = ()
    try:
        if how == FIELD:
            value = getattr(result, column.name)
            attr = None
        elif how == ADMIN or how == CALLABLE:
            attr = column.attr
            value = attr(result)
        else:
            found = _object_value(column, result)
            # lookup_field's (None, None, None) when the path stops: no
            # attribute to ask for an empty text or a boolean.
            attr, value = (None, None) if found is None else found
    except ObjectDoesNotExist:
        return empty, f' class="{classes}"'
    if how == OBJECT and (found is None or column.attr is _MISSING):
        column_empty, boolean = _decide(attr, empty)
    else:
        column_empty, boolean = column.empty, column.boolean
    if isinstance(value, str) and value.strip() == "":
        value = ""
    if column.plain:
        if column.name == "action_checkbox":
            classes = "action-checkbox"
        text = display_for_value(value, column_empty, boolean)
        if isinstance(value, _DATES):
            classes += " nowrap"
        return text, f' class="{classes}"'
    field = column.field
    if isinstance(field.remote_field, models.ManyToOneRel):
        field_value = getattr(result, field.name)
        text = column_empty if field_value is None else field_value
    elif column.choices is not None:
        try:
            text = column.choices.get(value, column_empty)
        except TypeError:  # an unhashable value: Django's own path
            text = display_for_field(value, field, column_empty, avoid_link=column.link)
    else:
        text = display_for_field(value, field, column_empty, avoid_link=column.link)
    if isinstance(field, _NOWRAP_FIELDS):
        classes += " nowrap"
    return text, f' class="{classes}"'


def _keyed_addresses(cl) -> bool:
    """Whether the rows' addresses are the change page's, as
    `TeixitChangeList.url_for_result` writes them (the same view for every
    row, so the list's filters are added to each the same way)."""
    from teixit.core.admin import TeixitChangeList

    return type(cl).url_for_result is TeixitChangeList.url_for_result


class _Rows:
    """What a list's rows share: its columns, its empty text, the filters
    added to each row's address."""

    __slots__ = ("columns", "empty", "filters", "keyed", "suffix")

    def __init__(self, cl):
        self.empty = cl.model_admin.get_empty_value_display()
        self.columns = _plan(cl, self.empty)
        self.filters = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
        self.keyed = _keyed_addresses(cl)
        self.suffix = None

    def address(self, url: str) -> str:
        """`add_preserved_filters` of the row's address: worked out on the
        first row, the same text after each next one's (every row's address
        is the change page's, resolved to the same view)."""
        simple = (
            self.keyed
            and url.startswith("/")
            and not url.startswith("//")
            and "?" not in url
            and "#" not in url
        )
        if simple and self.suffix is not None:
            return url + self.suffix
        full = add_preserved_filters(self.filters, url)
        if simple and full.startswith(url):
            self.suffix = full[len(url) :]
        return full


def items_for_result(cl, result, form):
    """`admin_list.items_for_result` (Django 5.2): the row's cells, as Django
    writes them."""
    if form is not None or type(result)._meta is not cl.model._meta:
        yield from _DJANGOS[0](cl, result, form)
        return
    rows = cl.__dict__.get("_teixit_rows")
    if rows is None:
        rows = cl.__dict__["_teixit_rows"] = _Rows(cl)
    pk = cl.lookup_opts.pk.attname
    empty = rows.empty
    for column in rows.columns:
        text, row_class = _cell(column, result, empty)
        if column.link:
            tag = column.tag
            try:
                url = cl.url_for_result(result)
            except NoReverseMatch:
                link_or_text = escape_text(text)
            else:
                url = rows.address(url)
                opener = ""
                if cl.is_popup:
                    attr = str(cl.to_field) if cl.to_field else pk
                    opener = format_html(
                        ' data-popup-opener="{}"', result.serializable_value(attr)
                    )
                link_or_text = (
                    f'<a href="{escape_text(url)}"{opener}>{escape_text(text)}</a>'
                )
            yield SafeString(f"<{tag}{row_class}>{link_or_text}</{tag}>")
        else:
            yield SafeString(f"<td{row_class}>{escape_text(text)}</td>")


def install() -> bool:
    """`items_for_result` in Django's place (`admin_list.results` looks it up
    when a list is shown)."""
    if admin_list.items_for_result is items_for_result:
        return False
    _DJANGOS[:] = [admin_list.items_for_result]
    admin_list.items_for_result = items_for_result
    return True
