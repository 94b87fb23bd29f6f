"""The register of social and solidarity economy (SSE) entities."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.storage import private_storage
from teixit.core.template_engine import reverse_keyed
from teixit.core.uploads import RandomName


class EntityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Entity.Status.PUBLISHED)

    def managed_by(self, user):
        """The scope of the register, written once: the secretariat manages
        every entity, a technician those of their members' municipalities.
        Used by the pages, the admin and the forms."""
        municipality_ids = managed_scope(user)
        if municipality_ids is None:
            return self
        return self.filter(municipality_id__in=municipality_ids)


def managed_scope(user) -> frozenset[int] | None:
    """What `EntityQuerySet.managed_by(user)` keeps: None for the whole
    register (the secretariat), else the municipalities' ids (a technician's
    members'). People with the same scope manage the same entities, so what
    is counted over it may be shared by them."""
    from teixit.network.roles import is_secretariat

    from .rules import technician_municipality_ids

    if is_secretariat(user):
        return None
    return technician_municipality_ids(user)


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The secretariat sees every import; others the ones they started."""
        from teixit.network.roles import is_secretariat

        if is_secretariat(user):
            return self
        return self.filter(created_by=user)


class Entity(TimeStampedModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=300, db_index=True)
    name_key = models.CharField(
        _("name for comparisons"),
        max_length=300,
        blank=True,
        editable=False,
        db_index=True,
    )
    legal_form = models.ForeignKey(
        "vocabulary.Concept",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entities_with_legal_form",
        verbose_name=_("legal form"),
    )
    sectors = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="entities_in_sector",
        verbose_name=_("sectors"),
    )
    criteria = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="entities_meeting_criterion",
        verbose_name=_("SSE criteria met"),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    tax_id = models.CharField(
        _("tax ID (NIF/CIF)"), max_length=9, blank=True, db_index=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        "territories.Municipality",
        on_delete=models.PROTECT,
        related_name="entities",
        verbose_name=_("municipality"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_approximate = models.BooleanField(
        _("approximate location"),
        default=True,
        help_text=_(
            "Shown at the municipality's centroid because no coordinates were given."
        ),
    )
    website = HttpsURLField(_("website"), max_length=500, blank=True)
    website_public = models.BooleanField(_("website is public"), default=True)
    email = models.EmailField(_("e-mail"), blank=True)
    email_public = models.BooleanField(_("e-mail is public"), default=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_public = models.BooleanField(_("phone is public"), default=False)
    other_contacts = models.JSONField(
        _("other contacts"),
        default=dict,
        blank=True,
        help_text=_(
            "Further web addresses, e-mails and phones of a source that gave "
            "several in one column; the first of each is in its own field."
        ),
    )
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True
    )
    workers_total = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    workers_women = models.PositiveIntegerField(
        _("women workers"), null=True, blank=True
    )
    members_count = models.PositiveIntegerField(_("members"), null=True, blank=True)
    social_balance_year = models.PositiveSmallIntegerField(
        _("social balance done (year)"), null=True, blank=True
    )
    source_batch = models.ForeignKey(
        "entities.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entities",
        verbose_name=_("import batch"),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_(
            "Name of the imported list this entity came from; empty for entities entered by people."
        ),
    )
    source_key = models.CharField(
        _("key in its source"), max_length=200, blank=True, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_entities",
        verbose_name=_("proposed by"),
    )
    proposer_name = models.CharField(_("proposer's name"), max_length=200, blank=True)
    proposer_email = models.EmailField(_("proposer's e-mail"), blank=True)
    external_ids = models.JSONField(_("external IDs"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PROPOSED,
        db_index=True,
    )
    last_verified_on = models.DateField(_("last verified"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
        help_text=_("Set when this entity was a duplicate merged into another one."),
    )

    objects = EntityQuerySet.as_manager()
    # The history is read by entity (`id`) and date; the copies of the
    # entity's own indexes would only slow every write (imports write one
    # history row per entity).
    history = HistoricalRecords(
        m2m_fields=[sectors, criteria],
        no_db_index=[
            "name",
            "name_key",
            "legal_form",
            "tax_id",
            "municipality",
            "source_batch",
            "source_key",
            "proposed_by",
            "status",
            "merged_into",
        ],
    )

    class Meta:
        verbose_name = _("SSE entity")
        verbose_name_plural = _("SSE entities")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "municipality"]),
            # The pages of the public list (ordered by name, then id): by
            # municipality, all published, and by a box of coordinates.
            models.Index(
                fields=["municipality", "status", "name", "id"],
                name="entity_municipality_page",
            ),
            models.Index(fields=["status", "name", "id"], name="entity_status_page"),
            # A box: the band of latitudes read from this index alone, the
            # longitude, status and name of each row in it (no row read from
            # the table before the page's are chosen).
            models.Index(
                fields=["latitude", "longitude", "status", "name", "id"],
                name="entity_coordinates_page",
            ),
            # The unverified list (`selectors.entity_list_unverified`) walks
            # this in its order and stops at its page, instead of sorting
            # the stale part of the register on every request.
            models.Index(fields=["status", "last_verified_on", "name"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"],
                condition=~models.Q(source_key=""),
                name="entity_unique_source_key",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_keyed("entities:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        from .names import normalise_name
        from .validation import (
            entity_values_errors,
            location_errors,
            location_is_approximate,
        )
        from .validators import validate_tax_id

        self.name_key = normalise_name(self.name)
        self.location_approximate = location_is_approximate(
            self.latitude, self.longitude
        )
        errors = entity_values_errors(
            {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}
        )
        if "longitude" not in errors:
            location = location_errors(
                municipality_id=self.municipality_id,
                postcode=self.postcode,
                latitude=self.latitude,
                longitude=self.longitude,
            )
            if location:
                errors["municipality"] = location
        if self.tax_id:
            try:
                self.tax_id = validate_tax_id(self.tax_id)
            except ValidationError as exc:
                errors["tax_id"] = exc.messages
        if errors:
            raise ValidationError(errors)

    @property
    def point(self) -> tuple[float, float] | None:
        """(longitude, latitude) to show: its own, or its municipality's centroid."""
        if self.latitude is not None and self.longitude is not None:
            return (self.longitude, self.latitude)
        m = self.municipality
        if m.latitude is not None and m.longitude is not None:
            return (m.longitude, m.latitude)
        return None

    @property
    def public_contact(self) -> dict[str, str]:
        """Only the contact fields marked public (what may leave the platform)."""
        return {
            "website": self.website if self.website_public else "",
            "email": self.email if self.email_public else "",
            "phone": self.phone if self.phone_public else "",
        }


class ImportBatch(TimeStampedModel):
    """One import of a file of entities: its source, mapping, outcome and report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")

    source_name = models.CharField(_("source"), max_length=200)
    # Private: an uploaded list may hold personal data; random folder names.
    file = models.FileField(
        _("file"),
        upload_to=RandomName("imports/entities"),
        storage=private_storage,
        blank=True,
        max_length=300,
    )
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveIntegerField(_("rows processed"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entity_imports",
        verbose_name=_("created by"),
    )

    dry_run = models.BooleanField(_("dry run"), default=False)
    valid_only = models.BooleanField(_("import only the valid rows"), default=False)

    objects = ImportBatchQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.source_name

    def get_absolute_url(self) -> str:
        return reverse_keyed("entities:import_detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in (self.Status.DONE, self.Status.REFUSED) else 0
        return min(100, round(100 * self.progress / self.total_rows))

    @property
    def is_finished(self) -> bool:
        return self.status in (
            self.Status.DONE,
            self.Status.REFUSED,
            self.Status.FAILED,
        )


class SavedMapping(TimeStampedModel):
    """A reusable column mapping: which column of a file fills which field."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    mapping = models.JSONField(
        _("mapping"),
        default=dict,
        help_text=_("Field name → column name, plus options such as the source name."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entity_mappings",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("saved column mapping")
        verbose_name_plural = _("saved column mappings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegisterStamp(models.Model):
    """One row whose `stamp` database triggers change on every write that can
    change what the public list of entities answers (teixit/entities/database.py):
    a cache key for the list's counts (`selectors.register_stamp`). Written by
    Python only through `services.register_stamp_renew` (for tables derived
    from the register and written after its commit: the map's)."""

    stamp = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.stamp)
