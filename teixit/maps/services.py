"""Writes of the map's read models (MapPoint, MapCell).

- `map_cells_rebuild()` recomputes everything from the published entities with
  a few set-based SQL statements; call it after bulk imports (bulk_create and
  queryset.update() send no signals) and after territories are re-imported.
- `map_entities_sync(entity_ids=…)` after a bulk write of some entities (one by one
  when few, a rebuild when many).
- `map_entity_sync()`, `map_entity_remove()` and `map_entity_values_changed()`
  are the incremental path, called by the signal receivers in `handlers.py`.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from teixit.maps import geo
from teixit.maps.models import MapCell, MapPoint

Dim = MapCell.Dimension

#: Zooms whose clusters are read from MapCell; above, from MapPoint directly.
MAX_AGGREGATE_ZOOM = 16
AGGREGATE_LEVELS = list(
    range(geo.level_for_zoom(0), geo.level_for_zoom(MAX_AGGREGATE_ZOOM) + 1)
)
#: Dimensions kept at every aggregate level (the map can read them).
MAP_DIMENSIONS = (Dim.ALL, Dim.SECTOR, Dim.LEGAL_FORM)
#: Dimensions kept only at the coarsest level (for the counts per filter option).
COUNT_LEVEL = AGGREGATE_LEVELS[0]
BATCH = 5000


def _entity_model():
    from teixit.entities.models import Entity

    return Entity


def _written() -> None:
    """The map's tables were written: once that commits, a new register stamp
    (`entities.services.register_stamp_renew`), so that what the map keeps at
    the stamp (`selectors`: the filter counts and the first view) is read
    again. The register's own writes change the stamp at their commit, but the
    map may be written after it (a bulk import's, by a background task)."""
    from teixit.entities.services import register_stamp_renew

    transaction.on_commit(register_stamp_renew)


def _through(field_name: str):
    """(table, entity column, concept column) of an Entity many-to-many field."""
    through = getattr(_entity_model(), field_name).through
    meta = through._meta
    entity_col = meta.get_field("entity").column
    concept_col = meta.get_field("concept").column
    return meta.db_table, entity_col, concept_col


def _through_values(field_name: str, entity_id: int) -> list[int]:
    table, entity_col, concept_col = _through(field_name)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {concept_col} FROM {table} WHERE {entity_col} = %s", [entity_id]
        )
        return [row[0] for row in cursor.fetchall()]


def point_position(
    *,
    latitude,
    longitude,
    location_approximate: bool,
    municipality_lat,
    municipality_lon,
) -> tuple[float, float, bool] | None:
    """Where the map shows an entity: its coordinates, else its municipality's
    centroid (approximate), else nowhere."""
    if latitude is not None and longitude is not None:
        return float(latitude), float(longitude), bool(location_approximate)
    if municipality_lat is not None and municipality_lon is not None:
        return float(municipality_lat), float(municipality_lon), True
    return None


# Incremental maintenance -------------------------------------------------------


def _keys_for(point: MapPoint, dimension: int, values: Iterable[int]):
    levels = AGGREGATE_LEVELS if dimension in MAP_DIMENSIONS else [COUNT_LEVEL]
    for level in levels:
        cx, cy = geo.cell_of(point.gx, point.gy, level)
        for value in values:
            yield (level, dimension, value, cy, cx)


def _point_keys(point: MapPoint, sectors: list[int], criteria: list[int]):
    yield from _keys_for(point, Dim.ALL, [0])
    if point.legal_form_id:
        yield from _keys_for(point, Dim.LEGAL_FORM, [point.legal_form_id])
    yield from _keys_for(point, Dim.SECTOR, sectors)
    yield from _keys_for(point, Dim.CRITERION, criteria)
    if point.comarca_id:
        yield from _keys_for(point, Dim.COMARCA, [point.comarca_id])
    yield from _keys_for(point, Dim.MUNICIPALITY, [point.municipality_id])


def _add(deltas: dict, keys, point: MapPoint, sign: int) -> None:
    for key in keys:
        delta = deltas[key]
        delta[0] += sign
        delta[1] += sign * point.latitude
        delta[2] += sign * point.longitude
        delta[3] += sign * point.entity_id


