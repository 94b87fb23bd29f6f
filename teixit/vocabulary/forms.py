"""Form helpers for other apps: fields limited to the concepts of one scheme."""

from __future__ import annotations

from django import forms

from .models import Concept
from .selectors import concepts_in


class ConceptChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Concept) -> str:
        return obj.label or obj.code


class ConceptMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Concept) -> str:
        return obj.label or obj.code


def concept_field(
    scheme_code: str,
    *,
    multiple: bool = False,
    required: bool = False,
    label: str | None = None,
    help_text: str = "",
    widget: forms.Widget | type[forms.Widget] | None = None,
) -> forms.Field:
    """A form field choosing concepts of one scheme, labelled in the current
    language: `legal_form = concept_field(LEGAL_FORMS, label=_("Legal form"))`,
    `sectors = concept_field(SECTORS, multiple=True)` (checkboxes by default),
    with the scheme codes of `teixit.vocabulary.schemes`."""
    queryset = concepts_in(scheme_code)
    if multiple:
        return ConceptMultipleChoiceField(
            queryset=queryset,
            required=required,
            label=label,
            help_text=help_text,
            widget=widget or forms.CheckboxSelectMultiple,
        )
    return ConceptChoiceField(
        queryset=queryset,
        required=required,
        label=label,
        help_text=help_text,
        widget=widget,
    )
