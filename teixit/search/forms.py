from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.core.widgets import LongSelect, ReadyChoices
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


def territory_choices() -> list[tuple[str, str]]:
    """(code, name) of every member with a territory code: its municipality's
    code, or its own official code (a comarca, a consortium…). Read as plain
    values: the municipality rows carry their boundaries, which a select of
    a thousand members must not load."""
    rows = Member.objects.order_by("name").values_list(
        "name", "municipality__code", "official_code"
    )
    choices = []
    for name, municipality_code, official_code in rows:
        code = official_code if municipality_code is None else municipality_code
        if code:
            choices.append((code, name))
    return choices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("type"), required=False)
    theme = forms.ChoiceField(label=_("theme"), required=False)
    territory = forms.ChoiceField(
        label=_("territory"), required=False, widget=LongSelect
    )
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
        self.fields["territory"].choices = ReadyChoices(anything + territory_choices())
        self.fields["outcome"].choices = anything + OUTCOME_CHOICES
        self.fields["language"].choices = anything + LANGUAGE_CHOICES
