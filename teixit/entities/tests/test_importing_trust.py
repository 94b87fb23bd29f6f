"""Issue 11: what an import really did (files cut short, GeoJSON elements,
duplicates inside one file, the source of a file, approximate places)."""

import json

import pytest

from teixit.entities.importing import EntityImport, ImportFileError
from teixit.entities.models import Entity

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "id,name,municipality,description\n"


def test_csv_cut_inside_a_quoted_field_is_refused_naming_the_line(places, tmp_path):
    text = HEADER + '1,Coop A,Barcelona,"whole"\n2,Coop B,Barcelona,"half a desc'
    path = write(tmp_path, "cut.csv", text)
    with pytest.raises(ImportFileError, match="line 3"):
        EntityImport(path=path, source="cut").run()
    assert not Entity.objects.exists()


def test_csv_with_a_short_last_record_without_line_break_is_refused(places, tmp_path):
    text = HEADER + "1,Coop A,Barcelona,whole\n2,Coop B"
    with pytest.raises(ImportFileError, match=r"last line \(3\)"):
        EntityImport(path=write(tmp_path, "short.csv", text), source="s").run()
    assert not Entity.objects.exists()


def test_complete_csv_with_multiline_quoted_description_is_imported(places, tmp_path):
    text = HEADER + '1,Coop A,Barcelona,"two\nlines"\n2,Coop B,Barcelona,\n'
    report = EntityImport(path=write(tmp_path, "ok.csv", text), source="ok").run()
    assert report.counts["created"] == 2
    assert Entity.objects.get(name="Coop A").description == "two\nlines"
    # the last line may lack its line break when it is whole
    text = HEADER + "1,Coop C,Barcelona,whole"
    report = EntityImport(path=write(tmp_path, "ok2.csv", text), source="ok2").run()
    assert report.counts["created"] == 1


def test_empty_geojson_says_the_file_is_empty(places, tmp_path):
    with pytest.raises(ImportFileError, match="empty"):
        EntityImport(path=write(tmp_path, "a.geojson", ""), source="g")
    empty = {"type": "FeatureCollection", "features": []}
    with pytest.raises(ImportFileError, match="empty"):
        EntityImport(path=write(tmp_path, "b.geojson", json.dumps(empty)), source="g")


def test_geojson_error_names_the_element(places, tmp_path):
    feature = {
        "type": "Feature",
        "properties": {"name": "Coop", "addr:city": "Barcelona"},
        "geometry": {"type": "Point", "coordinates": [2.17, 41.38]},
    }
    data = {"type": "FeatureCollection", "features": [feature] * 10 + ["oops"]}
    with pytest.raises(ImportFileError, match="Element 11"):
        EntityImport(path=write(tmp_path, "c.geojson", json.dumps(data)), source="g")


def test_duplicates_inside_one_file_are_reported_like_those_in_the_register(
    places, tmp_path
):
    text = (
        "id,name,municipality,tax_id\n"
        "1,Coop Alfa,Barcelona,B12345674\n"
        "2,Coop Beta,Torelló,B12345674\n"  # same tax ID
        "3,COOP ALFA SCCL,Barcelona,\n"  # same folded name, same municipality
        "4,Coop Alfa,Torelló,\n"  # same name, another municipality: not one
    )
    report = EntityImport(path=write(tmp_path, "d.csv", text), source="d").run()
    assert report.counts["created"] == 4
    messages = {row["line"]: " ".join(row["messages"]) for row in report.rows}
    assert "duplicate of line 2 of this file: same tax ID" in messages[3]
    assert "duplicate of line 2 of this file: similar name" in messages[4]
    assert messages[5] == ""


def test_export_then_import_keeps_every_field_and_the_approximate_mark(
    places, vocabulary, tmp_path
):
    from teixit.entities.exporting import export_csv
    from teixit.entities.services import entity_create

    exact = entity_create(
        name="Coop Exacta", municipality=places["bcn"], latitude=41.4, longitude=2.15,
        tax_id="B12345674", address="Carrer Gran 1", postcode="08001",
        website="https://exacta.coop", year_founded=2001, workers_total=5,
        workers_women=3, members_count=12, description="Una cooperativa.",
        legal_form=vocabulary["coop"], sectors=[vocabulary["food"]],
    )  # fmt: skip
    approximate = entity_create(name="Coop Aproximada", municipality=places["torello"])
    assert approximate.location_approximate
    path = tmp_path / "export.csv"
    path.write_text("".join(export_csv(Entity.objects.all())), encoding="utf-8")
    Entity.objects.all().delete()

    report = EntityImport(path=path, source="export").run()
    assert report.counts["created"] == 2, report.rows
    again = Entity.objects.get(name="Coop Aproximada")
    assert again.location_approximate
    assert again.latitude is None and again.longitude is None
    assert again.municipality == places["torello"]
    copy = Entity.objects.get(name="Coop Exacta")
    assert not copy.location_approximate
    for name in (
        "tax_id", "address", "postcode", "website", "year_founded", "workers_total",
        "workers_women", "members_count", "description", "latitude", "longitude",
        "municipality_id", "legal_form_id",
    ):  # fmt: skip
        assert getattr(copy, name) == getattr(exact, name), name
    assert list(copy.sectors.all()) == [vocabulary["food"]]


