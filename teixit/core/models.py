"""Abstract bases shared by every domain model."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class HideableQuerySet(models.QuerySet):
    def visible(self):
        """What every reader sees: the rows the moderators have not hidden."""
        return self.filter(hidden_at__isnull=True)


class Hideable(models.Model):
    """A message the moderators may hide, with a reason shown in its place,
    and show again: the base of `debates.Reply` and `workplans.ActionComment`.
    The fields, `visible()` and the write of both moves are written here once;
    who may moderate and the reason's check are the service's
    (`teixit.core.moderation`), which every view, the API and the admin call.

    A subclass names the permission its moderators hold
    (`moderate_permission`, asked of `moderation_object()`) and the two
    messages the service answers with (`moderation_denied`,
    `hide_reason_missing`); core imports no domain app."""

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    objects = HideableQuerySet.as_manager()

    moderate_permission: str
    moderation_denied: str
    hide_reason_missing: str

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def moderation_object(self) -> models.Model:
        """The object `moderate_permission` is asked of (the row itself)."""
        return self

    def hide(self, *, by, reason: str) -> None:
        """Hide it now, by `by`, with `reason` (cut to the field's length),
        and save those fields. Checks nothing: call the service."""
        self.hidden_at = timezone.now()
        self.hidden_by = by
        self.hidden_reason = reason[: self._meta.get_field("hidden_reason").max_length]
        self._save_moderation()

    def show(self) -> None:
        """Show it again (no trace of the hiding is kept but the history)."""
        self.hidden_at = None
        self.hidden_by = None
        self.hidden_reason = ""
        self._save_moderation()

    def _save_moderation(self) -> None:
        fields = ["hidden_at", "hidden_by", "hidden_reason"]
        if any(f.name == "updated_at" for f in self._meta.concrete_fields):
            fields.append("updated_at")
        self.save(update_fields=fields)
