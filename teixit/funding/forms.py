from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.territories.models import CATALAN_PROVINCES, Comarca, Municipality, Province

from .models import FundingLine
from .selectors import themes


class FundingLineForm(forms.ModelForm):
    beneficiaries = forms.MultipleChoiceField(
        label=_("Eligible beneficiaries"),
        choices=FundingLine.Beneficiary.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FundingLine
        fields = [
            "title", "level", "administration", "programme", "purpose", "themes",
            "beneficiaries", "whole_catalonia", "provinces", "comarques", "municipalities",
            "opens_on", "closes_on", "execution_start", "execution_end", "budget",
            "max_per_beneficiary", "link", "documents",
        ]  # fmt: skip
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "provinces": forms.CheckboxSelectMultiple,
            "comarques": forms.SelectMultiple(attrs={"size": 8}),
            "municipalities": forms.SelectMultiple(attrs={"size": 8}),
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "execution_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "execution_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes()
        # The options need the name only (not the outlines, a JSON each).
        self.fields["provinces"].queryset = Province.objects.filter(
            code__in=CATALAN_PROVINCES
        ).only("pk", "name")
        self.fields["comarques"].queryset = (
            Comarca.objects.filter(province__code__in=CATALAN_PROVINCES)
            .only("pk", "name")
            .order_by("name")
        )
        self.fields["municipalities"].queryset = (
            Municipality.objects.filter(comarca__isnull=False)
            .only("pk", "name")
            .order_by("name")
        )
        if self.instance.pk:
            self.initial["beneficiaries"] = self.instance.beneficiaries

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("whole_catalonia")
            or cleaned.get("provinces")
            or cleaned.get("comarques")
            or cleaned.get("municipalities")
        ):
            raise forms.ValidationError(
                _("Say where the line applies: all of Catalonia, provinces, comarques or municipalities.")
            )  # fmt: skip
        return cleaned


class FundingLineFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    level = forms.ChoiceField(label=_("Level of administration"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    year = forms.IntegerField(
        label=_("Year of execution"), required=False, min_value=1990, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Any level"))] + list(
            FundingLine.Level.choices
        )
        self.fields["theme"].choices = [("", _("Any theme"))] + [
            (c.code, c.label) for c in themes()
        ]


class MatrixFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1990, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Any theme"))] + [
            (c.code, c.label) for c in themes()
        ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or .xlsx file"),
        help_text=_("One funding line per row; the first row names the columns."),
    )


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("How the overlap was resolved"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
