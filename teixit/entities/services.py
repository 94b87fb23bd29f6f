"""Writes on the register of SSE entities.

Domain rules owned here:
- an entity without coordinates sits at its municipality's centroid and is
  marked approximate;
- the tax ID is validated and normalised by `validators.validate_tax_id`;
- the public proposes (status `proposed`); technicians of the entity's
  municipality and the secretariat create, edit, publish, archive, verify and
  merge (permission checks happen in the callers through `user.has_perm`,
  and again here for the actions with an `actor`);
- likely duplicates: same tax ID anywhere, or a similar normalised name in the
  same municipality;
- a merge keeps both histories: the duplicate is archived with `merged_into`,
  the kept entity receives the union of sectors and criteria and the fields it
  lacked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signals
from .models import Entity, ImportBatch, SavedMapping
from .names import names_are_similar, normalise_name
from .validation import location_is_approximate

EDITABLE_FIELDS = [
    "name",
    "legal_form",
    "description",
    "tax_id",
    "address",
    "postcode",
    "municipality",
    "latitude",
    "longitude",
    "website",
    "website_public",
    "email",
    "email_public",
    "phone",
    "phone_public",
    "other_contacts",
    "year_founded",
    "workers_total",
    "workers_women",
    "members_count",
    "social_balance_year",
    "external_ids",
    "last_verified_on",
]
M2M_FIELDS = ["sectors", "criteria"]


@dataclass
class Duplicate:
    entity: Entity
    reason: str  # "tax_id" or "name"

    @property
    def reason_label(self) -> str:
        return (
            _("same tax ID")
            if self.reason == "tax_id"
            else _("similar name in the same municipality")
        )


def register_stamp_renew(using: str = "default") -> None:
    """A new register stamp (`RegisterStamp`), for writes its triggers do not
    see that change what is kept at it: the read models other apps derive from
    the register and write after the register's own commit (the map's points
    and cells: a bulk import's map is rebuilt by a background task, and until
    then what the map keeps at the import's stamp is the map before it). Call it
    once such a write is committed (`transaction.on_commit`): what was read
    before it is then kept at a stamp no one reads again."""
    from django.db import connections

    from . import database

    database.stamp_renew(connections[using])


def entity_find_duplicates(
    *,
    name: str,
    municipality_id: int | None,
    tax_id: str = "",
    exclude_pk: int | None = None,
    viewer=None,
) -> list[Duplicate]:
    """Likely duplicates of an entity not archived: same tax ID, or a similar
    normalised name in the same municipality. With a `viewer`, only those they
    may see (`entities.view_entity`: published, or of a municipality they
    manage), so that no page shows another municipality's unpublished entities."""
    found: dict[int, Duplicate] = {}
    qs = Entity.objects.exclude(status=Entity.Status.ARCHIVED).select_related(
        "municipality"
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if tax_id:
        from .validators import normalise_tax_id

        for entity in qs.filter(tax_id=normalise_tax_id(tax_id)):
            found[entity.pk] = Duplicate(entity, "tax_id")
    if municipality_id and name:
        wanted = normalise_name(name)
        for entity in qs.filter(municipality_id=municipality_id).only(
            "pk", "name", "name_key", "municipality", "status", "tax_id"
        ):
            if entity.pk not in found and names_are_similar(wanted, entity.name_key):
                found[entity.pk] = Duplicate(entity, "name")
    if viewer is not None:
        return [
            d
            for d in found.values()
            if viewer.has_perm("entities.view_entity", d.entity)
        ]
    return list(found.values())


def _set_location_flag(entity: Entity) -> None:
    entity.location_approximate = location_is_approximate(
        entity.latitude, entity.longitude
    )


def _assign(entity: Entity, data: dict) -> dict:
    m2m = {}
    for key, value in data.items():
        if key in M2M_FIELDS:
            m2m[key] = value
        elif key in EDITABLE_FIELDS or key in (
            "status",
            "proposer_name",
            "proposer_email",
            "proposed_by",
        ):
            setattr(entity, key, value)
        else:
            raise ValueError(f"unknown entity field {key}")
    return m2m


def _check(actor, perm: str, entity: Entity | None = None) -> None:
    if actor is not None and not actor.has_perm(perm, entity):
        raise PermissionDenied(
            _("You may not manage the entities of this municipality.")
        )


@transaction.atomic
def entity_create(
    *, actor=None, status: str = Entity.Status.PUBLISHED, **data
) -> Entity:
    """Create an entity (technicians and secretariat). `actor` must manage the
    entity's municipality; `data` holds model fields plus `sectors`, `criteria`."""
    entity = Entity(status=status)
    m2m = _assign(entity, data)
    _set_location_flag(entity)
    if actor is not None and not (actor.has_perm("entities.change_entity", entity)):
        raise PermissionDenied(
            _("You may not manage the entities of this municipality.")
        )
    if status == Entity.Status.PUBLISHED and not entity.last_verified_on:
        entity.last_verified_on = timezone.localdate()
    entity.full_clean()
    entity.save()
    for key, values in m2m.items():
        getattr(entity, key).set(values)
    return entity


@transaction.atomic
def entity_propose(
    *, proposer_name: str = "", proposer_email: str = "", proposed_by=None, **data
) -> Entity:
    """A proposal from the public: saved as `proposed`, waiting for a technician."""
    entity = Entity(status=Entity.Status.PROPOSED)
    m2m = _assign(entity, data)
    entity.proposer_name = proposer_name
    entity.proposer_email = proposer_email
    if proposed_by is not None and proposed_by.is_authenticated:
        entity.proposed_by = proposed_by
    _set_location_flag(entity)
    entity.full_clean()
    entity.save()
    for key, values in m2m.items():
        getattr(entity, key).set(values)
    signals.entity_proposed.send(Entity, entity=entity, actor=entity.proposed_by)
    return entity


@transaction.atomic
def entity_update(*, entity: Entity, actor=None, **data) -> Entity:
    """Change fields of an entity; the actor must manage it before AND after
    (a technician cannot move an entity to another municipality)."""
    _check(actor, "entities.change_entity", entity)
    m2m = _assign(entity, data)
    _set_location_flag(entity)
    _check(actor, "entities.change_entity", entity)
    entity.full_clean()
    fields = [k for k in data if k not in M2M_FIELDS]
    entity.save(
        update_fields=[*fields, "name_key", "location_approximate", "updated_at"]
    )
    for key, values in m2m.items():
        getattr(entity, key).set(values)
    return entity


def _set_status(
    entity: Entity, status: str, *, extra: list[str] | None = None
) -> Entity:
    entity.status = status
    entity.full_clean()
    entity.save(update_fields=["status", "updated_at", *(extra or [])])
    return entity


@transaction.atomic
def entity_publish(*, entity: Entity, actor=None) -> Entity:
    """Publish a proposed (or archived) entity; publishing counts as verifying it."""
    _check(actor, "entities.publish_entity", entity)
    if entity.status == Entity.Status.PUBLISHED:
        raise ValidationError(
            _("This entity is already published."), code="already_published"
        )
    if entity.merged_into_id:
        raise ValidationError(
            _("A merged entity cannot be published again."), code="merged"
        )
    entity.last_verified_on = timezone.localdate()
    _set_status(entity, Entity.Status.PUBLISHED, extra=["last_verified_on"])
    signals.entity_published.send(Entity, entity=entity, actor=actor)
    return entity


@transaction.atomic
def entity_archive(*, entity: Entity, actor=None) -> Entity:
    _check(actor, "entities.archive_entity", entity)
    if entity.status == Entity.Status.ARCHIVED:
        raise ValidationError(
            _("This entity is already archived."), code="already_archived"
        )
    return _set_status(entity, Entity.Status.ARCHIVED)


@transaction.atomic
def entity_verify(*, entity: Entity, actor=None) -> Entity:
    """Record that someone checked the entity's data today."""
    _check(actor, "entities.verify_entity", entity)
    entity.last_verified_on = timezone.localdate()
    entity.save(update_fields=["last_verified_on", "updated_at"])
    return entity


MERGE_FILL_FIELDS = [
    "legal_form", "description", "tax_id", "address", "postcode", "latitude", "longitude",
    "website", "email", "phone", "year_founded", "workers_total", "workers_women",
    "members_count", "social_balance_year", "last_verified_on",
]  # fmt: skip


@transaction.atomic
def entity_merge(*, keep: Entity, duplicate: Entity, actor=None) -> Entity:
    """Merge `duplicate` into `keep`. Both histories stay: `keep` gets the fields
    it lacked, the union of sectors and criteria and the external IDs; the
    duplicate is archived and points to `keep` through `merged_into`."""
    _check(actor, "entities.merge_entity", keep)
    _check(actor, "entities.merge_entity", duplicate)
    if keep.pk == duplicate.pk:
        raise ValidationError(
            _("An entity cannot be merged with itself."), code="same_entity"
        )
    if duplicate.merged_into_id:
        raise ValidationError(_("This entity was already merged."), code="merged")
    changed = []
    for name in MERGE_FILL_FIELDS:
        mine, theirs = getattr(keep, name), getattr(duplicate, name)
        if mine in (None, "") and theirs not in (None, ""):
            setattr(keep, name, theirs)
            changed.append(name)
            if name in ("website", "email", "phone"):
                setattr(keep, f"{name}_public", getattr(duplicate, f"{name}_public"))
                changed.append(f"{name}_public")
    if (
        duplicate.last_verified_on
        and keep.last_verified_on
        and duplicate.last_verified_on > keep.last_verified_on
    ):
        keep.last_verified_on = duplicate.last_verified_on
        changed.append("last_verified_on")
    external = {**(duplicate.external_ids or {}), **(keep.external_ids or {})}
    if duplicate.source and duplicate.source_key:
        external.setdefault(f"merged:{duplicate.source}", duplicate.source_key)
    keep.external_ids = external
    _set_location_flag(keep)
    keep.full_clean()
    keep.save(
        update_fields=[
            *sorted(set(changed)),
            "external_ids",
            "location_approximate",
            "updated_at",
        ]
    )
    keep.sectors.add(*duplicate.sectors.all())
    keep.criteria.add(*duplicate.criteria.all())
    duplicate.status = Entity.Status.ARCHIVED
    duplicate.merged_into = keep
    duplicate.save(update_fields=["status", "merged_into", "updated_at"])
    signals.entity_merged.send(Entity, entity=keep, duplicate=duplicate, actor=actor)
    return keep


# Import batches (the upload page) ------------------------------------------------


def import_batch_create(*, upload, source_name: str, user) -> ImportBatch:
    """A pending import of an uploaded file, stored privately (the storage may
    raise: see `core.storage.storage_failure_as_error`)."""
    batch = ImportBatch(source_name=source_name[:200], created_by=user)
    batch.file.save(upload.name, upload, save=False)
    batch.save()
    return batch


def import_batch_start(
    *,
    batch: ImportBatch,
    mapping: dict,
    dry_run: bool,
    valid_only: bool,
    total_rows: int,
    save_as: str = "",
    user=None,
) -> ImportBatch:
    """Give a pending batch its mapping and choices (saving the mapping under
    `save_as` when asked) and queue its run."""
    from .tasks import entity_import_run

    if save_as:
        SavedMapping.objects.create(name=save_as, mapping=mapping, created_by=user)
    batch.mapping = mapping
    batch.dry_run = dry_run
    batch.valid_only = valid_only
    batch.total_rows = total_rows
    batch.save(
        update_fields=["mapping", "dry_run", "valid_only", "total_rows", "updated_at"]
    )
    entity_import_run.enqueue(batch_id=batch.pk)
    return batch


def import_batch_rerun(
    *, batch: ImportBatch, user, again: bool, valid_only: bool = False
) -> ImportBatch:
    """Run a finished batch's file again: for real after a dry run or a refusal
    (optionally valid rows only), or (`again`) with the same choices."""
    from .tasks import entity_import_run

    new = ImportBatch(
        source_name=batch.source_name,
        file=batch.file.name,
        mapping=batch.mapping,
        created_by=user,
        valid_only=batch.valid_only if again else valid_only,
        dry_run=batch.dry_run if again else False,
        total_rows=batch.total_rows,
    )
    new.save()
    entity_import_run.enqueue(batch_id=new.pk)
    return new
