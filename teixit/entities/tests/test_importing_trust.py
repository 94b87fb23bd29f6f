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


def test_csv_with_a_short_last_record_without_line_break_is_refused(
    places, tmp_path
):
    text = HEADER + "1,Coop A,Barcelona,whole\n2,Coop B"
    with pytest.raises(ImportFileError, match="line 3"):
        EntityImport(path=write(tmp_path, "short.csv", text), source="s").run()
    assert not Entity.objects.exists()


def test_complete_csv_with_multiline_quoted_description_is_imported(
    places, tmp_path
):
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
