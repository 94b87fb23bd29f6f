"""`make run`'s data step: `setup_demo` loads everything once and keeps it."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_setup_demo_loads_a_consistent_demo_and_a_second_run_keeps_it(
    settings, tmp_path
):
    from teixit.diagnosis.models import IndicatorValue
    from teixit.entities.models import Entity
    from teixit.maps.models import MapPoint
    from teixit.network.models import Member
    from teixit.territories.models import Comarca, Municipality
    from teixit.vocabulary.models import Concept
    from teixit.workplans.models import Plan

    # As on a bare clone: no ../shared/data beside the repository.
    settings.TEIXIT_SHARED_DATA = tmp_path / "no-shared-data"
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    assert "admin@teixit.local" in out.getvalue()
    assert "skipped" not in out.getvalue()
    assert Municipality.objects.count() == 8132
    assert Comarca.objects.filter(boundary__isnull=False).count() == 43
    assert Concept.objects.filter(scheme__code__startswith="essglobal-").count() == 260
    entities = Entity.objects.filter(status=Entity.Status.PUBLISHED).count()
    assert entities > 0 and Member.objects.exists() and Plan.objects.exists()
    # Every demo entity is on the map, at its municipality (its centroid, or
    # within about a kilometre of it for the entities with an address).
    centroids = {
        m.pk: (m.latitude, m.longitude)
        for m in Municipality.objects.filter(entities__isnull=False).distinct()
    }
    points = list(MapPoint.objects.all())
    assert len(points) == entities
    assert any(point.approximate for point in points)
    for point in points:
        latitude, longitude = centroids[point.municipality_id]
        assert abs(point.latitude - latitude) <= 0.011
        assert abs(point.longitude - longitude) <= 0.011
        if point.approximate:
            assert (point.latitude, point.longitude) == (latitude, longitude)
    # The indicator snapshots were taken after the demo entities existed.
    counted = IndicatorValue.objects.filter(
        indicator="entities_total", territory_type="municipality", breakdown=""
    ).order_by("-year")
    assert counted.exists()
    latest = counted.first().year
    assert sum(v.value for v in counted.filter(year=latest)) == entities

    counts = (
        Entity.objects.count(),
        Member.objects.count(),
        IndicatorValue.objects.count(),
    )
    call_command("setup_demo", stdout=io.StringIO())
    assert (
        Entity.objects.count(),
        Member.objects.count(),
        IndicatorValue.objects.count(),
    ) == counts
