from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.core.uploads import validate_upload
from teixit.network.models import Member
from teixit.vocabulary.models import Concept
from teixit.vocabulary.schemes import MATERIAL_TYPES, THEMES

from .models import LANGUAGES, Material

FILE_AGAIN = _("After an error the file must be chosen again: browsers do not keep it.")


def themes_queryset():
    return Concept.objects.filter(scheme__code=THEMES).order_by("order", "code")


def kinds_queryset():
    return Concept.objects.filter(scheme__code=MATERIAL_TYPES).order_by("order", "code")


class MaterialForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("themes"),
        queryset=Concept.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(
        label=_("file"),
        required=False,
        help_text=_(
            "PDF, images, office documents (ODF, OOXML) or text. A new file becomes a new version."
        ),
    )
    note = forms.CharField(
        label=_("what changed in this version"), required=False, max_length=300
    )

    class Meta:
        model = Material
        fields = [
            "title", "kind", "description", "themes", "language", "licence", "author_member",
            "authors", "url", "published_on", "visibility",
        ]  # fmt: skip
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes_queryset()
        self.fields["kind"].queryset = kinds_queryset()
        # Only what the select shows: not a thousand members' full rows.
        self.fields["author_member"].queryset = Member.objects.order_by("name").only(
            "slug", "name"
        )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file:
            validate_upload(file)
        return file

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file")) or (
            self.instance.pk and self.instance.versions.exists()
        )
        if not has_file and not data.get("url") and "file" not in self.errors:
            self.add_error("file", _("Upload a file or give a link."))
        return data

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors and self.files.get(self.add_prefix("file")):
            self.fields["file"].help_text = FILE_AGAIN
            self["file"].help_text = FILE_AGAIN


class MaterialFilterForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("type"),
        queryset=Concept.objects.none(),
        required=False,
        to_field_name="code",
    )
    theme = forms.ModelChoiceField(
        label=_("theme"),
        queryset=Concept.objects.none(),
        required=False,
        to_field_name="code",
    )
    language = forms.ChoiceField(label=_("language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds_queryset()
        self.fields["kind"].empty_label = _("Any")
        self.fields["theme"].queryset = themes_queryset()
        self.fields["theme"].empty_label = _("Any")
        self.fields["language"].choices = [("", _("Any"))] + LANGUAGES

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
