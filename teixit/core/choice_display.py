"""`get_<field>_display()` answered from a table made once per field.

Django's `Model._get_FIELD_display` builds a dict of the field's flattened
choices, each made hashable, on every call: ~24 µs for a six-status field,
where the answer is one lookup. A page that shows a status per row (the
action page's history and updates, the admin's lists, the plan's tree) paid
it per row and per column. `install()` (from `CoreConfig.ready()`) replaces
each model's `get_<field>_display` that is still Django's own with one that
reads a table of the field's choices made the first time (value → label, the
label still translated at each call, since it is lazy).

Same answers as Django's: a value not among the choices is returned as it
is, a lazy label is forced to text, a value that cannot be hashed goes
through `make_hashable` as Django does. A field whose choices are computed
by a callable (Django keeps them as a `CallableChoiceIterator`) can answer
differently each time and keeps Django's method; a field whose `choices`
attribute is replaced later makes a new table (the table remembers the
object it was made from). A model class that defines its own
`get_<field>_display` keeps it. `core/tests/test_choice_display.py` compares
the answers with Django's for every installed model's fields with choices.
"""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.choices import BaseChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

# Django's own method, which the models' partialmethods were made from.
_DJANGO_GET_DISPLAY = Model._get_FIELD_display

_TABLE_ATTR = "_teixit_display_table"


def _table(field) -> dict | None:
    """value → label of the field's choices, made once per `choices` object
    (None when its choices are computed by a callable)."""
    choices = field.choices
    kept = field.__dict__.get(_TABLE_ATTR)
    if kept is not None and kept[0] is choices:
        return kept[1]
    if choices is None or isinstance(choices, BaseChoiceIterator):
        return None
    table = dict(make_hashable(field.flatchoices))
    field.__dict__[_TABLE_ATTR] = (choices, table)
    return table


def get_field_display(self, field):
    value = getattr(self, field.attname)
    table = _table(field)
    if table is None:
        return _DJANGO_GET_DISPLAY(self, field)
    try:
        label = table.get(value, value)
    except TypeError:  # an unhashable value (a list of a JSON field…)
        label = table.get(make_hashable(value), value)
    return force_str(label, strings_only=True)


def _is_djangos(method, field) -> bool:
    return (
        isinstance(method, partialmethod)
        and method.func is _DJANGO_GET_DISPLAY
        and method.keywords.get("field") is field
    )


def install_on(model) -> int:
    """Replace `model`'s Django-made `get_<field>_display` methods; the
    number replaced."""
    replaced = 0
    for field in model._meta.get_fields():
        if getattr(field, "choices", None) is None or not getattr(
            field, "concrete", False
        ):
            continue
        name = f"get_{field.name}_display"
        method = model.__dict__.get(name)
        if method is not None and _is_djangos(method, field):
            setattr(model, name, partialmethod(get_field_display, field=field))
            replaced += 1
    return replaced


def install() -> int:
    """Replace the Django-made `get_<field>_display` of every installed
    model (historical ones included); the number replaced."""
    return sum(install_on(model) for model in apps.get_models())
