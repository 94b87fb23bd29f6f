"""A municipality field for every form: a text field resolved by name on the
server (type "l'Hospitalet de Llobregat", "HOSPITALET DE LLOBREGAT, L'" or the
code), which JavaScript turns into an accessible combobox fed by
`territories:municipality_suggest`. A select of the 8,000 municipalities of
Spain made the entity form 390 KB; this one weighs a few hundred bytes."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import CATALAN_PROVINCES, Municipality
from .selectors import municipality_match
from .text import name_key


def municipality_label(municipality: Municipality) -> str:
    """The name people read and type; municipalities outside Catalonia carry
    their province, so that namesakes stay apart ("Castellar (Jaén)")."""
    if municipality.code[:2] in CATALAN_PROVINCES or municipality.province is None:
        return municipality.name
    return f"{municipality.name} ({municipality.province.name})"


_WITH_PROVINCE = re.compile(r"^(?P<name>.+?)\s*\((?P<province>[^()]+)\)\s*$")


class MunicipalityInput(forms.TextInput):
    """A text input that `core/static/js/teixit.js` turns into a combobox
    (WAI-ARIA 1.2 pattern, `data-autocomplete`); a plain text field without
    JavaScript."""

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "data-autocomplete": reverse_lazy("territories:municipality_suggest"),
        }
        super().__init__({**defaults, **(attrs or {})})


class MunicipalityField(forms.ModelChoiceField):
    """A municipality typed by name (or code), resolved on the server."""

    widget = MunicipalityInput
    default_error_messages = {
        "invalid_choice": _(
            "No municipality is called “%(value)s”. Check the spelling, or choose "
            "one of the suggestions."
        ),
        "ambiguous": _(
            "Several municipalities are called “%(value)s”: add the province in "
            "brackets, for example “%(example)s”."
        ),
    }

    def __init__(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = Municipality.objects.all()
        kwargs.setdefault("help_text", _("Type the first letters and choose."))
        super().__init__(queryset.select_related("province"), **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Municipality):
            return municipality_label(value)
        if isinstance(value, int):
            found = self.queryset.filter(pk=value).first()
            return municipality_label(found) if found else ""
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Municipality):
            return value
        text = str(value).strip()
        match = municipality_match(text)
        if match is None and text.isdigit():
            # The primary key, as a select sent it before (old bookmarks, scripts).
            match = self.queryset.filter(pk=int(text)).first()
        if match is None:
            with_province = _WITH_PROVINCE.match(text)
            if with_province:
                key = name_key(with_province["name"])
                province = name_key(with_province["province"])
                match = next(
                    (
                        m
                        for m in self.queryset.filter(search_name=key)
                        if m.province and name_key(m.province.name) == province
                    ),
                    None,
                )
        if match is None:
            namesakes = list(self.queryset.filter(search_name=name_key(text))[:2])
            if len(namesakes) > 1:
                raise ValidationError(
                    self.error_messages["ambiguous"],
                    code="ambiguous",
                    params={"value": text, "example": municipality_label(namesakes[0])},
                )
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": text},
            )
        if not self.queryset.filter(pk=match.pk).exists():
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": text},
            )
        return match

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != (data or "")
