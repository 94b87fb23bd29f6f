"""The expertise directory: people who agree to appear, their consents, and
the consultations (private threads between two people)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed

LANGUAGE_CHOICES = [
    ("ca", _("Catalan")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("fr", _("French")),
    ("oc", _("Occitan")),
]

CONSENT_TEXT = _(
    "I agree to appear in the network's expertise directory, visible only to "
    "registered people of the network, with my name, member, areas of expertise "
    "and languages, and to receive consultation requests through the site. I can "
    "withdraw this consent at any time, which hides me from the directory at once."
)


class ExpertProfileQuerySet(models.QuerySet):
    def listed(self):
        """Profiles whose person currently consents to appear."""
        return self.filter(listed=True, user__is_active=True)

    def managed_by(self, user):
        """The profiles a user manages: all for the secretariat, else their own."""
        from teixit.network.roles import is_secretariat

        if is_secretariat(user):
            return self
        return self.filter(user=user)


class ExpertProfile(TimeStampedModel):
    """A person's entry in the directory. Only shown while `listed` (an active
    consent exists); contact details are never shown to the public."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expert_profile",
        verbose_name=_("person"),
    )
    member = models.ForeignKey(
        "network.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("member"),
    )
    headline = models.CharField(
        _("headline"),
        max_length=200,
        help_text=_("Your role or speciality in one line."),
    )
    bio = models.TextField(_("experience"), blank=True, help_text=_("Markdown."))
    areas = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="experts",
        verbose_name=_("areas of expertise"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    takes_consultations = models.BooleanField(_("takes consultations"), default=True)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Shown to registered people only. Leave empty to hide it."),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    listed = models.BooleanField(
        _("listed"),
        default=False,
        editable=False,
        help_text=_("True while an active consent exists."),
    )

    objects = ExpertProfileQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[areas])

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        ordering = ["user__name", "pk"]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse_keyed("experts:detail", kwargs={"pk": self.pk})

    def language_labels(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.languages]


class ExpertConsent(models.Model):
    """An explicit consent to appear in the directory: the text agreed to and
    when; withdrawing it sets `withdrawn_at`. Kept as proof until the person
    deletes their data."""

    profile = models.ForeignKey(
        ExpertProfile,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("expert profile"),
    )
    text = models.TextField(_("text agreed to"))
    language = models.CharField(_("language"), max_length=8, default="ca")
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.profile} — {self.given_at:%Y-%m-%d}"


class Consultation(TimeStampedModel):
    """A consultation asked to an expert: a private thread between the person
    who asks and the expert. Nobody else reads it, not even the secretariat.
    A person who deletes their data leaves the thread (their side becomes
    anonymous); the other person's messages stay."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations_received",
        verbose_name=_("expert"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations_asked",
        verbose_name=_("asked by"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    # No change history: threads are private and must disappear with the
    # person who deletes their data.

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse_keyed("experts:consultation", kwargs={"pk": self.pk})

    def is_party(self, user) -> bool:
        return user.is_authenticated and user.pk in (self.expert_id, self.requester_id)


class ConsultationMessage(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("consultation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"))
    author_removed = models.BooleanField(
        _("author deleted their data"),
        default=False,
        help_text=_("The message is kept, without its author."),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation} — {self.created_at:%Y-%m-%d %H:%M}"
