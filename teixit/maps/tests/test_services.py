import pytest

from teixit.entities.models import Entity
from teixit.maps import geo
from teixit.maps.models import MapCell, MapPoint
from teixit.maps.services import AGGREGATE_LEVELS, COUNT_LEVEL, map_cells_rebuild
from teixit.territories.tests.factories import MunicipalityFactory

from .factories import EntityFactory, criterion, legal_form, sector

pytestmark = pytest.mark.django_db
Dim = MapCell.Dimension


def cells_snapshot() -> dict:
    return {
        (c.level, c.dimension, c.value, c.cy, c.cx): (
            c.count,
            round(c.sum_lat, 6),
            round(c.sum_lon, 6),
            c.sum_id,
        )
        for c in MapCell.objects.all()
    }


def total(dimension=Dim.ALL, value=0) -> int:
    return sum(
        MapCell.objects.filter(
            level=COUNT_LEVEL, dimension=dimension, value=value
        ).values_list("count", flat=True)
    )


def test_entity_published_appears_in_every_level():
    entity = EntityFactory(latitude=41.39, longitude=2.17)
    point = MapPoint.objects.get(entity_id=entity.pk)
    assert (point.gx, point.gy) == geo.grid_position(41.39, 2.17)
    all_cells = MapCell.objects.filter(dimension=Dim.ALL)
    assert sorted(all_cells.values_list("level", flat=True)) == AGGREGATE_LEVELS
    assert {(c.count, c.sum_id) for c in all_cells} == {(1, entity.pk)}


def test_proposed_entity_is_not_on_the_map():
    EntityFactory(status=Entity.Status.PROPOSED)
    assert not MapPoint.objects.exists()
    assert not MapCell.objects.exists()


def test_entity_archive_and_publish_update_counts():
    a = EntityFactory()
    EntityFactory()
    assert total() == 2
    a.status = Entity.Status.ARCHIVED
    a.save(update_fields=["status"])
    assert total() == 1
    assert not MapPoint.objects.filter(entity_id=a.pk).exists()
    a.status = Entity.Status.PUBLISHED
    a.save()
    assert total() == 2


def test_entity_without_coordinates_sits_at_municipality_centroid():
    town = MunicipalityFactory(latitude=42.1, longitude=1.5)
    entity = EntityFactory(
        municipality=town, latitude=None, longitude=None, location_approximate=True
    )
    point = MapPoint.objects.get(entity_id=entity.pk)
    assert (point.latitude, point.longitude, point.approximate) == (42.1, 1.5, True)
    assert point.comarca_id == town.comarca_id


def test_entity_moved_changes_cells():
    entity = EntityFactory(latitude=41.0, longitude=1.0)
    entity.latitude, entity.longitude = 42.0, 3.0
    entity.save()
    finest = AGGREGATE_LEVELS[-1]
    cell = MapCell.objects.get(level=finest, dimension=Dim.ALL)
    assert (cell.cx, cell.cy) == geo.cell_of(*geo.grid_position(42.0, 3.0), finest)
    assert cell.sum_lat == pytest.approx(42.0)


def test_sectors_added_removed_and_cleared_update_sector_cells():
    food, care = sector("food"), sector("care")
    entity = EntityFactory(sectors=[food])
    assert total(Dim.SECTOR, food.pk) == 1
    entity.sectors.add(care)
    assert total(Dim.SECTOR, care.pk) == 1
    entity.sectors.remove(food)
    assert total(Dim.SECTOR, food.pk) == 0
    food.entities_in_sector.add(entity)  # the reverse side too
    assert total(Dim.SECTOR, food.pk) == 1
    entity.sectors.clear()
    assert not MapCell.objects.filter(dimension=Dim.SECTOR).exists()
    assert total() == 1


def test_entity_deleted_leaves_no_cells():
    entity = EntityFactory(
        sectors=[sector("food")],
        criteria=[criterion("democracy")],
        legal_form=legal_form("coop"),
    )
    entity.delete()
    assert not MapCell.objects.exists()
    assert not MapPoint.objects.exists()


