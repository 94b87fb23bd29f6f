from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.network.models import Member
from teixit.network.roles import sole_member_id
from teixit.vocabulary.models import Concept
from teixit.vocabulary.schemes import THEMES

from .models import Training, TrainingSession
from .services import SessionData


class TrainingForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Concept.objects.none(),
        required=False,
        label=_("Themes"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Training
        fields = [
            "title",
            "description",
            "member",
            "institution",
            "organiser_name",
            "place",
            "online_url",
            "language",
            "audience",
            "seats",
            "open_to_other_members",
            "themes",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Concept.objects.in_scheme(THEMES).order_by(
            "order", "code"
        )
        if user is not None:
            allowed = Member.objects.managed_by(user)
            if self.instance.member_id:
                allowed = allowed | Member.objects.filter(pk=self.instance.member_id)
            # Only what the select shows: not a thousand members' full rows.
            self.fields["member"].queryset = allowed.distinct().only("slug", "name")
            if not self.instance.pk and sole_member_id(user) is not None:
                self.initial.setdefault("member", sole_member_id(user))
        if self.instance.pk:
            self.initial.setdefault(
                "themes", list(self.instance.themes.values_list("pk", flat=True))
            )


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    class Meta:
        model = TrainingSession
        fields = ["starts_at", "ends_at", "title"]

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


SessionFormSet = forms.inlineformset_factory(
    Training,
    TrainingSession,
    form=SessionForm,
    extra=2,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


def sessions_from_formset(formset) -> list[SessionData]:
    sessions = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or (not data.get("starts_at") and not form.instance.pk):
            continue
        sessions.append(
            SessionData(
                pk=form.instance.pk,
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                title=data.get("title", ""),
                delete=bool(data.get("DELETE")),
            )
        )
    return sessions


class TrainingFilterForm(forms.Form):
    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]

    q = forms.CharField(label=_("Words"), required=False)
    when = forms.ChoiceField(label=_("When"), choices=WHEN_CHOICES, required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import LANGUAGE_CHOICES

        self.fields["theme"].choices = [("", _("Any theme"))] + [
            (c.code, c.label)
            for c in Concept.objects.in_scheme(THEMES).order_by("order", "code")
        ]
        self.fields["language"].choices = [("", _("Any language"))] + list(
            LANGUAGE_CHOICES
        )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(r.user_id), str(r.user)) for r in registrations
        ]
