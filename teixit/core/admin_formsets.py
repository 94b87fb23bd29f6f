"""An admin page's inline formsets build their empty form once.

Django's `BaseFormSet.empty_form` is a property that builds a new form (every
field deep-copied, the formset's fields added) each time it is read, and an
admin add or change page reads it several times per inline: for the table's
header (`InlineAdminFormSet.fields`), the form's media, whether the form is
multipart, and the row the "Add another" button copies. On the event's change
page (three inlines) that was eleven empty forms a request, 7 % of its time.
`KeptEmptyFormMixin`, which `TeixitAdminSite.register` adds to every
`ModelAdmin`, gives each formset of the page one empty form, built on first
use: the same form every reader of that formset would have built.

Each row of an inline also knows its parent: Django's inline formset reads
the rows with `filter(<fk>=parent)` and sets only the key on each, so a row
whose name mentions its parent (a population "Girona 2024", shown above each
row) read the parent again, one query per row. The row's relation is given
the page's parent object, as Django's own validation does on a POST
(`InlineForeignKeyField` cleans to the parent instance). And the related
rows its read-only columns name (an event document's "uploaded by") are read
with the rows (`select_related`), not one query per row.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import cached_property


class _KeptEmptyForm:
    #: Forward relations shown read-only in the inline: read with its rows.
    readonly_relations: tuple[str, ...] = ()

    @cached_property
    def empty_form(self):
        return super().empty_form

    def get_queryset(self):
        if (
            self.readonly_relations
            and not hasattr(self, "_queryset")
            and self.queryset is not None
            # A relation cannot be both deferred and joined: left alone.
            and self.queryset.query.deferred_loading == (frozenset(), True)
        ):
            self.queryset = self.queryset.select_related(*self.readonly_relations)
        return super().get_queryset()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        fk = getattr(self, "fk", None)
        parent = getattr(self, "instance", None)
        if (
            fk is not None
            and parent is not None
            and parent.pk is not None
            and fk.remote_field.field_name == parent._meta.pk.name
            and isinstance(parent, fk.remote_field.model)
            and getattr(form.instance, fk.attname) == parent.pk
            and not fk.is_cached(form.instance)
        ):
            fk.set_cached_value(form.instance, parent)
        return form


def kept_empty_form(formset_class: type, readonly_relations=()) -> type:
    """`formset_class` with its empty form built once per formset (and the
    forward relations named in `readonly_relations` read with its rows)."""
    readonly_relations = tuple(readonly_relations)
    if issubclass(formset_class, _KeptEmptyForm) and (
        formset_class.readonly_relations == readonly_relations
    ):
        return formset_class
    return type(
        formset_class.__name__,
        (_KeptEmptyForm, formset_class),
        {"readonly_relations": readonly_relations},
    )


def _readonly_relations(inline, request, obj) -> list[str]:
    """The inline's read-only fields that are forward relations of its model
    (a foreign key or one-to-one shown by its name)."""
    names = []
    for name in inline.get_readonly_fields(request, obj):
        if not isinstance(name, str):
            continue
        try:
            field = inline.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if (
            field.is_relation
            and (field.many_to_one or field.one_to_one)
            and field.concrete
        ):
            names.append(name)
    return names


class KeptEmptyFormMixin:
    """A `ModelAdmin` whose inline formsets keep their empty form."""

    def get_formsets_with_inlines(self, request, obj=None):
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            yield (
                kept_empty_form(
                    formset_class, _readonly_relations(inline, request, obj)
                ),
                inline,
            )
