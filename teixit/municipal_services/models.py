"""The SSE services each member runs: type (vocabulary scheme
`municipal-services`), modality, budget, staff and since when."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.vocabulary.schemes import MUNICIPAL_SERVICES

SERVICE_SCHEME = MUNICIPAL_SERVICES


class MunicipalServiceQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The services a user manages, written once: every service for the
        secretariat, their members' services for technicians."""
        from teixit.network.roles import is_secretariat, member_ids_of

        if is_secretariat(user):
            return self
        return self.filter(member_id__in=sorted(member_ids_of(user)))


class MunicipalService(TimeStampedModel):
    """One SSE service of a member."""

    class Modality(models.TextChoices):
        DIRECT = "direct", _("Run directly")
        CONTRACTED = "contracted", _("Contracted out")
        SHARED = "shared", _("Shared with other bodies")

    member = models.ForeignKey(
        "network.Member",
        on_delete=models.CASCADE,
        related_name="sse_services",
        verbose_name=_("member"),
    )
    service_type = models.ForeignKey(
        "vocabulary.Concept",
        on_delete=models.PROTECT,
        related_name="municipal_services",
        limit_choices_to={"scheme__code": SERVICE_SCHEME},
        verbose_name=_("type of service"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("The service's own name, if any."),
    )
    modality = models.CharField(
        _("how it is run"), max_length=20, choices=Modality.choices
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    budget = models.DecimalField(
        _("budget per year (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    staff_fte = models.DecimalField(
        _("staff (full-time equivalent)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    since_year = models.PositiveSmallIntegerField(
        _("running since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    partner_members = models.ManyToManyField(
        "network.Member",
        blank=True,
        related_name="shared_sse_services",
        verbose_name=_("members it is shared with"),
    )
    partner_bodies = models.TextField(
        _("other partner bodies"),
        blank=True,
        help_text=_("Contracted organisations or other bodies, one per line."),
    )

    objects = MunicipalServiceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[partner_members])

    class Meta:
        verbose_name = _("municipal SSE service")
        verbose_name_plural = _("municipal SSE services")
        ordering = ["member__name", "service_type__order", "pk"]

    def __str__(self) -> str:
        return f"{self.member} — {self.name or self.service_type}"

    def get_absolute_url(self) -> str:
        return reverse_keyed("municipal_services:detail", kwargs={"pk": self.pk})

    @property
    def partner_body_list(self) -> list[str]:
        return [
            line.strip() for line in self.partner_bodies.splitlines() if line.strip()
        ]
