"""Documents written together (work plan III.3.a, III.3.b, II.1.e, III.1.c): the
network's narrative, its ethical code, a fiscal position… Each goes through
stages — draft, consultation, deliberation, approved, published — and every
approval freezes a numbered version (v1, v2…)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.choices import str_columns
from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed


def split_paragraphs(text: str) -> list[str]:
    """The numbered paragraphs of a text: blocks separated by blank lines."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_public=True, versions__isnull=False).distinct()


@str_columns("title")
class Document(TimeStampedModel):
    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("Narrative")
        ETHICAL_CODE = "ethical_code", _("Ethical code")
        FISCAL_POSITION = "fiscal_position", _("Fiscal position")
        COMMUNICATION_PLAN = "communication_plan", _("Communication plan")
        ABOUT = "about", _("About us")
        OTHER = "other", _("Other document")

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Consultation")
        DELIBERATION = "deliberation", _("Deliberation")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.OTHER)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="ca"
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The document this one translates (ca, es and en are linked)."),
    )
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown. Paragraphs are separated by a blank line."),
    )
    base_text = models.TextField(
        _("text put to consultation"), blank=True, editable=False
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage, default=Stage.DRAFT
    )
    is_public = models.BooleanField(
        _("public page"),
        default=False,
        help_text=_("Once approved, shown on the network's public site."),
    )
    approving_body = models.ForeignKey(
        "network.Body",
        on_delete=models.PROTECT,
        related_name="documents_approved",
        verbose_name=_("approving body"),
        help_text=_("The body with the plan's basic lines: answers and approves."),
    )
    editing_body = models.ForeignKey(
        "network.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents_edited",
        verbose_name=_("editing body"),
        help_text=_("The executing body: writes the draft."),
    )
    action = models.ForeignKey(
        "workplans.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("work plan action"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("documents:detail", kwargs={"slug": self.slug})

    def get_public_url(self) -> str:
        return reverse("documents:public", kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.text)

    @property
    def base_paragraphs(self) -> list[str]:
        return split_paragraphs(self.base_text)

    @property
    def round(self) -> int:
        """The number the next approved version will have."""
        return self.round_after()

    def round_after(self, versions=None) -> int:
        """`round`, from `versions` (the document's approved versions, read
        already) when given, else counted."""
        return (self.versions.count() if versions is None else len(versions)) + 1

    def latest_version(self):
        return self.versions.order_by("-number").first()

    def linked_documents(self):
        """The other languages of this document (all linked to one original)."""
        root = self.translation_of or self
        ids = [root.pk, *root.translations.values_list("pk", flat=True)]
        return Document.objects.filter(pk__in=ids).exclude(pk=self.pk)


class StageChange(models.Model):
    """When a document entered a stage, and who moved it."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="stage_changes"
    )
    round = models.PositiveIntegerField(_("round"))
    stage = models.CharField(_("stage"), max_length=20, choices=Document.Stage)
    at = models.DateTimeField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_stage_display()}"


class Amendment(TimeStampedModel):
    """A member's proposal on one paragraph of the text put to consultation."""

    class Kind(models.TextChoices):
        REPLACE = "replace", _("Replace the paragraph")
        ADD = "add", _("Add a paragraph after it")
        DELETE = "delete", _("Delete the paragraph")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="amendments"
    )
    round = models.PositiveIntegerField(_("version"))
    paragraph = models.PositiveIntegerField(_("paragraph"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.TextField(_("proposed text"), blank=True)
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document_amendments",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    merged_text = models.TextField(_("merged text"), blank=True)
    reply = models.TextField(_("reply"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["round", "paragraph", "created_at", "pk"]

    def __str__(self) -> str:
        return _("Amendment to paragraph %(number)s of %(document)s") % {
            "number": self.paragraph,
            "document": self.document,
        }

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url() + f"#amendment-{self.pk}"

    @property
    def applied_text(self) -> str:
        return self.merged_text if self.status == self.Status.MERGED else self.text


class Comment(TimeStampedModel):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="comments"
    )
    round = models.PositiveIntegerField(_("version"))
    paragraph = models.PositiveIntegerField(_("paragraph"))
    body = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document_comments",
        verbose_name=_("author"),
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class Version(models.Model):
    """An approved, frozen text: v1, v2…"""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    approved_by_body = models.ForeignKey(
        "network.Body",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approved version")
        verbose_name_plural = _("approved versions")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="documents_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse_keyed(
            "documents:version",
            kwargs={"slug": self.document.slug, "number": self.number},
        )

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.text)
