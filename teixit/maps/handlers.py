"""Signal receivers that keep the map's read models in step with the register.

The register (teixit.entities) is another app, so the map listens to its
model signals instead of being called by it (STYLE.md: signals decouple apps):

- `Entity` post_save → `map_entity_sync` (published, archived, moved, renamed…);
- `Entity` pre_delete → `map_entity_remove` (before its sectors are deleted);
- `Entity.sectors` / `Entity.criteria` m2m_changed (both directions) →
  `map_entity_values_changed`;
- `Concept` pre_delete → its sector and criterion cells are deleted (the
  links go by cascade, without m2m signals).

- `entities_bulk_written` (teixit.entities.signals), sent by the import after
  its bulk write is committed → `map_entities_sync`, or, for more than
  `SYNC_MANY_LIMIT` entities, the `map_rebuild` background task.

Other bulk writes send no signals (`bulk_create`, `QuerySet.update()`, raw
SQL): the code doing them must call `teixit.maps.services.map_entities_sync()`
or `map_cells_rebuild()` afterwards, or run `manage.py rebuild_map_cells`.
"""

from django.db.models.signals import m2m_changed, post_save, pre_delete

from teixit.maps import services
from teixit.maps.models import MapCell

#: Entity fields the map depends on; saves touching none of them are ignored.
MAP_FIELDS = frozenset(
    [
        "name",
        "status",
        "latitude",
        "longitude",
        "location_approximate",
        "legal_form",
        "municipality",
    ]
)


def entity_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # loaddata: the fixture is loaded as is; rebuild afterwards
        return
    if update_fields is not None and not MAP_FIELDS.intersection(update_fields):
        return
    services.map_entity_sync(entity_id=instance.pk)


def entity_deleting(sender, instance, **kwargs):
    services.map_entity_remove(entity_id=instance.pk)


def _values_changed(dimension, instance, action, reverse, model, pk_set, **kwargs):
    """post_add: Django sends only the rows really added. Removals are counted
    at pre_remove/pre_clear, from the rows that really exist (remove() sends
    the ids asked for, present or not); the write follows in the same
    transaction."""
    through = kwargs["sender"].objects
    if action == "post_add" and pk_set:
        if reverse:  # instance is a concept, pk_set the entities
            services.map_entity_values_changed(
                entity_ids=pk_set, dimension=dimension, value_ids=[instance.pk], sign=1
            )
        else:
            services.map_entity_values_changed(
                entity_ids=[instance.pk], dimension=dimension, value_ids=pk_set, sign=1
            )
        return
    if action not in ("pre_remove", "pre_clear"):
        return
    if reverse:
        rows = through.filter(concept_id=instance.pk)
        if action == "pre_remove":
            rows = rows.filter(entity_id__in=pk_set or ())
        entity_ids = list(rows.values_list("entity_id", flat=True))
        if entity_ids:
            services.map_entity_values_changed(
                entity_ids=entity_ids,
                dimension=dimension,
                value_ids=[instance.pk],
                sign=-1,
            )
    else:
        rows = through.filter(entity_id=instance.pk)
        if action == "pre_remove":
            rows = rows.filter(concept_id__in=pk_set or ())
        value_ids = list(rows.values_list("concept_id", flat=True))
        if value_ids:
            services.map_entity_values_changed(
                entity_ids=[instance.pk],
                dimension=dimension,
                value_ids=value_ids,
                sign=-1,
            )


def sectors_changed(sender, **kwargs):
    _values_changed(MapCell.Dimension.SECTOR, sender=sender, **kwargs)


def criteria_changed(sender, **kwargs):
    _values_changed(MapCell.Dimension.CRITERION, sender=sender, **kwargs)


def concept_deleting(sender, instance, **kwargs):
    """A deleted concept takes its entity links with it without m2m signals:
    its sector and criterion cells go too (they count that concept only)."""
    MapCell.objects.filter(
        dimension__in=[MapCell.Dimension.SECTOR, MapCell.Dimension.CRITERION],
        value=instance.pk,
    ).delete()


def entities_bulk_written(sender, entity_ids, **kwargs):
    """A few entities: brought up to date at once. Many (a large import): the
    map is rebuilt by a background task, so that the import's wait does not
    include it; the map shows the previous state until the task has run."""
    if len(entity_ids) > services.SYNC_MANY_LIMIT:
        from teixit.maps.tasks import map_rebuild

        map_rebuild.enqueue()
        return
    services.map_entities_sync(entity_ids=entity_ids)


def connect() -> None:
    from teixit.entities.models import Entity
    from teixit.entities.signals import entities_bulk_written as bulk_written
    from teixit.vocabulary.models import Concept

    bulk_written.connect(entities_bulk_written, dispatch_uid="maps_entities_bulk")
    post_save.connect(entity_saved, sender=Entity, dispatch_uid="maps_entity_saved")
    pre_delete.connect(
        entity_deleting, sender=Entity, dispatch_uid="maps_entity_deleting"
    )
    m2m_changed.connect(
        sectors_changed,
        sender=Entity.sectors.through,
        dispatch_uid="maps_sectors_changed",
    )
    pre_delete.connect(
        concept_deleting, sender=Concept, dispatch_uid="maps_concept_deleting"
    )
    m2m_changed.connect(
        criteria_changed,
        sender=Entity.criteria.through,
        dispatch_uid="maps_criteria_changed",
    )
