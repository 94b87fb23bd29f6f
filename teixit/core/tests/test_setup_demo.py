"""`make run`'s data step: `setup_demo` loads everything once and keeps it."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_setup_demo_loads_a_consistent_demo_and_a_second_run_keeps_it(shared_data):
    from teixit.diagnosis.models import IndicatorValue
    from teixit.entities.models import Entity
    from teixit.network.models import Member
    from teixit.workplans.models import Plan

    shared_data("catalonia")  # skips (or fails under CI) when the data is absent
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    assert "admin@teixit.local" in out.getvalue()
    entities = Entity.objects.filter(status=Entity.Status.PUBLISHED).count()
    assert entities > 0 and Member.objects.exists() and Plan.objects.exists()
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