def _apply(deltas: dict) -> None:
    """Add the deltas to their cells in a few queries: read the cells (locked
    on PostgreSQL), update them in one statement, create the missing ones,
    delete those left empty."""
    changes = {
        key: delta
        for key, delta in deltas.items()
        if delta[0] or delta[3] or abs(delta[1]) > 1e-12 or abs(delta[2]) > 1e-12
    }
    if not changes:
        return
    table = MapCell._meta.db_table
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    keys = list(changes)
    existing = {}
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 400):  # stay under the parameter limits
            chunk = keys[start : start + 400]
            where = " OR ".join(
                [
                    "(level = %s AND dimension = %s AND value = %s AND cy = %s AND cx = %s)"
                ]
                * len(chunk)
            )
            cursor.execute(
                f"SELECT level, dimension, value, cy, cx, id, count, sum_lat, sum_lon, sum_id "
                f"FROM {table} WHERE {where}{lock}",
                [part for key in chunk for part in key],
            )
            existing.update(
                {tuple(row[:5]): list(row[5:]) for row in cursor.fetchall()}
            )
    to_update, to_create, to_delete = [], [], []
    for key, (dcount, dlat, dlon, did) in changes.items():
        cell = existing.get(key)
        if cell is None:
            if dcount > 0:
                level, dimension, value, cy, cx = key
                to_create.append(
                    MapCell(
                        level=level,
                        dimension=dimension,
                        value=value,
                        cy=cy,
                        cx=cx,
                        count=dcount,
                        sum_lat=dlat,
                        sum_lon=dlon,
                        sum_id=did,
                    )
                )
            continue
        pk, count, sum_lat, sum_lon, sum_id = cell
        count += dcount
        if count > 0:
            to_update.append((count, sum_lat + dlat, sum_lon + dlon, sum_id + did, pk))
        else:
            to_delete.append(pk)
    with connection.cursor() as cursor:
        if to_update:
            cursor.executemany(
                f"UPDATE {table} SET count = %s, sum_lat = %s, sum_lon = %s, sum_id = %s WHERE id = %s",
                to_update,
            )
        if to_delete:
            cursor.executemany(
                f"DELETE FROM {table} WHERE id = %s", [(pk,) for pk in to_delete]
            )
    if to_create:
        MapCell.objects.bulk_create(to_create, batch_size=500)


def _new_point(entity_id: int) -> MapPoint | None:
    row = (
        _entity_model()
        .objects.filter(pk=entity_id, status="published")
        .values_list(
            "name",
            "latitude",
            "longitude",
            "location_approximate",
            "legal_form_id",
            "municipality_id",
            "municipality__latitude",
            "municipality__longitude",
            "municipality__comarca_id",
        )
        .first()
    )
    if row is None:
        return None
    name, lat, lon, approx, legal_form_id, municipality_id, mlat, mlon, comarca_id = row
    position = point_position(
        latitude=lat,
        longitude=lon,
        location_approximate=approx,
        municipality_lat=mlat,
        municipality_lon=mlon,
    )
    if position is None:
        return None
    lat, lon, approx = position
    gx, gy = geo.grid_position(lat, lon)
    return MapPoint(
        entity_id=entity_id,
        name=name[:300],
        latitude=lat,
        longitude=lon,
        gx=gx,
        gy=gy,
        approximate=approx,
        legal_form_id=legal_form_id,
        municipality_id=municipality_id,
        comarca_id=comarca_id,
    )


@transaction.atomic
def map_entity_sync(*, entity_id: int) -> MapPoint | None:
    """Bring the map up to date with one entity (published or not, moved,
    renamed, new legal form, new municipality). Idempotent."""
    old = MapPoint.objects.filter(entity_id=entity_id).first()
    new = _new_point(entity_id)
    if old is None and new is None:
        return None
    sectors = _through_values("sectors", entity_id)
    criteria = _through_values("criteria", entity_id)
    deltas: dict = defaultdict(lambda: [0, 0.0, 0.0, 0])
    if old is not None:
        _add(deltas, _point_keys(old, sectors, criteria), old, -1)
    if new is not None:
        _add(deltas, _point_keys(new, sectors, criteria), new, +1)
    _apply(deltas)
    if new is None:
        old.delete()
    else:
        new.save()
    _written()
    return new


@transaction.atomic
def map_entity_remove(*, entity_id: int) -> None:
    """Take an entity off the map (it is being deleted). Call it while its
    sectors and criteria still exist (pre_delete)."""
    old = MapPoint.objects.filter(entity_id=entity_id).first()
    if old is None:
        return
    deltas: dict = defaultdict(lambda: [0, 0.0, 0.0, 0])
    sectors = _through_values("sectors", entity_id)
    criteria = _through_values("criteria", entity_id)
    _add(deltas, _point_keys(old, sectors, criteria), old, -1)
    _apply(deltas)
    old.delete()
    _written()


@transaction.atomic
def map_entity_values_changed(
    *, entity_ids: Iterable[int], dimension: int, value_ids: Iterable[int], sign: int
) -> None:
    """Sectors or criteria were added (sign=+1) to or removed (-1) from entities."""
    value_ids = list(value_ids)
    deltas: dict = defaultdict(lambda: [0, 0.0, 0.0, 0])
    for point in MapPoint.objects.filter(entity_id__in=list(entity_ids)):
        _add(deltas, _keys_for(point, dimension, value_ids), point, sign)
    _apply(deltas)
    if deltas:
        _written()


# Bulk rebuild ------------------------------------------------------------------


def _points_insert(cursor, rows: list) -> None:
    table = MapPoint._meta.db_table
    cursor.executemany(
        f"INSERT INTO {table} (entity_id, name, latitude, longitude, gx, gy, approximate, "
        "legal_form_id, municipality_id, comarca_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        rows,
    )


