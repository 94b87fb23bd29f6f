"""Form widgets."""

from html import escape as html_escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def escaped_each(texts: list[str]):
    """An iterator over `texts` escaped as `html.escape` escapes each, in one
    call: joined by NUL (which escaping leaves alone) and split again; one by
    one when a text holds a NUL of its own. A thousand options' calls were
    most of a select's time."""
    joined = "\0".join(texts)
    if joined.count("\0") == len(texts) - 1:
        return iter(html_escape(joined).split("\0"))
    return iter([html_escape(text) for text in texts])


class LongSelect(forms.Select):
    """A select whose options are written in Python instead of one template
    rendering each: the same HTML as Django's `Select`, for lists of hundreds of
    options (the map's 947 municipalities took half a second to render). The
    options are read straight from the choices, without the per-option
    dictionaries of `Select.optgroups` (two thirds of the time left)."""

    def render(self, name, value, attrs=None, renderer=None):
        # Widget's context (name, formatted value, attrs), not ChoiceWidget's:
        # its optgroups are what this widget writes itself.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        widget_attrs = widget["attrs"]
        if self.allow_multiple_selected:
            widget_attrs["multiple"] = True
        wanted = widget["value"]  # the selected values, as strings
        multiple = self.allow_multiple_selected
        has_selected = False
        parts = [
            format_html('<select name="{}"{}>', widget["name"], flatatt(widget_attrs))
        ]
        # The options' values and labels, escaped at the end in one call
        # (`escaped_each`) by the standard library's escape, as Django's
        # `escape` calls it, without its wrapper for lazy strings. `str()`
        # resolves a lazy label first.
        texts: list[str] = []  # value, label, value, label…
        shape: list = []  # per option its selected flag; an optgroup's tags

        def option(option_value, label) -> None:
            nonlocal has_selected
            if option_value is None:
                option_value = ""
            text_value = str(option_value)
            selected = (not has_selected or multiple) and text_value in wanted
            has_selected |= selected
            texts.append(text_value)
            texts.append(str(label))
            shape.append(selected)

        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                shape.append(format_html('<optgroup label="{}">', option_value))
                for value, sublabel in label:
                    option(value, sublabel)
                shape.append("</optgroup>")
            else:
                option(option_value, label)
        escaped = escaped_each(texts)
        for item in shape:
            if item is True or item is False:
                parts.append(
                    f'<option value="{next(escaped)}"'
                    f"{' selected' if item else ''}>{next(escaped)}</option>"
                )
            else:
                parts.append(item)
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


class RowChoiceIterator(ModelChoiceIterator):
    """The options of a model choice field read as `values_list` rows — the
    primary key and `columns` — instead of a model object per option (a
    thousand members or people: most of a form page's time). Subclass it with
    the columns and the label (the model's `__str__` written on the values),
    and set it as the field's `iterator` before its `queryset`; the queryset
    still checks what is posted. Pairs with `LongSelect`."""

    columns: tuple[str, ...] = ("name",)

    @staticmethod
    def label(*values) -> str:
        return str(values[0])

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *values in self.queryset.values_list("pk", *self.columns):
            yield (pk, self.label(*values))


class ReadyChoices(BaseChoiceIterator):
    """Choices already as (value, label) pairs, set on a field as they are:
    Django's setter checks each option of a list again (twice, for the field
    and its widget: 3 ms for a thousand municipalities or members). Pairs
    with `LongSelect`; the field still validates what is posted against them."""

    def __init__(self, choices: list):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)
