import pytest
from django.core.management import call_command

from teixit.needs.models import Need
from teixit.needs.selectors import need_matches
from teixit.recognitions.models import EntityLabel, Recognition

pytestmark = pytest.mark.django_db


def test_demo_needs_and_recognitions_are_idempotent_and_show_suppliers():
    from teixit.network.services import demo_network_load
    from teixit.territories.services import territories_load_reference

    territories_load_reference()
    call_command("import_vocabulary", "--default", "--if-empty")
    demo_network_load()
    call_command("demo_entities")
    for _ in range(2):
        call_command("demo_needs")
        call_command("demo_recognitions")

    assert Need.objects.count() == 3
    assert set(Need.objects.values_list("status", flat=True)) == {
        "confirmed",
        "answering",
        "raised",
    }
    assert Recognition.objects.count() == 5
    assert set(Recognition.objects.values_list("kind", flat=True)) == {
        "grant",
        "award",
        "label",
    }
    assert EntityLabel.objects.exists()
    food = Need.objects.get(title__startswith="Menjadors escolars")
    assert need_matches(food), "the demo need finds demo SSE suppliers"
