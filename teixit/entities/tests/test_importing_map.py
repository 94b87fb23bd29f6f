"""An import writes in bulk (no per-row model signals): the public map must
still show what it created or changed, through `entities_bulk_written`."""

import pytest

from teixit.entities.importing import EntityImport
from teixit.entities.models import Entity
from teixit.maps.models import MapCell, MapPoint

from .test_importing import MAPPING, write

pytestmark = pytest.mark.django_db

ROW = 'id,nom,municipi,cp,nif,lat,lon,sectors,forma,email,treballadores\n1,Coop A,Barcelona,8001,B12345674,"41,38","2,17",food,Cooperative,a@example.org,4\n'


def test_imported_entities_appear_on_the_map_and_follow_reimports(
    places, vocabulary, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        EntityImport(
            path=write(tmp_path, "a.csv", ROW), mapping=MAPPING, source="l"
        ).run()
    entity = Entity.objects.get()
    point = MapPoint.objects.get(entity_id=entity.pk)
    assert (point.name, point.latitude, point.longitude) == ("Coop A", 41.38, 2.17)
    assert MapCell.objects.filter(dimension=MapCell.Dimension.ALL).exists()

    renamed = ROW.replace("Coop A", "Coop B")
    with django_capture_on_commit_callbacks(execute=True):
        EntityImport(
            path=write(tmp_path, "b.csv", renamed), mapping=MAPPING, source="l"
        ).run()
    assert Entity.objects.get().name == "Coop B"
    assert MapPoint.objects.get(entity_id=entity.pk).name == "Coop B"


def test_dry_run_and_refused_imports_leave_the_map_alone(
    places, vocabulary, tmp_path, django_capture_on_commit_callbacks
):
    path = write(tmp_path, "a.csv", ROW)
    bad = ROW + "2,,Barcelona,8001,,,,,,,\n"  # a row without a name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        EntityImport(path=path, mapping=MAPPING, source="l", dry_run=True).run()
        EntityImport(
            path=write(tmp_path, "c.csv", bad), mapping=MAPPING, source="l"
        ).run()
    assert callbacks == []
    assert not MapPoint.objects.exists()


def test_a_large_import_rebuilds_the_map_in_the_background(
    places, vocabulary, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    """Above SYNC_MANY_LIMIT entities the map is rebuilt by a task: with the
    database backend the import only queues it; the worker's run fills the map."""
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from teixit.maps import services

    monkeypatch.setattr(services, "SYNC_MANY_LIMIT", 0)
    with (
        override_settings(
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        EntityImport(
            path=write(tmp_path, "a.csv", ROW), mapping=MAPPING, source="l"
        ).run()
    # The map's rebuild is queued (beside it, on SQLite, the text index's
    # catch-up: teixit.entities.database).
    assert "teixit.maps.tasks.map_rebuild" in set(
        DBTaskResult.objects.values_list("task_path", flat=True)
    )
    queued = DBTaskResult.objects.get(task_path="teixit.maps.tasks.map_rebuild")
    assert not MapPoint.objects.exists()  # not yet: the worker has not run
    queued.task.call()
    assert MapPoint.objects.get().name == "Coop A"
