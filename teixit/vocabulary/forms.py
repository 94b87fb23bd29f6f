"""Form helpers for other apps: fields limited to the concepts of one scheme."""

from __future__ import annotations

from django import forms

from .selectors import concepts_in


class ConceptChoiceField(forms.ModelChoiceField):
    """Labelled by `str(concept)` (its label in the current language, or its
    code) as Django labels options, so that the site's form renderer reads
    them as rows (`teixit.core.choices`)."""


class ConceptMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Labelled by `str(concept)` (its label in the current language, or its
    code) as Django labels options, so that the site's form renderer reads
    them as rows (`teixit.core.choices`)."""


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
