"""The competence profile of the SSE technician (maintained by the
secretariat) and private self-assessments against it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed

LEVELS = [
    (1, _("1 — Initial")),
    (2, _("2 — Basic")),
    (3, _("3 — Advanced")),
    (4, _("4 — Expert")),
]
level_validators = [MinValueValidator(1), MaxValueValidator(4)]


class CompetenceProfile(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    is_default = models.BooleanField(
        _("default profile"),
        default=False,
        help_text=_("The profile shown and used for self-assessments."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence profile")
        verbose_name_plural = _("competence profiles")
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_keyed("competences:profile")


class ProfileRole(models.Model):
    """A role the technician plays (e.g. promoter, facilitator)."""

    profile = models.ForeignKey(
        CompetenceProfile,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("profile"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ProfileFunction(models.Model):
    """A function (task area) of the technician, within a role."""

    profile = models.ForeignKey(
        CompetenceProfile,
        on_delete=models.CASCADE,
        related_name="functions",
        verbose_name=_("profile"),
    )
    role = models.ForeignKey(
        ProfileRole,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="functions",
        verbose_name=_("role"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Competence(models.Model):
    profile = models.ForeignKey(
        CompetenceProfile,
        on_delete=models.CASCADE,
        related_name="competences",
        verbose_name=_("profile"),
    )
    function = models.ForeignKey(
        ProfileFunction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competences",
        verbose_name=_("function"),
    )
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    target_level = models.PositiveSmallIntegerField(
        _("target level"), choices=LEVELS, default=3, validators=level_validators
    )
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="competences",
        verbose_name=_("themes"),
        help_text=_(
            "Used to suggest trainings and experts that cover this competence."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "code"], name="competence_unique_code_in_profile"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LevelDescriptor(models.Model):
    """What a level of a competence looks like in practice."""

    competence = models.ForeignKey(
        Competence,
        on_delete=models.CASCADE,
        related_name="descriptors",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=level_validators
    )
    text = models.TextField(_("descriptor"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        ordering = ["competence", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["competence", "level"], name="descriptor_unique_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competence} — {self.level}"


class SelfAssessment(TimeStampedModel):
    """A person's private self-assessment against a profile. Only that person
    sees it: it has no admin page and no change history (the secretariat sees
    anonymous counts at most)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("person"),
    )
    profile = models.ForeignKey(
        CompetenceProfile,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("profile"),
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "profile"], name="self_assessment_unique_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} ({self.pk})"


class SelfAssessmentRating(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("self-assessment"),
    )
    competence = models.ForeignKey(
        Competence,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=level_validators
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competence"], name="rating_unique_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competence}: {self.level}"