def _fill_points(cursor) -> int:
    from teixit.territories.models import Municipality

    municipalities = {
        pk: (lat, lon, comarca_id)
        for pk, lat, lon, comarca_id in Municipality.objects.values_list(
            "pk", "latitude", "longitude", "comarca_id"
        )
    }
    entities = (
        _entity_model()
        .objects.filter(status="published")
        .order_by()
        .values_list(
            "pk",
            "name",
            "latitude",
            "longitude",
            "location_approximate",
            "legal_form_id",
            "municipality_id",
        )
    )
    rows: list = []
    total = 0
    grid_position = geo.grid_position
    for pk, name, lat, lon, approx, legal_form_id, municipality_id in entities.iterator(
        chunk_size=BATCH
    ):
        mlat, mlon, comarca_id = municipalities.get(municipality_id, (None, None, None))
        position = point_position(
            latitude=lat,
            longitude=lon,
            location_approximate=approx,
            municipality_lat=mlat,
            municipality_lon=mlon,
        )
        if position is None:
            continue
        lat, lon, approx = position
        gx, gy = grid_position(lat, lon)
        rows.append(
            (
                pk,
                name[:300],
                lat,
                lon,
                gx,
                gy,
                approx,
                legal_form_id,
                municipality_id,
                comarca_id,
            )
        )
        if len(rows) >= BATCH:
            _points_insert(cursor, rows)
            total += len(rows)
            rows = []
    if rows:
        _points_insert(cursor, rows)
        total += len(rows)
    return total


def _fill_cells(cursor) -> None:
    cells = MapCell._meta.db_table
    points = MapPoint._meta.db_table
    columns = "(level, dimension, value, cy, cx, count, sum_lat, sum_lon, sum_id)"
    finest = AGGREGATE_LEVELS[-1]

    def from_points(
        level: int, dimension: int, value_sql: str, join: str = "", where: str = ""
    ) -> None:
        d = 1 << (geo.BASE_LEVEL - level)
        group = "" if value_sql == "0" else f"{value_sql}, "
        cursor.execute(
            f"INSERT INTO {cells} {columns} "
            f"SELECT {level}, {dimension}, {value_sql}, p.gy / {d}, p.gx / {d}, COUNT(*), "
            f"SUM(p.latitude), SUM(p.longitude), SUM(p.entity_id) FROM {points} p {join} {where} "
            f"GROUP BY {group}p.gy / {d}, p.gx / {d}"
        )

    def through_join(field_name: str) -> tuple[str, str]:
        table, entity_col, concept_col = _through(field_name)
        return f"t.{concept_col}", f"JOIN {table} t ON t.{entity_col} = p.entity_id"

    sector_value, sector_join = through_join("sectors")
    criterion_value, criterion_join = through_join("criteria")
    from_points(finest, Dim.ALL, "0")
    from_points(
        finest,
        Dim.LEGAL_FORM,
        "p.legal_form_id",
        where="WHERE p.legal_form_id IS NOT NULL",
    )
    from_points(finest, Dim.SECTOR, sector_value, join=sector_join)
    # Coarser levels: each from the one below (four cells into one).
    for level in reversed(AGGREGATE_LEVELS[:-1]):
        cursor.execute(
            f"INSERT INTO {cells} {columns} "
            f"SELECT {level}, dimension, value, cy / 2, cx / 2, SUM(count), SUM(sum_lat), SUM(sum_lon), "
            f"SUM(sum_id) FROM {cells} WHERE level = {level + 1} "
            f"GROUP BY dimension, value, cy / 2, cx / 2"
        )
    from_points(COUNT_LEVEL, Dim.CRITERION, criterion_value, join=criterion_join)
    from_points(
        COUNT_LEVEL, Dim.COMARCA, "p.comarca_id", where="WHERE p.comarca_id IS NOT NULL"
    )
    from_points(COUNT_LEVEL, Dim.MUNICIPALITY, "p.municipality_id")


@transaction.atomic
def map_cells_rebuild() -> dict:
    """Recompute the map's points and cells from the published entities.

    Runs in one transaction (the map never shows a half-built state). About a
    minute for a million entities on SQLite. Returns {"points": n, "cells": n}.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MapCell._meta.db_table}")
        cursor.execute(f"DELETE FROM {MapPoint._meta.db_table}")
        points = _fill_points(cursor)
        _fill_cells(cursor)
    _written()
    return {"points": points, "cells": MapCell.objects.count()}


#: Above this many entities, a bulk change is cheaper to apply by a rebuild:
#: one by one, an import of 5,000 rows spent 95% of its time on the map
#: (issue 11.10; bench/bench_entities.py measures a 5,000-row import).
SYNC_MANY_LIMIT = 200


def map_entities_sync(*, entity_ids: Iterable[int]) -> None:
    """After a bulk write of some entities (import, bulk_update): bring the map
    up to date with them — one by one when they are few, by a full rebuild
    when they are many (more than SYNC_MANY_LIMIT)."""
    entity_ids = list(entity_ids)
    if len(entity_ids) > SYNC_MANY_LIMIT:
        map_cells_rebuild()
        return
    for entity_id in entity_ids:
        map_entity_sync(entity_id=entity_id)
