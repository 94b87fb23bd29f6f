from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.network.models import Member
from teixit.vocabulary.schemes import THEMES

from .registry import type_choices

LANGUAGE_CHOICES = [
    ("ca", _("Catalan")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("other", _("Other language")),
]
OUTCOME_CHOICES = [
    ("success", _("Success")),
    ("partial", _("Partial success")),
    ("failure", _("Failure")),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("type"), required=False)
    theme = forms.ChoiceField(label=_("theme"), required=False)
    territory = forms.ChoiceField(label=_("territory"), required=False)
    outcome = forms.ChoiceField(label=_("outcome of practices"), required=False)
    language = forms.ChoiceField(label=_("language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from teixit.vocabulary.models import Concept

        anything = [("", _("Any"))]
        self.fields["q"].widget.attrs.update({"type": "search", "autofocus": True})
        self.fields["type"].choices = anything + type_choices()
        self.fields["theme"].choices = anything + [
            (c.code, c.label)
            for c in Concept.objects.filter(scheme__code=THEMES).order_by(
                "order", "code"
            )
        ]
        territories = []
        for member in Member.objects.select_related("municipality").order_by("name"):
            code = (
                member.municipality.code
                if member.municipality_id
                else member.official_code
            )
            if code:
                territories.append((code, member.name))
        self.fields["territory"].choices = anything + territories
        self.fields["outcome"].choices = anything + OUTCOME_CHOICES
        self.fields["language"].choices = anything + LANGUAGE_CHOICES
