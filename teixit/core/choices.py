"""What a model's `__str__` is made of, so that a select of hundreds of them
reads rows instead of building a model instance per option.

A form's `ModelChoiceField` labels each option with `str(obj)`: the select of
the network's 950 members built 950 `Member` instances (their outlines and
every other column read and converted) on every view of a form that offers
them, most of the page's time. A model declares the columns its `__str__`
reads and, when it is not the first column as text, the function that makes
the same text from their values:

    @str_columns("name")
    class Member(models.Model):
        def __str__(self):
            return self.name

The site's form renderer (`teixit.core.form_renderer`) then reads
`values_list(<key>, *columns)` for a field of that model whose label is its
`__str__` (the field's own `label_from_instance` is not overridden) and whose
iterator is Django's own. The declaration is tied to the `__str__` it was
made beside: a subclass that writes another `__str__` is read as instances
again. `teixit/core/tests/test_choices.py` checks each declared model's
labels against `str()` of its instances.
"""

from __future__ import annotations

from collections.abc import Callable

#: model → (columns, label, the __str__ they stand for)
_DECLARED: dict[type, tuple[tuple[str, ...], Callable[..., str], Callable]] = {}


def first_as_text(value, *_rest) -> str:
    return str(value)


def str_columns(*columns: str, label: Callable[..., str] | None = None):
    """Class decorator: this model's `__str__` is `label(*values of columns)`
    (by default the first column's value as text)."""

    def declare(model):
        _DECLARED[model] = (columns, label or first_as_text, model.__str__)
        return model

    return declare


def str_of(model) -> tuple[tuple[str, ...], Callable[..., str]] | None:
    """The columns and label function standing for `model.__str__`, or None
    when the model declared none (or a subclass changed `__str__`)."""
    declared = _DECLARED.get(model)
    if declared is None or model.__str__ is not declared[2]:
        return None
    return declared[0], declared[1]
