"""The public map's filter form (GET, bookmarkable; same parameters as the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.core.widgets import LongSelect, ReadyChoices


class MapFilterForm(forms.Form):
    """Filters of the map and its list. Choice labels carry the number of
    published entities of each option (`choices` from
    selectors.map_filter_choices)."""

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

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        from teixit.recognitions.selectors import label_codes

        self.fields["q"].widget.attrs.update({"type": "search"})
        self.fields["q"].widget.input_type = "search"
        every = [("", _("All"))]
        for name in ("sector", "legal_form", "comarca", "municipality"):
            self.fields[name].choices = ReadyChoices(every + choices[name])
        self.fields["criterion"].choices = ReadyChoices(choices["criterion"])
        self.fields["label"].choices = every + label_codes()

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
