"""Public funding lines and calls for the SSE, and the overlaps between them
that the commission has marked as resolved (docs/funding.md)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed

THEME_SCHEME = "themes"


class FundingLine(TimeStampedModel):
    """A public funding line or call: who funds, what for, for whom, where and
    when. Its territory is kept expanded in `areas` (FundingLineArea) and its
    eligible beneficiaries in `beneficiary_rows`, so that overlaps are found by
    the database (teixit.funding.overlaps)."""

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COMARCA = "comarca", _("Comarca council")
        PROVINCE = "province", _("Provincial council")
        GENERALITAT = "generalitat", _("Generalitat de Catalunya")
        STATE = "state", _("State")
        EU = "eu", _("European Union")

    class Beneficiary(models.TextChoices):
        COOPERATIVES = "cooperatives", _("Cooperatives")
        ASSOCIATIONS = "associations", _("Associations")
        FOUNDATIONS = "foundations", _("Foundations")
        INSERTION = "insertion", _("Work-insertion companies and special work centres")
        LABOUR_COMPANIES = "labour_companies", _("Worker-owned companies")
        SELF_EMPLOYED = "self_employed", _("Self-employed people")
        INFORMAL_GROUPS = "informal_groups", _("Informal groups and new projects")
        NETWORKS = "networks", _("SSE networks and federations")
        MUNICIPALITIES = "municipalities", _("Municipalities and local bodies")

    title = models.CharField(_("title"), max_length=250)
    level = models.CharField(
        _("level of administration"), max_length=20, choices=Level.choices
    )
    administration = models.CharField(
        _("administration"),
        max_length=200,
        help_text=_("The body that funds, e.g. “Diputació de Barcelona”."),
    )
    programme = models.CharField(_("programme"), max_length=250, blank=True)
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("Markdown."))
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        related_name="funding_lines",
        limit_choices_to={"scheme__code": THEME_SCHEME},
        verbose_name=_("themes"),
    )
    whole_catalonia = models.BooleanField(
        _("all of Catalonia"),
        default=False,
        help_text=_("The line is open to the whole of Catalonia."),
    )
    provinces = models.ManyToManyField(
        "territories.Province",
        blank=True,
        related_name="funding_lines",
        verbose_name=_("provinces"),
    )
    comarques = models.ManyToManyField(
        "territories.Comarca",
        blank=True,
        related_name="funding_lines",
        verbose_name=_("comarques"),
    )
    municipalities = models.ManyToManyField(
        "territories.Municipality",
        blank=True,
        related_name="funding_lines",
        verbose_name=_("municipalities"),
    )
    opens_on = models.DateField(_("applications open"), null=True, blank=True)
    closes_on = models.DateField(_("applications close"), null=True, blank=True)
    execution_start = models.DateField(_("execution starts"))
    execution_end = models.DateField(_("execution ends"))
    budget = models.DecimalField(
        _("budget (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_per_beneficiary = models.DecimalField(
        _("maximum per beneficiary (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    link = HttpsURLField(_("link"), blank=True)
    documents = models.TextField(
        _("documents"),
        blank=True,
        help_text=_("Addresses of the rules, forms and resolutions, one per line."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords(
        m2m_fields=[themes, provinces, comarques, municipalities]
    )

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["-execution_start", "title", "pk"]
        indexes = [models.Index(fields=["execution_start", "execution_end"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("funding:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if (
            self.execution_start
            and self.execution_end
            and self.execution_end < self.execution_start
        ):
            errors["execution_end"] = _("The execution ends before it starts.")
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("Applications close before they open.")
        if (
            self.budget is not None
            and self.max_per_beneficiary is not None
            and self.max_per_beneficiary > self.budget
        ):
            errors["max_per_beneficiary"] = _(
                "The maximum per beneficiary is larger than the budget."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]

    @property
    def beneficiaries(self) -> list[str]:
        """The eligible beneficiaries' codes, in the choices' order."""
        kinds = {row.kind for row in self.beneficiary_rows.all()}
        return [code for code, _label in self.Beneficiary.choices if code in kinds]

    @property
    def beneficiary_labels(self) -> list[str]:
        labels = dict(self.Beneficiary.choices)
        return [str(labels[code]) for code in self.beneficiaries]


class FundingLineBeneficiary(models.Model):
    """One kind of beneficiary eligible for a line (a row, so that the database
    can intersect them)."""

    line = models.ForeignKey(
        FundingLine, on_delete=models.CASCADE, related_name="beneficiary_rows"
    )
    kind = models.CharField(
        _("beneficiary"), max_length=30, choices=FundingLine.Beneficiary.choices
    )

    class Meta:
        verbose_name = _("eligible beneficiary")
        verbose_name_plural = _("eligible beneficiaries")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "kind"], name="funding_beneficiary_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "line"])]

    def __str__(self) -> str:
        return self.get_kind_display()


class FundingLineArea(models.Model):
    """The line's territory, expanded: a whole comarca (municipality empty) or
    one municipality of a comarca. Written by the services from the line's
    provinces, comarques, municipalities and `whole_catalonia`; never edited."""

    line = models.ForeignKey(
        FundingLine, on_delete=models.CASCADE, related_name="areas"
    )
    comarca = models.ForeignKey(
        "territories.Comarca", on_delete=models.CASCADE, related_name="+"
    )
    municipality = models.ForeignKey(
        "territories.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("area of a funding line")
        verbose_name_plural = _("areas of funding lines")
        indexes = [
            models.Index(fields=["comarca", "municipality", "line"]),
            models.Index(fields=["municipality", "line"]),
        ]

    def __str__(self) -> str:
        return str(self.municipality_id or self.comarca_id)


class OverlapResolution(TimeStampedModel):
    """The commission has dealt with the overlap of two lines (coordinated them,
    or judged them complementary). `line_a` has the smaller pk."""

    line_a = models.ForeignKey(
        FundingLine, on_delete=models.CASCADE, related_name="+", verbose_name=_("line")
    )
    line_b = models.ForeignKey(
        FundingLine,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("other line"),
    )
    note = models.TextField(_("how it was resolved"))
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("resolved overlap")
        verbose_name_plural = _("resolved overlaps")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["line_a", "line_b"], name="funding_resolution_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(line_a__lt=models.F("line_b")),
                name="funding_resolution_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_a_id} ↔ {self.line_b_id}"
