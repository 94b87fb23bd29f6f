from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .registry import Delivery, find_verb


class NotificationEmail(models.Model):
    """One e-mail to one person: a notification sent at once, or a digest.

    The unique (recipient, frequency, period) row is what makes sending
    idempotent: a digest of a period is built once, and the background task
    that sends it claims it (pending → sending) before sending."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_emails",
        verbose_name=_("recipient"),
    )
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency)
    period = models.CharField(
        _("period"),
        max_length=40,
        help_text=_(
            "The day or ISO week of a digest; the notification of an immediate e-mail."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "frequency", "period"],
                name="notifications_email_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_frequency_display()} · {self.period}"


class Notification(models.Model):
    """Something that happened, told to one person."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    verb = models.CharField(_("verb"), max_length=80)
    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=200, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target type"),
    )
    target_id = models.PositiveBigIntegerField(_("target id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_title = models.CharField(_("target"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    group_key = models.CharField(_("group"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery, default=Delivery.WEEKLY
    )
    email = models.ForeignKey(
        NotificationEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("e-mail"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The header's unread count: one index-only count.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notifications_unread",
            ),
            models.Index(
                fields=["recipient", "group_key", "created_at"],
                name="notifications_by_group",
            ),
            # The digest run: notifications of a frequency not yet e-mailed.
            models.Index(
                fields=["delivery", "recipient"],
                condition=Q(email__isnull=True),
                name="notifications_to_digest",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def text(self) -> str:
        verb = find_verb(self.verb)
        values = {"actor": self.actor_name or _("Someone"), "target": self.target_title}
        if verb is None:
            return self.target_title
        return str(verb.sentence) % values


class NotificationPreference(models.Model):
    """How a person wants to be e-mailed about one kind of notification; without
    a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notifications_one_preference_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.delivery}"


class Follow(models.Model):
    """A person follows an object (an action, a practice, a debate…) or a
    theme (a vocabulary concept): the verbs registered with `to_followers`
    (or `themes`) tell them what happens to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("person"),
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("type")
    )
    target_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("target_type", "target_id")
    automatic = models.BooleanField(
        _("automatic"),
        default=False,
        help_text=_("Started by the platform (creator, responsible body)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"],
                name="notifications_follow_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["target_type", "target_id"], name="notifications_followers"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target_type_id}:{self.target_id}"


class Visit(models.Model):
    """When a person was last seen, and when their previous visit ended: the
    home page's "What's new since your last visit" shows what came after
    `previous_visit_at`. Written at most once every few minutes per person
    (`services.visit_record`, from `middleware.VisitMiddleware`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_visit",
        verbose_name=_("person"),
    )
    last_seen_at = models.DateTimeField(_("last seen at"))
    previous_visit_at = models.DateTimeField(
        _("previous visit"),
        null=True,
        blank=True,
        help_text=_("When the person was last seen before the current visit."),
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return str(self.user)