def square(lat, lon, half=0.05):
    ring = [
        [lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
        [lon - half, lat + half], [lon - half, lat - half],
    ]  # fmt: skip
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def outlined(db):
    from teixit.territories.tests.factories import MunicipalityFactory

    return {
        "bcn": MunicipalityFactory(
            code="080193", ine_code="08019", name="Barcelona", latitude=41.39,
            longitude=2.17, boundary=square(41.39, 2.17),
        ),
        "granada": MunicipalityFactory(
            code="080960", ine_code="08096", name="la Granada", latitude=41.38,
            longitude=1.72, boundary=square(41.38, 1.72),
        ),
        "long": MunicipalityFactory(
            code="089999", ine_code="08999", latitude=41.6, longitude=2.0,
            name="Vilanova de la Barca del Riu Llarg i Sant Pere de Prova",
            boundary=square(41.6, 2.0),
        ),
    }  # fmt: skip


def test_the_point_decides_the_municipality_and_disagreements_are_errors(
    outlined, tmp_path
):
    text = (
        "id,name,municipality,postcode,latitude,longitude,country\n"
        "1,Coop Granada,Granada,18014,37.17,-3.60,\n"  # Andalusia, not la Granada
        '2,Coop Solana,"Solana, La",13240,,,\n'  # a Ciudad Real postcode
        "3,Coop Bogotá,Barcelona,,,,Colombia\n"
        "4,Coop Mixta,Barcelona,08001,41.38,1.72,\n"  # the point is in la Granada
        "5,Coop Web,https://coop.cat,,41.39,2.17,\n"  # not a name: the point
        "6,Coop Sense,,,41.40,2.18,\n"  # no name: the point
        "7,Coop Llarga,Vilanova de la Barca del Riu Llarg i San,,,,\n"  # cut at 40
        "8,Coop Bona,BARCELONA,08001,41.39,2.17,Espanya\n"
    )
    report = EntityImport(
        path=write(tmp_path, "places.csv", text), source="p", valid_only=True
    ).run()
    rows = {row["line"]: " ".join(row["messages"]) for row in report.rows}
    for line in (2, 3, 4):
        assert "outside the territories this network covers" in rows[line], line
    assert "Granada" not in {e.municipality.name for e in Entity.objects.all()}
    assert "Barcelona" in rows[5] and "08001" in rows[5] and "41.38, 1.72" in rows[5]
    by_name = {e.name: e.municipality for e in Entity.objects.all()}
    assert by_name == {
        "Coop Web": outlined["bcn"],
        "Coop Sense": outlined["bcn"],
        "Coop Llarga": outlined["long"],
        "Coop Bona": outlined["bcn"],
    }


def test_the_form_refuses_a_point_in_another_municipality(outlined):
    from teixit.entities.forms import EntityForm
    from teixit.territories.models import Municipality

    data = {"name": "Coop", "municipality": outlined["bcn"].pk, "postcode": "08001"}
    form = EntityForm(
        data={**data, "latitude": "41.38", "longitude": "1.72"},
        municipalities=Municipality.objects.all(),
    )
    assert not form.is_valid()
    assert "do not agree" in str(form.errors["municipality"])
    form = EntityForm(
        data={**data, "latitude": "41.39", "longitude": "2.18"},
        municipalities=Municipality.objects.all(),
    )
    assert form.is_valid(), form.errors


ESSGLOBAL = (
    "Identifier,Name,Organisational Structure,Locality,Postcode\n"
    "coop-1,Coop Una,,Barcelona,08001\n"
    "coop-2,Coop Dues,,Torelló,08570\n"
)


def test_a_renamed_file_is_the_same_source(places, tmp_path):
    first = EntityImport(path=write(tmp_path, "download.csv", ESSGLOBAL)).run()
    assert first.counts["created"] == 2
    assert first.origin == (
        "Source essglobal; preset essglobal, detected from the columns."
    )
    renamed = write(tmp_path, "download (1).csv", ESSGLOBAL.replace("Una", "Un"))
    second = EntityImport(path=renamed).run()
    assert second.counts == {
        "rows": 2, "created": 0, "updated": 1, "skipped": 1, "errors": 0
    }  # fmt: skip
    assert Entity.objects.count() == 2
    assert set(Entity.objects.values_list("source", flat=True)) == {"essglobal"}


def test_a_file_without_identifier_needs_a_source_name(places, tmp_path):
    path = write(tmp_path, "llista.csv", "name,municipality\nCoop,Barcelona\n")
    with pytest.raises(ImportFileError, match="source"):
        EntityImport(path=path)
    report = EntityImport(path=path, source="Llista de la xarxa").run()
    assert report.counts["created"] == 1
    assert report.origin == "Source Llista de la xarxa; no preset."
