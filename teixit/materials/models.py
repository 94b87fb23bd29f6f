"""The materials library: documents and links with versions of the file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.vocabulary.schemes import MATERIAL_TYPES, THEMES

from .storage import material_upload_to, preview_upload_to, private_storage

LANGUAGES = [
    ("ca", _("Catalan")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("other", _("Other language")),
]


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members only")
    PUBLIC = "public", _("Public")


class MaterialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Material.Status.PUBLISHED)


class Material(TimeStampedModel):
    """A document or link of the library (guide, report, template, video…)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for publication")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    kind = models.ForeignKey(
        "vocabulary.Concept",
        on_delete=models.PROTECT,
        related_name="materials_of_kind",
        limit_choices_to={"scheme__code": MATERIAL_TYPES},
        verbose_name=_("type of material"),
    )
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="materials",
        limit_choices_to={"scheme__code": THEMES},
        verbose_name=_("themes"),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=LANGUAGES, default="ca"
    )
    licence = models.CharField(
        _("licence"),
        max_length=100,
        default="CC BY 4.0",
        help_text=_("E.g. CC BY 4.0, CC BY-SA 4.0, all rights reserved."),
    )
    author_member = models.ForeignKey(
        "network.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("author member"),
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    url = HttpsURLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("For videos and online resources."),
    )
    published_on = models.DateField(_("date of the material"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials_created",
        verbose_name=_("added by"),
    )

    objects = MaterialQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at"]
        indexes = [
            # The list (page and API): published ones, newest first, walked in
            # order instead of sorting every visible material.
            models.Index(
                fields=["status", "-created_at", "-id"],
                name="material_status_created",
            ),
            # The back office's list: every material, newest first.
            models.Index(fields=["-created_at", "-id"], name="material_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("materials:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.is_published and self.visibility == Visibility.PUBLIC


class MaterialVersion(models.Model):
    """One uploaded file of a material; new uploads keep the old ones."""

    material = models.ForeignKey(
        Material,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("material"),
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"), upload_to=material_upload_to, storage=private_storage, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    preview = models.FileField(
        _("preview"),
        upload_to=preview_upload_to,
        storage=private_storage,
        blank=True,
        max_length=300,
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")
        ordering = ["material", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["material", "number"], name="material_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse_keyed(
            "materials:download", kwargs={"pk": self.material_id, "number": self.number}
        )
