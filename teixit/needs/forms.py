"""Forms of the needs register and the social market."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Need, SupplierMark


def _concepts(scheme: str):
    from teixit.vocabulary.models import Concept

    return Concept.objects.filter(scheme__code=scheme).order_by("order", "code")


class ConceptChoiceField(forms.ModelMultipleChoiceField):
    """Labelled by `str(concept)` (its label in the current language, or its
    code) as Django labels options, so that the site's form renderer reads
    them as rows (`teixit.core.choices`)."""


class MunicipalitiesField(forms.CharField):
    """Municipalities typed by name or code, separated by semicolons or new
    lines ("Girona; Salt"). Kept local to this app (a territory picker)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        from teixit.territories.selectors import municipality_match

        text = super().to_python(value) or ""
        names = [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]
        found, unknown = [], []
        for name in names:
            municipality = municipality_match(name)
            if municipality is None:
                unknown.append(name)
            elif municipality not in found:
                found.append(municipality)
        if unknown:
            raise ValidationError(
                _("Unknown municipality: %(names)s.") % {"names": "; ".join(unknown)},
                code="unknown_municipality",
            )
        return found

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            from teixit.territories.models import Municipality

            items = [
                m if isinstance(m, Municipality) else Municipality.objects.get(pk=m)
                for m in value
            ]
            return "; ".join(m.name for m in items)
        return value


class NeedForm(forms.ModelForm):
    themes = ConceptChoiceField(
        label=_("Themes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = ConceptChoiceField(
        label=_("Sectors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The SSE entities of these sectors could answer the need."),
    )
    municipalities = MunicipalitiesField(
        label=_("Municipalities"),
        required=False,
        help_text=_("Names or codes, separated by semicolons: “Girona; Salt”."),
    )
    comarques = forms.ModelMultipleChoiceField(
        label=_("Comarques"), queryset=None, required=False
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "themes",
            "sectors",
            "municipalities",
            "comarques",
            "origin",
            "origin_link",
            "evidence",
            "population_affected",
            "population_description",
        ]

    def __init__(self, *args, **kwargs):
        from teixit.territories.models import Comarca

        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _concepts("themes")
        self.fields["sectors"].queryset = _concepts("sectors")
        self.fields["comarques"].queryset = Comarca.objects.order_by("name")
        # An existing need's municipalities are in `initial` already: a
        # ModelForm reads every many-to-many field of the instance
        # (`model_to_dict`), these included.

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and not data.get("municipalities")
            and not data.get("comarques")
        ):
            raise ValidationError(
                _("Give the territory of the need: municipalities or comarques."),
                code="no_territory",
            )
        return data


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Need.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SupplierMarkForm(forms.Form):
    entity = forms.IntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(label=_("Mark"), choices=SupplierMark.State.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    comarca = forms.ChoiceField(label=_("Comarca"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, statuses=None, **kwargs):
        from teixit.territories.models import Comarca

        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["theme"].choices = every + [
            (c.code, c.label or c.code) for c in _concepts("themes")
        ]
        # Code and name only: a comarca row carries its outline (JSON
        # decoded for each of the 42, most of the needs list's time).
        self.fields["comarca"].choices = every + list(
            Comarca.objects.order_by("name").values_list("code", "name")
        )
        self.fields["status"].choices = every + list(
            statuses if statuses is not None else Need.Status.choices
        )


class SupplierSearchForm(forms.Form):
    """The public "buy from the SSE" search."""

    what = forms.CharField(
        label=_("Product or service"),
        max_length=200,
        help_text=_("For example: catering, cleaning, printing, fruit."),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("A municipality, by name or code."),
    )
    radius = forms.TypedChoiceField(
        label=_("Distance"),
        coerce=int,
        choices=[(10, "10 km"), (25, "25 km"), (50, "50 km")],
        initial=25,
        required=False,
        empty_value=25,
    )

    def clean_place(self):
        from teixit.territories.selectors import municipality_match

        value = self.cleaned_data["place"]
        municipality = municipality_match(value)
        if municipality is None:
            raise ValidationError(
                _("Unknown municipality: %(names)s.") % {"names": value},
                code="unknown_municipality",
            )
        return municipality
