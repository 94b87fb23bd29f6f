"""The register of unmet needs and the social market's supplier marks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.vocabulary.schemes import SECTORS, THEMES


class Need(TimeStampedModel):
    """A need of the territory that the SSE does not cover (plan I.1.c)."""

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised")
        CONFIRMED = "confirmed", _("Confirmed")
        ANSWERING = "answering", _("Being answered")
        COVERED = "covered", _("Covered")
        DROPPED = "dropped", _("Dropped")

    class Origin(models.TextChoices):
        MEMBER = "member", _("A member")
        DIAGNOSIS = "diagnosis", _("A diagnosis answer")
        DEBATE = "debate", _("A debate")
        EVENT = "event", _("An event")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown."))
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="needs_in_theme",
        verbose_name=_("themes"),
        limit_choices_to={"scheme__code": THEMES},
    )
    sectors = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="needs_in_sector",
        verbose_name=_("sectors"),
        limit_choices_to={"scheme__code": SECTORS},
        help_text=_("The SSE entities of these sectors could answer the need."),
    )
    municipalities = models.ManyToManyField(
        "territories.Municipality",
        blank=True,
        related_name="needs",
        verbose_name=_("municipalities"),
    )
    comarques = models.ManyToManyField(
        "territories.Comarca",
        blank=True,
        related_name="needs",
        verbose_name=_("comarques"),
    )
    origin = models.CharField(
        _("raised by"), max_length=20, choices=Origin.choices, default=Origin.MEMBER
    )
    member = models.ForeignKey(
        "network.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("member"),
    )
    diagnosis_answer = models.ForeignKey(
        "diagnosis.Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="need_proposals",
        verbose_name=_("diagnosis answer"),
    )
    origin_link = models.CharField(
        _("debate or event"),
        max_length=500,
        blank=True,
        help_text=_("Address of the debate or event where the need was raised."),
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("Reports and materials that show the need (Markdown, links)."),
    )
    materials = models.ManyToManyField(
        "materials.Material",
        blank=True,
        related_name="needs",
        verbose_name=_("materials"),
    )
    population_affected = models.PositiveIntegerField(
        _("people affected"), null=True, blank=True
    )
    population_description = models.CharField(
        _("population affected"), max_length=300, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.RAISED,
        db_index=True,
    )
    status_note = models.CharField(_("note on the status"), max_length=500, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_raised",
        verbose_name=_("raised by"),
    )

    history = HistoricalRecords(m2m_fields=[themes, sectors, municipalities, comarques])

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("needs:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


PUBLIC_STATUSES = (
    Need.Status.CONFIRMED,
    Need.Status.ANSWERING,
    Need.Status.COVERED,
)


class SupplierMark(TimeStampedModel):
    """What the network did with an entity matched to a need."""

    class State(models.TextChoices):
        CONTACTED = "contacted", _("Contacted")
        SUPPLYING = "supplying", _("Supplying")
        NOT_SUITABLE = "not_suitable", _("Not suitable")

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="marks", verbose_name=_("need")
    )
    entity = models.ForeignKey(
        "entities.Entity",
        on_delete=models.CASCADE,
        related_name="need_marks",
        verbose_name=_("SSE entity"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supplier mark")
        verbose_name_plural = _("supplier marks")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "entity"], name="needs_mark_unique_entity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} · {self.entity}: {self.get_state_display()}"
