"""The bank of practices: what members did, how it went (successes,
partial results and failures alike) and what others can learn from it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.materials.storage import practice_document_upload_to, private_storage
from teixit.vocabulary.schemes import THEMES

LANGUAGES = [
    ("ca", _("Catalan")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("other", _("Other language")),
]


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)


class Practice(TimeStampedModel):
    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        PARTIAL = "partial", _("Partial success")
        FAILURE = "failure", _("Failure")

    class Scope(models.TextChoices):
        LOCAL = "local", _("Local")
        NATIONAL = "national", _("National")
        INTERNATIONAL = "international", _("International")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        RETURNED = "returned", _("Sent back")
        PUBLISHED = "published", _("Published")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Members only")
        PUBLIC = "public", _("Public")

    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences."))
    context = models.TextField(_("context"), blank=True, help_text=_("Markdown."))
    actions = models.TextField(_("what was done"), blank=True, help_text=_("Markdown."))
    resources = models.TextField(
        _("resources and budget"), blank=True, help_text=_("Markdown.")
    )
    budget = models.DecimalField(
        _("budget (euros)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    results = models.TextField(
        _("results and evidence"),
        blank=True,
        help_text=_("Markdown. Figures, evaluations, sources."),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    enabling_factors = models.TextField(
        _("enabling factors"), blank=True, help_text=_("Markdown.")
    )
    difficulties = models.TextField(
        _("difficulties"), blank=True, help_text=_("Markdown.")
    )
    lessons = models.TextField(
        _("lessons learned"), blank=True, help_text=_("Markdown.")
    )
    transferability = models.TextField(
        _("transferability"), blank=True, help_text=_("Markdown.")
    )
    scope = models.CharField(
        _("scope"), max_length=15, choices=Scope.choices, default=Scope.LOCAL
    )
    member = models.ForeignKey(
        "network.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("member"),
        help_text=_("The member where it happened, if it is one."),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("When it is not a member.")
    )
    country = models.CharField(_("country"), max_length=100, blank=True)
    start_on = models.DateField(_("start date"), null=True, blank=True)
    end_on = models.DateField(_("end date"), null=True, blank=True)
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="practices",
        limit_choices_to={"scheme__code": THEMES},
        verbose_name=_("themes"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    replicated_in = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        verbose_name=_("replicated in"),
        help_text=_(
            "Other practices of the bank that replicate this one (the link goes both ways)."
        ),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=LANGUAGES, default="ca"
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices_written",
        verbose_name=_("author"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = PracticeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "visibility"], name="practice_status_vis"),
            # The list and the home page: published ones, newest first.
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="practice_status_published",
            ),
            # The back office's list: every practice in the model's order
            # (Django adds -id), walked in order instead of sorting the bank.
            models.Index(
                fields=["-published_at", "-created_at", "-id"],
                name="practice_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("practices:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError(
                {
                    "end_on": ValidationError(
                        _("The end date is before the start date."),
                        code="end_before_start",
                    )
                }
            )

    @property
    def is_editable_by_author(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def territory_label(self) -> str:
        if self.member_id:
            return str(self.member)
        return ", ".join(part for part in (self.place, self.country) if part)


class PracticeDocument(models.Model):
    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("practice"),
    )
    title = models.CharField(_("title"), max_length=250, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=practice_document_upload_to,
        storage=private_storage,
        max_length=300,
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("practice document")
        verbose_name_plural = _("practice documents")
        ordering = ["practice", "uploaded_at"]

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return reverse_keyed(
            "practices:document",
            kwargs={"pk": self.practice_id, "document_pk": self.pk},
        )


class PracticeLink(models.Model):
    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("practice"),
    )
    url = HttpsURLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("practice link")
        verbose_name_plural = _("practice links")
        ordering = ["practice", "id"]

    def __str__(self) -> str:
        return self.title or self.url
