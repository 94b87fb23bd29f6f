"""Abstract bases shared by every domain model."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change timestamps."""

    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class ReadingSpace(TimeStampedModel):
    """A space whose readers its `visibility` chooses: the whole network, or
    the members of one body (then `body` is required, in `clean` and in the
    database). The base of `debates.Space` and `wiki.WikiSpace`; the body and
    the theme are named by string, so core imports neither app."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("The whole network")
        COMMISSION = "commission", _("A commission")
        THEME = "theme", _("A theme")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone may read")
        MEMBERS = "members", _("Network members (technicians and bodies)")
        BODY = "body", _("The members of one body")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.NETWORK
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility, default=Visibility.MEMBERS
    )
    body = models.ForeignKey(
        "network.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(app_label)s_spaces",
        verbose_name=_("body"),
        help_text=_("The commission whose space it is; required for body visibility."),
    )
    theme = models.ForeignKey(
        "vocabulary.Concept",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(app_label)s_spaces",
        verbose_name=_("theme"),
    )

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(visibility="body") | models.Q(body__isnull=False),
                name="%(app_label)s_body_space_has_body",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.visibility == self.Visibility.BODY and not self.body_id:
            raise ValidationError(
                {"body": _("Choose the body whose members may read this space.")},
                code="body_required",
            )
