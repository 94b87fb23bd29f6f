from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.core.widgets import LongSelect, RowChoiceIterator
from teixit.network.models import Member
from teixit.vocabulary.models import Concept
from teixit.vocabulary.schemes import THEMES

from .models import LANGUAGE_CHOICES, ExpertProfile


class ExpertProfileForm(forms.ModelForm):
    areas = forms.ModelMultipleChoiceField(
        queryset=Concept.objects.none(), required=False, label=_("Areas of expertise"),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        required=False, label=_("I agree to appear in the directory")
    )

    class Meta:
        model = ExpertProfile
        fields = [
            "headline",
            "bio",
            "member",
            "areas",
            "languages",
            "takes_consultations",
            "contact_email",
            "contact_phone",
        ]
        # Every active member (950 at network scale): written from the rows.
        widgets = {"member": LongSelect}

    def __init__(self, *args, consent_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Concept.objects.in_scheme(THEMES).order_by(
            "order", "code"
        )
        # Only what the select shows (the name), as rows, not a thousand members.
        self.fields["member"].iterator = RowChoiceIterator
        self.fields["member"].queryset = Member.objects.active()
        self.fields["consent"].help_text = consent_text
        self.fields["consent"].initial = self.instance.listed
        if self.instance.pk:
            self.initial.setdefault(
                "areas", list(self.instance.areas.values_list("pk", flat=True))
            )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or words"), required=False)
    area = forms.ChoiceField(label=_("Area of expertise"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    consultations = forms.BooleanField(label=_("Takes consultations"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Any area"))] + [
            (c.code, c.label)
            for c in Concept.objects.in_scheme(THEMES).order_by("order", "code")
        ]
        self.fields["language"].choices = [("", _("Any language"))] + list(
            LANGUAGE_CHOICES
        )


class ConsultationForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your question"), widget=forms.Textarea)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea)


class DeleteDataForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my expert profile and consents are deleted for good"
        ),
        required=True,
    )
