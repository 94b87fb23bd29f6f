"""The intranet's wiki (work plan III.1.d): Markdown pages linked with
`[[Page name]]`, in a tree of spaces (the network, each commission, each
theme) read by network members or by one body, with the full history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.models import ReadingSpace
from teixit.core.template_engine import reverse_keyed
from teixit.core.uploads import DOCUMENT_KINDS, RandomName, UploadValidator


class WikiSpace(ReadingSpace):
    """A branch of the wiki's tree; the wiki is never public, so its spaces
    are read by the network's people or by one body."""

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Network members (technicians and bodies)")
        BODY = "body", _("The members of one body")

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent space"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility, default=Visibility.MEMBERS
    )

    history = HistoricalRecords()

    class Meta(ReadingSpace.Meta):
        verbose_name = _("wiki space")
        verbose_name_plural = _("wiki spaces")

    def get_absolute_url(self) -> str:
        return reverse_keyed("wiki:space", kwargs={"space": self.slug})


class Page(models.Model):
    space = models.ForeignKey(
        WikiSpace,
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("space"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last edited at"), null=True, blank=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        ordering = ["space", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "slug"], name="wiki_page_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed(
            "wiki:page", kwargs={"space": self.space.slug, "slug": self.slug}
        )


class Revision(models.Model):
    """One saved state of a page: who changed what, when."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    summary = models.CharField(_("summary of the change"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wiki_revisions",
        verbose_name=_("author"),
    )
    reverted_from = models.PositiveIntegerField(_("revert to"), null=True, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("wiki revision")
        verbose_name_plural = _("wiki revisions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="wiki_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} #{self.number}"


class Attachment(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"),
        upload_to=RandomName("wiki"),
        max_length=300,
        validators=[UploadValidator(DOCUMENT_KINDS)],
    )
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("wiki attachment")
        verbose_name_plural = _("wiki attachments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
