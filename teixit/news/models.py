"""News of the network (work plan III.1.c, III.1.e): written by the
secretariat, public once published, with an Atom feed and tags for sharing
on social networks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.core.uploads import IMAGE_KINDS, RandomName, UploadValidator


class NewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NewsItem.Status.PUBLISHED)


class NewsItem(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), max_length=500)
    image = models.ImageField(
        _("image"),
        upload_to=RandomName("news"),
        blank=True,
        max_length=300,
        validators=[UploadValidator(IMAGE_KINDS)],
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    body = models.TextField(_("text"), help_text=_("Markdown."))
    themes = models.ManyToManyField(
        "vocabulary.Concept", blank=True, related_name="news", verbose_name=_("themes")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="ca"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("author"),
    )

    objects = NewsQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("news:detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")},
                code="alt_required",
            )
