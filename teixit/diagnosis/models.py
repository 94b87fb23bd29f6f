"""Baseline diagnosis of each member's SSE and the indicators kept per year.

- Methodology → MethodologyVersion → Section → Question: the versioned
  questionnaire. A published version is frozen; changing it means creating a
  new version (services.methodology_version_new).
- Diagnosis (one per member and year) → Answer (one per question of the
  version it answers) and DiagnosisDocument (attached files).
- IndicatorValue: yearly snapshots of the indicators (definitions live in
  code, in indicators.py) per territory.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.models import TimeStampedModel
from teixit.core.storage import private_storage
from teixit.core.template_engine import reverse_keyed
from teixit.core.uploads import UploadValidator, safe_filename


class Methodology(TimeStampedModel):
    """A questionnaire for a municipal SSE baseline, kept as successive versions."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        default="ca",
        help_text=_("Language the questionnaire is written in."),
    )
    is_default = models.BooleanField(
        _("default methodology"),
        default=False,
        help_text=_("New diagnoses answer its published version."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def published_version(self):
        return (
            self.versions.filter(status=MethodologyVersion.Status.PUBLISHED)
            .order_by("-number")
            .first()
        )


class MethodologyVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("methodology"),
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    notes = models.TextField(_("changes in this version"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name=_("based on"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("methodology version")
        verbose_name_plural = _("methodology versions")
        ordering = ["methodology", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "number"], name="diagnosis_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return _("%(methodology)s, version %(number)s") % {
            "methodology": self.methodology,
            "number": self.number,
        }

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def questions(self):
        return (
            Question.objects.filter(section__version=self)
            .select_related("section")
            .order_by("section__order", "section__pk", "order", "pk")
        )


class Section(TimeStampedModel):
    version = models.ForeignKey(
        MethodologyVersion,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("version"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(TimeStampedModel):
    class Type(models.TextChoices):
        NUMBER = "number", _("Number with unit")
        MONEY = "money", _("Amount of money (€)")
        YES_NO = "yes_no", _("Yes / no")
        SINGLE = "single_choice", _("Single choice")
        MULTIPLE = "multiple_choice", _("Multiple choice")
        SCALE = "scale", _("Scale")
        TEXT = "text", _("Text")
        FILE = "file", _("File")

    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("section"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=64,
        help_text=_(
            "Stable identifier kept across versions; indicators refer to questions by code."
        ),
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.TEXT
    )
    unit = models.CharField(
        _("unit"),
        max_length=50,
        blank=True,
        help_text=_("For numbers: people, %, hours…"),
    )
    required = models.BooleanField(_("required"), default=False)
    min_value = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    choices = models.TextField(
        _("options"),
        blank=True,
        help_text=_("For choice questions: one option per line, as “code: label”."),
    )
    scale_min = models.PositiveSmallIntegerField(_("scale from"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("scale to"), default=5)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[tuple[str, str]]:
        options = []
        for line in self.choices.splitlines():
            line = line.strip()
            if not line:
                continue
            code, sep, label = line.partition(":")
            options.append((code.strip(), label.strip() if sep else code.strip()))
        return options

    @property
    def field_name(self) -> str:
        return f"q_{self.code}"


class Diagnosis(TimeStampedModel):
    """The SSE baseline of one member for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Network members only")
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private (its member and the secretariat)")

    member = models.ForeignKey(
        "network.Member",
        on_delete=models.PROTECT,
        related_name="diagnoses",
        verbose_name=_("member"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.ForeignKey(
        MethodologyVersion,
        on_delete=models.PROTECT,
        related_name="diagnoses",
        verbose_name=_("version answered"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    summary = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        ordering = ["-year", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], name="diagnosis_unique_member_year"
            )
        ]

    def __str__(self) -> str:
        return _("%(member)s, %(year)s") % {"member": self.member, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse_keyed("diagnosis:diagnosis_detail", kwargs={"pk": self.pk})


# Files of a diagnosis: private storage (served by permission-checked views),
# in folders with random names, content checked like every upload.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_KINDS = frozenset(
    {"pdf", "odt", "ods", "docx", "xlsx", "csv", "text", "png", "jpeg"}
)


def _answer_upload_to(instance, filename: str) -> str:
    return f"diagnosis/{instance.diagnosis_id}/answers/{uuid.uuid4().hex}/{safe_filename(filename)}"


def _document_upload_to(instance, filename: str) -> str:
    return f"diagnosis/{instance.diagnosis_id}/documents/{uuid.uuid4().hex}/{safe_filename(filename)}"


class Answer(TimeStampedModel):
    diagnosis = models.ForeignKey(
        Diagnosis,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("diagnosis"),
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("question"),
    )
    value = models.JSONField(_("value"), null=True, blank=True)
    value_number = models.DecimalField(
        _("numeric value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    file = models.FileField(
        _("file"),
        upload_to=_answer_upload_to,
        storage=private_storage,
        blank=True,
        max_length=300,
        validators=[UploadValidator(UPLOAD_KINDS, MAX_UPLOAD_BYTES)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["diagnosis", "question"],
                name="diagnosis_answer_unique_question",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"


class DiagnosisDocument(TimeStampedModel):
    diagnosis = models.ForeignKey(
        Diagnosis,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("diagnosis"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=_document_upload_to,
        storage=private_storage,
        max_length=300,
        validators=[UploadValidator(UPLOAD_KINDS, MAX_UPLOAD_BYTES)],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnosis document")
        verbose_name_plural = _("diagnosis documents")
        ordering = ["diagnosis", "title"]

    def __str__(self) -> str:
        return self.title


class IndicatorValue(models.Model):
    """The value of one indicator for one territory in one year (a snapshot row)."""

    class TerritoryType(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COMARCA = "comarca", _("Comarca")
        NETWORK = "network", _("Network")

    indicator = models.CharField(_("indicator"), max_length=64)
    breakdown = models.CharField(
        _("breakdown"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Concept code for split indicators."),
    )
    territory_type = models.CharField(
        _("territory type"), max_length=20, choices=TerritoryType.choices
    )
    territory_code = models.CharField(_("territory code"), max_length=20)
    territory_name = models.CharField(_("territory name"), max_length=200)
    municipality = models.ForeignKey(
        "territories.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    comarca_code = models.CharField(_("comarca code"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year", "territory_type", "territory_code"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator",
                    "breakdown",
                    "territory_type",
                    "territory_code",
                    "year",
                ],
                name="diagnosis_indicator_value_unique",
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "year", "territory_type"]),
            models.Index(fields=["territory_code", "indicator"]),
            # The API's list of values (`selectors.indicator_values`) in its
            # order: a page is read in order, not sorted out of every value.
            models.Index(
                fields=[
                    "indicator",
                    "breakdown",
                    "year",
                    "territory_type",
                    "territory_code",
                ],
                name="indicator_value_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.territory_code} {self.year}: {self.value}"


class IndicatorValuesStamp(models.Model):
    """One row, changed in the same transaction as every write of indicator
    values (`services._snapshot_write`): what `reports.data_version()` reads to
    key the caches built from the values, one row whatever their number (the
    count and latest time of the values table took ~80 ms at network scale).
    The time makes a restored database's version the one its values had."""

    version = models.PositiveBigIntegerField(_("version"), default=0)
    written_at = models.DateTimeField(_("written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator values stamp")
        verbose_name_plural = _("indicator values stamps")

    def __str__(self) -> str:
        return f"{self.version} ({self.written_at})"
