import datetime as dt
import zoneinfo

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teixit.core.uploads import validate_upload
from teixit.core.widgets import LongSelect, RowChoiceIterator
from teixit.network.models import Body, Member
from teixit.network.roles import is_secretariat, sole_member_id
from teixit.notifications.audiences import active_users, network_people
from teixit.territories.forms import MunicipalityField
from teixit.vocabulary.models import Concept
from teixit.vocabulary.schemes import THEMES

from .models import Event, EventDocument, Invitation
from .services import AgendaData

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


def _themes():
    return Concept.objects.in_scheme(THEMES).order_by("order", "code")


class EventForm(forms.ModelForm):
    municipality = MunicipalityField(label=_("municipality"), required=False)
    themes = forms.ModelMultipleChoiceField(
        queryset=Concept.objects.none(),
        required=False,
        label=_("Themes"),
        widget=forms.CheckboxSelectMultiple,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One item a line: time | title | speaker (time and speaker optional), "
            "e.g. “10:00 | Welcome | Secretariat”."
        ),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "themes",
            "starts_at",
            "ends_at",
            "time_zone",
            "address",
            "municipality",
            "online_url",
            "organiser_kind",
            "organiser_member",
            "organiser_institution",
            "organiser_name",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "audience",
        ]
        formfield_callback = _formfield
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_opens_at": DATETIME,
            "registration_closes_at": DATETIME,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes()
        if user is not None and not is_secretariat(user):
            self.fields["organiser_member"].queryset = Member.objects.managed_by(user)
            self.fields["organiser_kind"].choices = [
                (Event.Organiser.MEMBER, Event.Organiser.MEMBER.label)
            ]
            self.initial.setdefault("organiser_kind", Event.Organiser.MEMBER)
            if sole_member_id(user) is not None:
                self.initial.setdefault("organiser_member", sole_member_id(user))
        if self.instance.pk:
            zone = self._zone(self.instance.time_zone)
            for field in self.DATETIME_FIELDS:
                value = getattr(self.instance, field)
                if value is not None and zone is not None:
                    self.initial[field] = timezone.localtime(value, zone).replace(
                        tzinfo=None
                    )
            # (a ModelForm's initial holds the instance's many-to-many fields
            # already: `setdefault` would read them again to throw them away)
            if "themes" not in self.initial:
                self.initial["themes"] = list(self.instance.themes.all())
            self.initial.setdefault(
                "agenda",
                "\n".join(
                    " | ".join(
                        [
                            item.time.strftime("%H:%M") if item.time else "",
                            item.title,
                            item.speaker,
                        ]
                    ).rstrip(" |")
                    for item in self.instance.agenda.all()
                ),
            )

    DATETIME_FIELDS = (
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
    )

    def _zone(self, name: str):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None

    def clean(self):
        """Dates and times are typed in the event's time zone."""
        data = super().clean()
        zone = self._zone(data.get("time_zone") or "")
        if zone is not None:
            for field in self.DATETIME_FIELDS:
                value = data.get(field)
                if value is not None:
                    data[field] = timezone.make_aware(timezone.make_naive(value), zone)
                    setattr(self.instance, field, data[field])
        return data

    def clean_agenda(self) -> list[AgendaData]:
        items = []
        for number, line in enumerate(
            self.cleaned_data["agenda"].splitlines(), start=1
        ):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            time = None
            if len(parts) > 1 and parts[0]:
                try:
                    time = dt.datetime.strptime(parts[0], "%H:%M").time()
                except ValueError:
                    raise forms.ValidationError(
                        _("Line %(line)s: the time must be like 10:30.")
                        % {"line": number},
                        code="agenda_time",
                    ) from None
            if len(parts) == 1:
                title, speaker = parts[0], ""
            else:
                title = parts[1]
                speaker = parts[2] if len(parts) > 2 else ""
            if not title:
                raise forms.ValidationError(
                    _("Line %(line)s: the item needs a title.") % {"line": number},
                    code="agenda_title",
                )
            items.append(AgendaData(title=title, time=time, speaker=speaker))
        return items


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    view = forms.ChoiceField(
        label=_("View"),
        required=False,
        choices=[("list", _("List")), ("month", _("Month"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind"))] + list(Event.Kind.choices)
        self.fields["theme"].choices = [("", _("Any theme"))] + [
            (c.code, c.label) for c in _themes()
        ]

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(
                _("Give the month as YYYY-MM."), code="month"
            ) from None


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=250)
    member = forms.ModelChoiceField(
        label=_("Member"), queryset=Member.objects.none(), required=False
    )
    needs = forms.CharField(
        label=_("Accessibility or dietary needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps these data to organise the event and "
            "issue my attendance certificate."
        ),
        required=True,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["member"].queryset = Member.objects.managed_by(user).active()
            if sole_member_id(user) is not None:
                self.initial.setdefault("member", sole_member_id(user))
        if user is not None:
            self.initial.setdefault("name", user.get_full_name() or user.email)


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Came"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(r.pk), f"{r.name}" + (f" — {r.member}" if r.member_id else ""))
            for r in registrations
        ]


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[
            (Invitation.Answer.YES, _("Yes, we will attend")),
            (Invitation.Answer.NO, _("No, we will not attend")),
        ],
        widget=forms.RadioSelect,
    )
    attendees = forms.CharField(
        label=_("Who will attend"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names and positions, one a line."),
    )
    opt_out = forms.BooleanField(
        label=_("Do not invite us to the network's events again"), required=False
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown."),
    )
    files = forms.FileField(
        label=_("Files of the minutes"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}),
    )

    def clean_files(self):
        files = self.files.getlist(self.add_prefix("files"))
        for file in files:  # the same content checks as every upload
            validate_upload(file)
        return files


class DocumentForm(forms.ModelForm):
    class Meta:
        model = EventDocument
        fields = ["kind", "title", "file"]


class AgreementForm(forms.Form):
    text = forms.CharField(
        label=_("Agreement"), widget=forms.Textarea(attrs={"rows": 2})
    )
    # LongSelect: the options written straight from the rows (160 actions, a
    # thousand people at network scale).
    action = forms.ModelChoiceField(
        label=_("Plan action"),
        queryset=None,
        required=False,
        help_text=_("The agreement appears on that action's page."),
        widget=LongSelect,
    )
    responsible_user = forms.ModelChoiceField(
        label=_("Person responsible"),
        queryset=None,
        required=False,
        widget=LongSelect,
    )
    responsible_body = forms.ModelChoiceField(
        label=_("Body responsible"), queryset=Body.objects.all(), required=False
    )
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        from teixit.workplans.selectors import actions_for_choice

        super().__init__(*args, **kwargs)
        self.fields["action"].iterator = _ActionChoices
        self.fields["action"].queryset = actions_for_choice()
        _people_field(self.fields["responsible_user"])


class _ActionChoices(forms.models.ModelChoiceIterator):
    """The options of a select of plan actions, "code text", read as rows
    (`workplans.selectors.action_choices`)."""

    def __iter__(self):
        from teixit.workplans.selectors import action_choices

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from action_choices(self.queryset)


def _people_for_choice(keep=()):
    """The network's people for a select (`notifications.audiences
    .network_people`: technicians, body members, superusers), in the select's
    order, plus `keep`, the people already chosen. Not everyone with an
    account: people who registered for an event or a training are thousands
    at network scale, and none of them acts for the network."""
    return (
        network_people() | active_users().filter(pk__in=[person.pk for person in keep])
    ).order_by("name", "email")


class _PeopleChoices(RowChoiceIterator):
    """The options of a select of people, read as (pk, name, e-mail) rows, not
    as a thousand user objects (half of the secretariat's event page); the
    label is the user's `__str__` (name, else e-mail)."""

    columns = ("name", "email")

    @staticmethod
    def label(name, email) -> str:
        return name or email


def _people_field(field: forms.ModelChoiceField, keep=()) -> None:
    """The network's people (`_people_for_choice`) as the field's choices
    (the queryset still checks what is posted)."""
    field.iterator = _PeopleChoices
    field.queryset = _people_for_choice(keep)


class RepresentationForm(forms.Form):
    representatives = forms.ModelMultipleChoiceField(
        label=_("Who went"), queryset=None, required=False
    )
    presented = forms.CharField(
        label=_("What was presented"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contacts_made = forms.CharField(
        label=_("Contacts made"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.CharField(
        label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _people_field(
            self.fields["representatives"],
            keep=self.initial.get("representatives") or (),
        )
