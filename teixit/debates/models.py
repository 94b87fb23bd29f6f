from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.models import Hideable, ReadingSpace, TimeStampedModel
from teixit.core.template_engine import reverse_keyed


class SpaceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Space.Visibility.PUBLIC)


class Space(ReadingSpace):
    """Where debates happen: a commission, a theme or the whole network, with
    who may read (and so take part)."""

    objects = SpaceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(ReadingSpace.Meta):
        verbose_name = _("debate space")
        verbose_name_plural = _("debate spaces")

    def get_absolute_url(self) -> str:
        return reverse_keyed("debates:space", kwargs={"slug": self.slug})


class Debate(TimeStampedModel):
    """A thread: a title, a Markdown body and replies, in a space, attached
    to an object (a service model, an action, a practice…) or standing alone.
    Closed with conclusions, which are shown at the top, on the attached
    object's page and in the assembly report."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="debates", verbose_name=_("space")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="debates",
        verbose_name=_("author"),
    )
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attached to (type)"),
    )
    target_id = models.PositiveBigIntegerField(
        _("attached to (id)"), null=True, blank=True
    )
    target = GenericForeignKey("target_type", "target_id")
    target_title = models.CharField(_("attached to"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    agreements = models.ManyToManyField(
        "workplans.Action",
        blank=True,
        related_name="debate_agreements",
        verbose_name=_("plan actions of the agreements"),
    )
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)

    history = HistoricalRecords(excluded_fields=["last_activity_at", "reply_count"])

    class Meta:
        verbose_name = _("debate")
        verbose_name_plural = _("debates")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="debates_by_target"),
            models.Index(
                fields=["space", "-last_activity_at"], name="debates_by_space"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("debates:detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Reply(Hideable):
    """A message in a debate; `parent` gives one level of threading. The
    moderators (the secretariat) hide it with a reason (`Hideable`)."""

    debate = models.ForeignKey(
        Debate,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("debate"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("in answer to"),
    )
    quote = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted reply"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="debate_replies",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), help_text=_("Markdown."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(
        _("edited at"),
        null=True,
        blank=True,
        help_text=_("Set when the reply was changed after the grace period."),
    )

    history = HistoricalRecords()

    moderate_permission = "debates.moderate_debate"
    moderation_denied = _("Only moderators can hide replies.")
    hide_reason_missing = _("Say why the reply is hidden.")

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["debate", "created_at"], name="debates_replies_by_time"
            ),
            models.Index(
                fields=["author", "created_at"], name="debates_replies_by_author"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.debate}"

    def get_absolute_url(self) -> str:
        return f"{self.debate.get_absolute_url()}#reply-{self.pk}"

    def moderation_object(self) -> Debate:
        return self.debate


class ReplyRevision(models.Model):
    """A reply's earlier text, kept when it is edited after the grace period."""

    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("reply"),
    )
    body = models.TextField(_("text"))
    written_at = models.DateTimeField(_("written at"))
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.reply_id} · {self.replaced_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    return f"private/debates/{instance.debate_id}/{filename}"


class Attachment(models.Model):
    """A file of a debate or a reply (the materials' upload checks)."""

    debate = models.ForeignKey(
        Debate,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("debate"),
    )
    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("reply"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse_keyed(
            "debates:attachment",
            kwargs={"pk": self.debate_id, "attachment_pk": self.pk},
        )


class Report(models.Model):
    """Someone reported a debate or a reply to the moderators."""

    debate = models.ForeignKey(
        Debate,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("debate"),
    )
    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reply"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "reply"],
                condition=Q(reply__isnull=False),
                name="debates_report_reply_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "debate"],
                condition=Q(reply__isnull=True),
                name="debates_report_debate_once",
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class DebateVisit(models.Model):
    """When a person last read a debate: what is newer is unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "debate"], name="debates_visit_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.debate_id}"
