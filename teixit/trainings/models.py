"""Trainings offered by members or other bodies, their sessions, registrations
with a waiting list, and attendance per session."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.core.waitlist import WaitlistEntry

LANGUAGE_CHOICES = [
    ("ca", _("Catalan")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("other", _("Other")),
]


class TrainingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Training.Status.PUBLISHED)

    def listed(self):
        """Published and cancelled trainings: the catalogue (cancelled ones stay
        visible with their state so that people registered see what happened)."""
        return self.filter(
            status__in=[Training.Status.PUBLISHED, Training.Status.CANCELLED]
        )

    def managed_by(self, user):
        """The trainings a user manages, written once: every training for the
        secretariat; for others those they created or their members give."""
        from teixit.network.roles import is_secretariat, member_ids_of

        if is_secretariat(user):
            return self
        return self.filter(
            models.Q(created_by=user)
            | models.Q(member_id__in=sorted(member_ids_of(user)))
        )

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(sessions__ends_at__gte=now).distinct()

    def past(self, now=None):
        now = now or timezone.now()
        return (
            self.exclude(sessions__ends_at__gte=now)
            .filter(sessions__isnull=False)
            .distinct()
        )


class Training(TimeStampedModel):
    """A training course; it has one or several sessions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    member = models.ForeignKey(
        "network.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("organising member"),
    )
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("organising institution"),
    )
    organiser_name = models.CharField(
        _("other organiser"),
        max_length=250,
        blank=True,
        help_text=_("When the organiser is neither a member nor a known institution."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = HttpsURLField(_("online link"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=LANGUAGE_CHOICES, default="ca"
    )
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    seats = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    open_to_other_members = models.BooleanField(
        _("open to people of other members"),
        default=True,
        help_text=_("If unticked, only people of the organising member may register."),
    )
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="trainings",
        verbose_name=_("themes"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings_created",
        verbose_name=_("created by"),
    )

    objects = TrainingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("trainings:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if not (self.member_id or self.institution_id or self.organiser_name.strip()):
            errors["member"] = ValidationError(
                _(
                    "Say who organises the training: a member, an institution or another organiser."
                ),
                code="no_organiser",
            )
        if not (self.place.strip() or self.online_url):
            errors["place"] = ValidationError(
                _("Give a place or an online link."), code="no_place"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def organiser(self) -> str:
        return str(self.member or self.institution or self.organiser_name)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class TrainingSession(models.Model):
    """One date of a training."""

    training = models.ForeignKey(
        Training,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("training"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title = models.CharField(_("session title"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at) if self.starts_at else None
        return (
            f"{self.training} — {start:%Y-%m-%d %H:%M}" if start else str(self.training)
        )

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": _("The session must end after it starts.")},
                code="ends_before_start",
            )


class Registration(TimeStampedModel, WaitlistEntry):
    """A person's place in a training: registered, on the waiting list, or
    cancelled (the waiting list itself is `teixit.core.waitlist`)."""

    waitlist_parent = "training"

    training = models.ForeignKey(
        Training,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("training"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_registrations",
        verbose_name=_("person"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "user"], name="training_registration_unique_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.training} ({self.get_status_display()})"


class Attendance(models.Model):
    """Whether a registered person attended one session (taken by the organiser)."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_attendances",
        verbose_name=_("person"),
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="training_attendance_unique_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"
