"""Network meetings and events: the three yearly meetings, conferences,
training days, visits and external events where the network is represented;
their agenda, documents, invitations, registrations with a waiting list,
attendance, minutes and agreements."""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.storage import private_storage
from teixit.core.template_engine import reverse_keyed
from teixit.core.uploads import RandomName, UploadValidator
from teixit.core.waitlist import WaitlistEntry

LANGUAGE_CHOICES = [("ca", _("Catalan")), ("es", _("Spanish")), ("en", _("English"))]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class EventQuerySet(models.QuerySet):
    def listed(self):
        """What the agenda shows: published, held and cancelled events."""
        return self.filter(
            status__in=[
                Event.Status.PUBLISHED,
                Event.Status.HELD,
                Event.Status.CANCELLED,
            ]
        )

    def public(self):
        return self.listed().filter(audience=Event.Audience.PUBLIC)

    def managed_by(self, user):
        """The events a user manages, written once: every event for the
        secretariat, those organised by their members for technicians."""
        from teixit.network.roles import is_secretariat, member_ids_of

        if is_secretariat(user):
            return self
        return self.filter(organiser_member_id__in=sorted(member_ids_of(user)))


class Event(TimeStampedModel):
    """A meeting or event the network organises, attends or is represented at."""

    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        CONFERENCE = "conference", _("Conference")
        TRAINING_DAY = "training_day", _("Training day")
        VISIT = "visit", _("Visit")
        EXTERNAL = "external", _("External event (network represented)")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Members only")
        MEMBERS_INSTITUTIONS = (
            "members_institutions",
            _("Members and invited institutions"),
        )
        PUBLIC = "public", _("Public")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    class Organiser(models.TextChoices):
        NETWORK = "network", _("The network")
        MEMBER = "member", _("A member")
        INSTITUTION = "institution", _("An institution")
        OTHER = "other", _("Another organiser")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="events",
        verbose_name=_("themes"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=60,
        default="Europe/Madrid",
        help_text=_("The times are shown in this time zone."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        "territories.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipality"),
    )
    online_url = HttpsURLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to the people registered."),
    )
    organiser_kind = models.CharField(
        _("organised by"),
        max_length=20,
        choices=Organiser.choices,
        default=Organiser.NETWORK,
    )
    organiser_member = models.ForeignKey(
        "network.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising member"),
    )
    organiser_institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising institution"),
    )
    organiser_name = models.CharField(_("other organiser"), max_length=250, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: until the event starts."),
    )
    audience = models.CharField(
        _("audience"), max_length=30, choices=Audience.choices, default=Audience.MEMBERS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Minutes and conclusions (after the event).
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    # Representation (external events and conferences).
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="events_represented",
        verbose_name=_("who went"),
    )
    presented = models.TextField(_("what was presented"), blank=True)
    contacts_made = models.TextField(_("contacts made"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    # Raised at every change, so calendar programs replace their copy (the UID
    # stays the same).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events_created",
        verbose_name=_("created by"),
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="events_status_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("events:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(
                _("The event must end after it starts."), code="ends_before_start"
            )
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = ValidationError(
                _("Unknown time zone."), code="time_zone"
            )
        needs = {
            self.Organiser.MEMBER: ("organiser_member", self.organiser_member_id),
            self.Organiser.INSTITUTION: (
                "organiser_institution",
                self.organiser_institution_id,
            ),
            self.Organiser.OTHER: ("organiser_name", self.organiser_name.strip()),
        }
        if self.organiser_kind in needs:
            field, value = needs[self.organiser_kind]
            if not value:
                errors[field] = ValidationError(
                    _("Say which organiser it is."), code="no_organiser"
                )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = ValidationError(
                _("Registration must close after it opens."), code="registration_dates"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def organiser(self) -> str:
        if self.organiser_kind == self.Organiser.MEMBER and self.organiser_member:
            return str(self.organiser_member)
        if (
            self.organiser_kind == self.Organiser.INSTITUTION
            and self.organiser_institution
        ):
            return str(self.organiser_institution)
        if self.organiser_kind == self.Organiser.OTHER:
            return self.organiser_name
        return str(_("The network"))

    @property
    def place(self) -> str:
        """The address and municipality, or "Online"."""
        parts = [self.address.strip()] if self.address.strip() else []
        if self.municipality_id:
            parts.append(str(self.municipality))
        if parts:
            return ", ".join(parts)
        return str(_("Online")) if self.online_url else ""

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.tz)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_external(self) -> bool:
        return self.kind in (self.Kind.EXTERNAL, self.Kind.CONFERENCE)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return now < closes


class AgendaItem(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("event")
    )
    time = models.TimeField(_("time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)
    speaker = models.CharField(_("speaker"), max_length=250, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["order", "time", "pk"]

    def __str__(self) -> str:
        return self.title


class EventDocument(TimeStampedModel):
    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        PRESENTATION = "presentation", _("Presentation")
        MINUTES = "minutes", _("Minutes")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("event"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250, blank=True)
    # Private storage: served by `views.document_file` to those who may see the
    # event. Random folder names; the content is checked like every upload.
    file = models.FileField(
        _("file"),
        upload_to=RandomName("events/documents"),
        storage=private_storage,
        max_length=300,
        validators=[UploadValidator()],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title or self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self) -> str:
        return reverse_keyed(
            "events:document", kwargs={"pk": self.event_id, "doc": self.pk}
        )


class Invitation(TimeStampedModel):
    """An invitation to an event, sent to an institution or to a member's
    contact; answered through its personal link, without an account."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        YES = "yes", _("Will attend")
        NO = "no", _("Will not attend")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("event"),
    )
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("institution"),
    )
    member = models.ForeignKey(
        "network.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=250)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"), max_length=8, choices=LANGUAGE_CHOICES, default="ca"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    send_count = models.PositiveIntegerField(_("times sent"), default=0)
    answer = models.CharField(
        _("answer"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    attendees = models.TextField(_("who attends"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attended = models.BooleanField(_("came"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="events_invitation_unique_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse_keyed("events:invitation_answer", kwargs={"token": self.token})


class InvitationOptOut(TimeStampedModel):
    """An institution (or an address) that asked not to be invited again."""

    institution = models.OneToOneField(
        "network.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_opt_out",
        verbose_name=_("institution"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation opt-out")
        verbose_name_plural = _("invitation opt-outs")
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=False) | ~Q(email=""),
                name="events_opt_out_institution_or_email",
            )
        ]

    def __str__(self) -> str:
        return str(self.institution or self.email)


class Registration(TimeStampedModel, WaitlistEntry):
    """A person's place at an event (the waiting list is `teixit.core.waitlist`)
    and, on the day, whether they came."""

    waitlist_parent = "event"

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=250)
    member = models.ForeignKey(
        "network.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("member"),
    )
    needs = models.TextField(_("accessibility or dietary needs"), blank=True)
    consent = models.BooleanField(_("consent"), default=False)
    attended = models.BooleanField(_("came"), default=False)
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="events_registration_unique_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event} ({self.get_status_display()})"


class Agreement(TimeStampedModel):
    """A conclusion of an event, optionally tied to a plan action, with a
    person or body responsible and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("event"),
    )
    text = models.TextField(_("agreement"))
    action = models.ForeignKey(
        "workplans.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_agreements",
        verbose_name=_("plan action"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_agreements",
        verbose_name=_("person responsible"),
    )
    responsible_body = models.ForeignKey(
        "network.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_agreements",
        verbose_name=_("body responsible"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url() + f"#agreement-{self.pk}"

    @property
    def responsible(self) -> str:
        names = [str(x) for x in (self.responsible_user, self.responsible_body) if x]
        return " · ".join(names)
