"""The import of the real published files: figures checked against them."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from teixit.territories.models import (
    CATALAN_PROVINCES,
    Comarca,
    Municipality,
    Population,
    Province,
)
from teixit.territories.services import territories_import

pytestmark = pytest.mark.django_db


def test_import_loads_947_catalan_municipalities_43_comarques_4_provinces(imported):
    catalan = Municipality.objects.filter(province__code__in=CATALAN_PROVINCES)
    assert catalan.count() == 947
    assert catalan.filter(boundary__isnull=False, comarca__isnull=False).count() == 947
    assert Comarca.objects.count() == 43
    assert set(Province.objects.filter(code__in=CATALAN_PROVINCES).values_list("name", flat=True)) == {
        "Barcelona", "Girona", "Lleida", "Tarragona"}  # fmt: skip
    assert imported.comarques == 43


def test_import_population_totals_match_idescat(imported):
    def total(year):
        return Population.objects.filter(year=year, source="Idescat").aggregate(
            t=Sum("total")
        )["t"]

    assert total(2019) == 7_675_217
    assert total(2020) == 7_780_479
    assert imported.totals == {2019: 7_675_217, 2020: 7_780_479}
    men_women = Population.objects.filter(year=2020, source="Idescat").aggregate(
        m=Sum("men"), w=Sum("women")
    )
    assert men_women["m"] + men_women["w"] == 7_780_479


def test_import_updates_the_demo_row_of_barcelona(imported):
    barcelona = Municipality.objects.get(code="080193")
    assert Municipality.objects.filter(ine_code="08019").count() == 1
    assert barcelona.comarca.name == "Barcelonès"
    assert barcelona.comarca.province.code == "08"
    assert barcelona.province.name == "Barcelona"
    assert barcelona.area_km2 == Decimal("101.822")
    assert 41.3 < barcelona.latitude < 41.5 and 2.05 < barcelona.longitude < 2.25
    assert barcelona.boundary["type"] == "MultiPolygon"
    assert barcelona.populations.get(year=2020).total == 1_664_182
    assert barcelona.populations.get(year=2020).women == 873_474


def test_import_cnig_adds_spain_without_duplicating_catalonia(imported):
    assert Municipality.objects.count() == 8132
    assert Province.objects.count() == 52
    madrid = Municipality.objects.get(ine_code="28079")
    assert madrid.code == "280796"
    assert madrid.province.name == "Madrid"
    assert madrid.comarca is None
    assert madrid.populations.get(year=2023).total > 3_000_000
    assert 600 < madrid.area_km2 < 610
    # Catalan municipalities keep the ICGC data and get the 2023 figure.
    barcelona = Municipality.objects.get(code="080193")
    assert barcelona.populations.get(year=2023).source == "CNIG"
    assert barcelona.area_km2 == Decimal("101.822")


def test_cnig_names_have_no_control_characters(real_files):
    from teixit.territories.services import read_cnig

    rows = {row.code: row.name for row in read_cnig(real_files["cnig"])}
    assert rows["170486"] == "Castell d’Aro, Platja d’Aro i s’Agaró"
    assert not [n for n in rows.values() if any(0x80 <= ord(c) <= 0x9F for c in n)]


def test_import_keeps_boundaries_small_for_web_maps(imported):
    import json

    sizes = [
        len(json.dumps(b, separators=(",", ":")))
        for b in Municipality.objects.exclude(boundary=None).values_list(
            "boundary", flat=True
        )
    ]
    assert len(sizes) == 947
    assert sum(sizes) < 3_000_000


def test_import_centroids_lie_inside_catalonia(imported):
    catalan = Municipality.objects.filter(province__code__in=CATALAN_PROVINCES)
    assert not catalan.filter(latitude__isnull=True).exists()
    assert (
        not catalan.filter(latitude__lt=40.5).exists()
        and not catalan.filter(latitude__gt=42.9).exists()
    )
    assert (
        not catalan.filter(longitude__lt=0.1).exists()
        and not catalan.filter(longitude__gt=3.4).exists()
    )


def test_import_again_updates_in_place(imported, real_files):
    result = territories_import(
        geojson=real_files["geojson"], population=real_files["population"]
    )
    assert result.municipalities_created == 0
    assert result.municipalities_updated == 0
    assert Municipality.objects.count() == 8132
    assert Population.objects.filter(year=2019).count() == 947


def test_import_with_idescat_comarques_list_assigns_its_comarca(imported, real_files):
    territories_import(
        geojson=real_files["geojson"],
        population=real_files["population"],
        comarques=real_files["comarques"],
    )
    # The Idescat list predates the Lluçanès comarca: Alpens is in Osona there.
    assert Municipality.objects.get(code="080044").comarca.code == "24"


def test_command_if_empty_skips_when_catalonia_is_loaded(imported, real_files):
    out = StringIO()
    call_command(
        "import_territories",
        "--geojson", str(real_files["geojson"]),
        "--population", str(real_files["population"]),
        "--if-empty",
        stdout=out,
    )  # fmt: skip
    assert "nothing to do" in out.getvalue()


def test_import_outlines_comarques_and_provinces_from_the_boundaries(imported):
    comarques = Comarca.objects.exclude(boundary=None)
    assert comarques.count() == 43
    assert all(
        b["type"] == "MultiPolygon"
        for b in comarques.values_list("boundary", flat=True)
    )
    provinces = Province.objects.exclude(boundary=None)
    assert set(provinces.values_list("code", flat=True)) == set(CATALAN_PROVINCES)
    # Coarser than the municipalities: all outlines stay small for a base layer.
    size = sum(
        len(json.dumps(b, separators=(",", ":")))
        for b in [*comarques.values_list("boundary", flat=True), *provinces.values_list("boundary", flat=True)]
    )  # fmt: skip
    assert size < 500_000
