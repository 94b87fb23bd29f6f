import io

import pytest
from django.core.management import call_command

from teixit.funding import selectors
from teixit.funding.models import FundingLine
from teixit.network.services import demo_network_load

pytestmark = pytest.mark.django_db


def test_demo_has_a_dozen_lines_of_several_administrations_and_two_overlaps():
    # As `setup_demo` does: the reference territories, then the demo network.
    call_command(
        "import_territories", "--reference", "--if-empty", stdout=io.StringIO()
    )
    demo_network_load()
    call_command("demo_funding")
    call_command("demo_funding")  # idempotent
    assert FundingLine.objects.count() == 13
    assert FundingLine.objects.values("level").distinct().count() == 6
    matrix = selectors.overlap_matrix()
    pairs = {
        frozenset((pair["a"].administration, pair["b"].administration))
        for pair in matrix["pairs"]
    }
    assert pairs == {
        frozenset(("Generalitat de Catalunya", "Ajuntament de Terrassa")),
        frozenset(("Diputació de Girona", "Ajuntament de Girona")),
    }
