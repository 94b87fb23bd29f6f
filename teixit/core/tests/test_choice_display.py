"""`get_<field>_display()` from a table made once (teixit/core/choice_display.py):
the same answers as Django's own method for every installed model."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from teixit.core import choice_display
from teixit.core.choice_display import _DJANGO_GET_DISPLAY, get_field_display

pytestmark = pytest.mark.django_db


def _fields_with_choices():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices is not None:
                yield model, field


def test_every_models_display_method_is_replaced():
    fields = list(_fields_with_choices())
    assert len(fields) > 50  # the platform's statuses, kinds, roles…
    for model, field in fields:
        declared = next(
            (
                klass.__dict__[f"get_{field.name}_display"]
                for klass in model.__mro__
                if f"get_{field.name}_display" in klass.__dict__
            ),
            None,
        )
        assert isinstance(declared, partialmethod), (model, field.name)
        assert declared.func is get_field_display, (model, field.name)


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_same_answers_as_djangos_for_every_choice_and_unknown_values(language):
    checked = 0
    with translation.override(language):
        for model, field in _fields_with_choices():
            instance = model()
            values = [value for value, _label in field.flatchoices]
            values += ["no-such-choice", 987654, None]
            for value in values:
                setattr(instance, field.attname, value)
                ours = getattr(instance, f"get_{field.name}_display")()
                djangos = _DJANGO_GET_DISPLAY(instance, field)
                assert ours == djangos, (model, field.name, value)
                assert type(ours) is type(djangos), (model, field.name, value)
                checked += 1
    assert checked > 300


def test_labels_follow_the_active_language():
    from teixit.workplans.models import Action, Status

    action = Action(status=Status.DONE)
    with translation.override("en"):
        english = action.get_status_display()
    with translation.override("ca"):
        catalan = action.get_status_display()
    assert english == "Done"
    assert catalan != english and catalan


class _Kind(models.TextChoices):
    A = "a", "Letter A"
    B = "b", "Letter B"


def _dynamic_choices():
    return [("x", "Ex")]


def test_new_choices_object_makes_a_new_table_and_callables_stay_djangos():
    from teixit.workplans.models import Action

    field = Action._meta.get_field("status")
    action = Action(status="done")
    first = action.get_status_display()
    saved = field.choices
    try:
        field.choices = [("done", "Finished")]
        assert action.get_status_display() == "Finished"
    finally:
        field.choices = saved
    assert action.get_status_display() == first

    # Choices computed by a callable are read each time, as Django does.
    field = models.CharField(max_length=5, choices=_dynamic_choices)
    field.name = field.attname = "letter"
    assert choice_display._table(field) is None


def test_unhashable_values_are_answered_as_django_does():
    field = models.JSONField(choices=[([1, 2], "Pair"), ("x", "Ex")])
    field.name = field.attname = "data"

    class Holder:
        data = [1, 2]

    assert get_field_display(Holder(), field) == "Pair"
    Holder.data = {"k": 1}
    assert get_field_display(Holder(), field) == "{'k': 1}"
    assert get_field_display(Holder(), field) == _DJANGO_GET_DISPLAY(Holder(), field)
