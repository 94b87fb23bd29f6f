"""The public map's filter form (GET, bookmarkable; same parameters as the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.core.widgets import LongSelect
from teixit.maps.models import MapCell
from teixit.vocabulary.schemes import LEGAL_FORMS, SECTORS, SSE_PRINCIPLES

Dim = MapCell.Dimension


def _label(label: str, count: int) -> str:
    return f"{label} ({count})"


class MapFilterForm(forms.Form):
    """Filters of the map and its list. Choice labels carry the number of
    published entities of each option (`counts` from selectors.map_filter_counts)."""

    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), required=False)
    comarca = forms.ChoiceField(label=_("Comarca"), required=False, widget=LongSelect)
    municipality = forms.ChoiceField(
        label=_("Municipality"), required=False, widget=LongSelect
    )
    label = forms.ChoiceField(label=_("Label"), required=False)
    criterion = forms.MultipleChoiceField(
        label=_("SSE criteria met"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, counts: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from teixit.territories.models import Comarca, Municipality
        from teixit.vocabulary.models import Concept

        counts = counts or {}
        self.fields["q"].widget.attrs.update({"type": "search"})
        self.fields["q"].widget.input_type = "search"
        every = [("", _("All"))]
        for name, scheme, dimension in (
            ("sector", SECTORS, Dim.SECTOR),
            ("legal_form", LEGAL_FORMS, Dim.LEGAL_FORM),
            ("criterion", SSE_PRINCIPLES, Dim.CRITERION),
        ):
            per_value = counts.get(dimension, {})
            choices = [
                (
                    concept.code,
                    _label(concept.label or concept.code, per_value.get(concept.pk, 0)),
                )
                for concept in Concept.objects.filter(scheme__code=scheme).order_by(
                    "order", "code"
                )
            ]
            self.fields[name].choices = (
                choices if name == "criterion" else every + choices
            )
        from teixit.recognitions.selectors import label_codes

        self.fields["label"].choices = every + label_codes()
        per_comarca = counts.get(Dim.COMARCA, {})
        self.fields["comarca"].choices = every + [
            (code, _label(name, per_comarca.get(pk, 0)))
            for pk, code, name in Comarca.objects.order_by("name").values_list(
                "pk", "code", "name"
            )
        ]
        # Only municipalities with entities (947 options would be unusable),
        # plus the one asked for, if any.
        per_municipality = counts.get(Dim.MUNICIPALITY, {})
        asked = self.data.get("municipality") if self.is_bound else None
        # Code and name only (a municipality row carries its boundary, tens of
        # KB each), as tuples, and every municipality read rather than an IN
        # list of hundreds of ids: the page's form took 30 ms at 1,000,000
        # entities, most of it building 947 model instances.
        self.fields["municipality"].choices = every + [
            (code, _label(name, per_municipality.get(pk, 0)))
            for pk, code, name in Municipality.objects.order_by(
                "name", "pk"
            ).values_list("pk", "code", "name")
            if pk in per_municipality or code == asked
        ]

    def filter_params(self) -> dict[str, list[str] | str]:
        """The valid filters as query parameters (invalid fields are left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        params: dict[str, list[str] | str] = {}
        for name in ("legal_form", "sector", "comarca", "municipality", "label"):
            if data.get(name):
                params[name] = [data[name]]
        if data.get("criterion"):
            params["criterion"] = list(data["criterion"])
        if data.get("q"):
            params["q"] = data["q"]
        return params