def test_rebuild_equals_incremental_maintenance():
    food, care, energy = sector("food"), sector("care"), sector("energy")
    coop, assoc = legal_form("coop"), legal_form("association")
    fair = criterion("fair-trade")
    towns = [
        MunicipalityFactory(latitude=41 + i / 3, longitude=1 + i / 2) for i in range(3)
    ]
    entities = []
    for i in range(30):
        entities.append(
            EntityFactory(
                latitude=None if i % 5 == 0 else 40.6 + (i * 0.073) % 2,
                longitude=None if i % 5 == 0 else 0.3 + (i * 0.11) % 3,
                municipality=towns[i % 3],
                legal_form=[coop, assoc, None][i % 3],
                sectors=[[food], [care, energy], []][i % 3],
                criteria=[fair] if i % 2 else [],
            )
        )
    entities[1].status = Entity.Status.ARCHIVED
    entities[1].save()
    entities[2].sectors.remove(care)
    entities[3].latitude = 42.5
    entities[3].save()
    entities[4].delete()
    entities[6].legal_form = assoc
    entities[6].municipality = towns[2]
    entities[6].save()
    incremental = cells_snapshot()
    points = set(MapPoint.objects.values_list("entity_id", "gx", "gy", "comarca_id"))
    result = map_cells_rebuild()
    assert result["points"] == 28
    assert (
        set(MapPoint.objects.values_list("entity_id", "gx", "gy", "comarca_id"))
        == points
    )
    assert cells_snapshot() == incremental
    assert total() == 28


def test_filter_values_kept_at_count_level_only():
    entity = EntityFactory(criteria=[criterion("democracy")])
    levels = set(
        MapCell.objects.filter(dimension=Dim.CRITERION).values_list("level", flat=True)
    )
    assert levels == {COUNT_LEVEL}
    assert total(Dim.MUNICIPALITY, entity.municipality_id) == 1
    assert total(Dim.COMARCA, entity.municipality.comarca_id) == 1


def test_rebuild_map_cells_command(capsys):
    from django.core.management import call_command

    EntityFactory()
    MapCell.objects.all().delete()
    call_command("rebuild_map_cells")
    assert "1 entities on the map" in capsys.readouterr().out
    assert total() == 1


def test_entities_sync_after_bulk_writes(monkeypatch):
    from teixit.maps import services

    a, b = EntityFactory(), EntityFactory()
    Entity.objects.filter(pk=a.pk).update(status=Entity.Status.ARCHIVED)  # no signal
    Entity.objects.filter(pk=b.pk).update(latitude=42.0)
    services.map_entities_sync(entity_ids=[a.pk, b.pk])
    assert total() == 1
    assert MapPoint.objects.get(entity_id=b.pk).latitude == 42.0
    incremental = cells_snapshot()
    monkeypatch.setattr(services, "SYNC_MANY_LIMIT", 1)
    services.map_entities_sync(entity_ids=[a.pk, b.pk])  # by a rebuild
    assert cells_snapshot() == incremental


def test_concept_deleted_leaves_no_cells():
    food = sector("food")
    EntityFactory(sectors=[food])
    food.delete()
    assert not MapCell.objects.filter(dimension=Dim.SECTOR).exists()
    incremental = cells_snapshot()
    map_cells_rebuild()
    assert cells_snapshot() == incremental


def test_simplify_geometry_keeps_rings_closed_and_drops_specks():
    from teixit.maps.geo import simplify_geometry

    ring = [[0, 0], [0.5, 0.0001], [1, 0], [1, 1], [0, 1], [0, 0]]
    speck = [[5, 5], [5.0001, 5], [5.0001, 5.0001], [5, 5]]
    geometry = {"type": "MultiPolygon", "coordinates": [[ring], [speck]]}
    simple = simplify_geometry(geometry, 0.01, 3)
    assert simple == {
        "type": "MultiPolygon",
        "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]],
    }
    assert simplify_geometry({"type": "Point", "coordinates": [0, 0]}, 0.01, 3) is None
    assert (
        simplify_geometry({"type": "Polygon", "coordinates": [speck]}, 0.01, 3) is None
    )
