"""Grants, awards and labels (seals) that give the SSE prestige (plan II.1.b),
and the entities of the register that hold a label."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.vocabulary.schemes import THEMES


class RecognitionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Recognition(TimeStampedModel):
    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        AWARD = "award", _("Award")
        LABEL = "label", _("Label")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Stable identifier, used in addresses and map filters."),
    )
    name = models.CharField(_("name"), max_length=200)
    granted_by = models.CharField(_("granted by"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    requirements = models.TextField(
        _("requirements"), blank=True, help_text=_("Markdown.")
    )
    for_entities = models.BooleanField(_("SSE entities may apply"), default=True)
    for_municipalities = models.BooleanField(
        _("municipalities may apply"), default=False
    )
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="recognitions",
        verbose_name=_("themes"),
        limit_choices_to={"scheme__code": THEMES},
    )
    opens_on = models.DateField(_("applications open"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    link = HttpsURLField(_("link"), max_length=500, blank=True)
    published = models.BooleanField(_("published"), default=True)

    objects = RecognitionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["deadline", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_keyed("recognitions:detail", kwargs={"code": self.code})


class EntityLabel(TimeStampedModel):
    """An SSE entity of the register holds a label."""

    recognition = models.ForeignKey(
        Recognition,
        on_delete=models.CASCADE,
        related_name="holders",
        verbose_name=_("label"),
        limit_choices_to={"kind": Recognition.Kind.LABEL},
    )
    entity = models.ForeignKey(
        "entities.Entity",
        on_delete=models.CASCADE,
        related_name="labels",
        verbose_name=_("SSE entity"),
    )
    year = models.PositiveSmallIntegerField(_("year obtained"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("label held")
        verbose_name_plural = _("labels held")
        ordering = ["recognition", "entity"]
        constraints = [
            models.UniqueConstraint(
                fields=["recognition", "entity"], name="recognitions_label_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity} · {self.recognition}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.recognition_id and self.recognition.kind != Recognition.Kind.LABEL:
            raise ValidationError(
                {"recognition": _("Only labels are held by entities.")}
            )
