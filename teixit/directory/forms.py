from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.territories.models import Comarca, Municipality
from teixit.vocabulary.models import Concept
from teixit.vocabulary.schemes import THEMES

from .models import DirectoryEntry


def _themes():
    return Concept.objects.in_scheme(THEMES).order_by("order", "code")


class DirectoryEntryForm(forms.ModelForm):
    class Meta:
        model = DirectoryEntry
        fields = [
            "name", "kind", "scope", "description", "themes", "comarques", "municipality",
            "place", "website", "email", "phone",
        ]  # fmt: skip
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "comarques": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes()
        # The options need the name only (not the outlines, a JSON each).
        self.fields["comarques"].queryset = Comarca.objects.only("pk", "name").order_by(
            "name"
        )
        self.fields["municipality"].queryset = (
            Municipality.objects.filter(comarca__isnull=False)
            .only("pk", "name")
            .order_by("name")
        )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    scope = forms.ChoiceField(label=_("Scope"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind"))] + list(
            DirectoryEntry.Kind.choices
        )
        self.fields["scope"].choices = [("", _("Any scope"))] + list(
            DirectoryEntry.Scope.choices
        )
        self.fields["theme"].choices = [("", _("Any theme"))] + [
            (c.code, c.label) for c in _themes()
        ]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject: the proposer reads it."),
    )  # fmt: skip
