"""The outline of a territory: GeoJSON decoded when it is read, not when its row is loaded.

A municipality, comarca or province row carries its outline (1 KB for a municipality on
average, 5 KB for a comarca, 17 KB for a province). Every page that loads such a row — an
entity with its municipality, a need with its comarques, a member with its comarca and
province — decoded those outlines with the row, though almost none of them shows one: about
a millisecond for a list of 50 entities, and thousands of lists and floats left to Python's
collector when the instances are in reference cycles (prefetched relations are). With
`OutlineField` the row keeps the JSON text until its attribute is read.

What a reader sees:
- `instance.boundary` is the decoded GeoJSON (a dict) or None, as with a `JSONField`;
  assigning it, saving, forms, the admin and the API work as before.
- `values()` and `values_list()` of the territory's own queryset (`OutlineQuerySet`, the
  models' manager) decode it too. Read through another model's relation
  (`Entity.objects.values("municipality__boundary")`) it is the column's JSON text:
  `decoded()` turns it into the GeoJSON. Lookups (`boundary__isnull`, `boundary__type`)
  are the `JSONField`'s.
"""

import json

from django.db import models
from django.db.models.expressions import Col
from django.db.models.query_utils import DeferredAttribute


class Encoded(str):
    """An outline's JSON text as the database returned it, not decoded yet."""

    __slots__ = ()


def decoded(value):
    """The GeoJSON of an outline read through `values()`/`values_list()` (its text)."""
    if isinstance(value, Encoded):
        return json.loads(value)
    return value


def _decoded_row(row):
    if isinstance(row, dict):
        return {key: decoded(value) for key, value in row.items()}
    if isinstance(row, tuple) and any(isinstance(v, Encoded) for v in row):
        values = [decoded(value) for value in row]
        return type(row)(values) if type(row) is tuple else type(row)._make(values)
    return decoded(row)


_decoding_classes: dict[type, type] = {}


def _decoding(iterable_class: type) -> type:
    """`iterable_class` (values, values_list, flat, named) with outlines decoded."""
    if iterable_class not in _decoding_classes:

        def __iter__(self):
            return map(_decoded_row, iterable_class.__iter__(self))

        _decoding_classes[iterable_class] = type(
            "Decoding" + iterable_class.__name__,
            (iterable_class,),
            {"__iter__": __iter__},
        )
    return _decoding_classes[iterable_class]


class OutlineQuerySet(models.QuerySet):
    """A territory's queryset: `values()` and `values_list()` decode the outline.

    Rows go through the decoding only when they may hold it: every column (no
    names given), an expression, or the outline's own name among them."""

    def _may_select_outline(self, fields, expressions=()) -> bool:
        if not fields or expressions:
            return True
        outlines = {
            name
            for f in self.model._meta.concrete_fields
            if isinstance(f, OutlineField)
            for name in (f.name, f.attname)
        }
        return any(not isinstance(f, str) or f in outlines for f in fields)

    def values(self, *fields, **expressions):
        clone = super().values(*fields, **expressions)
        if self._may_select_outline(fields, expressions):
            clone._iterable_class = _decoding(clone._iterable_class)
        return clone

    def values_list(self, *fields, flat=False, named=False):
        clone = super().values_list(*fields, flat=flat, named=named)
        if self._may_select_outline(fields):
            clone._iterable_class = _decoding(clone._iterable_class)
        return clone


class OutlineAttribute(DeferredAttribute):
    """Decodes the loaded text at the first read and keeps the result.

    A data descriptor (it has `__set__`): the value lives in the instance's `__dict__`
    as with Django's own attributes, but reads go through `__get__`."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if type(value) is Encoded:
            value = json.loads(value, cls=self.field.decoder)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class OutlineField(models.JSONField):
    """A `JSONField` whose value is decoded when read (module docstring)."""

    descriptor_class = OutlineAttribute

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str) and type(expression) is Col:
            return Encoded(value)
        return super().from_db_value(value, expression, connection)

    def deconstruct(self):
        # The column is a JSONField's: migrations know it as one (no migration, and the
        # historical models and migration states decode eagerly, as they did).
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs
