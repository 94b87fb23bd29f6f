import json
from http import HTTPStatus

import pytest
from openpyxl import Workbook

from teixit.entities.importing import (
    EntityImport,
    ImportFileError,
    detect_delimiter,
    open_tabular,
)
from teixit.entities.models import Entity

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


MAPPING = {
    "columns": {
        "name": "nom", "municipality": "municipi", "postcode": "cp", "tax_id": "nif",
        "latitude": "lat", "longitude": "lon", "sectors": "sectors", "legal_form": "forma",
        "email": "email", "workers_total": "treballadores",
    },
    "key": "id",
}  # fmt: skip


def test_import_shared_pamapam_file_refuses_unmatched_municipalities(
    catalonia, shared_data
):
    path = shared_data("entities", "abastiment-pamapam-2020.csv")
    report = EntityImport(source="list", path=path, mapping="pamapam").run()
    assert report.refused
    assert report.counts["rows"] == 257
    assert report.counts["errors"] > 0
    assert Entity.objects.count() == 0
    errors = [r for r in report.rows if r["action"] == "error"]
    assert any("Cardona, Manresa" in " ".join(r["messages"]) for r in errors)


def test_import_shared_pamapam_file_valid_only_writes_the_matched_rows(
    catalonia, shared_data
):
    path = shared_data("entities", "abastiment-pamapam-2020.csv")
    report = EntityImport(
        source="list", path=path, valid_only=True
    ).run()  # preset guessed from the columns
    assert not report.refused
    created = report.counts["created"]
    assert created > 200
    assert Entity.objects.count() == created
    assert "Only the valid rows" in report.message
    # names as people type them: accents, articles, extras in brackets
    torello = Entity.objects.get(name="3 Fermentats I Un Destí")
    assert torello.municipality.name == "Torelló"
    assert torello.location_approximate
    assert Entity.objects.filter(
        municipality__code="081017"
    ).exists()  # "Hospitalet de Llobregat"
    assert Entity.history.filter(history_type="+").count() == created


def test_reimport_updates_instead_of_duplicating(places, vocabulary, tmp_path):
    text = 'id,nom,municipi,cp,nif,lat,lon,sectors,forma,email,treballadores\n1,Coop A,Barcelona,8001,B12345674,"41,38","2,17",food;housing,Cooperative,a@example.org,4\n'
    path = write(tmp_path, "a.csv", text)
    first = EntityImport(path=path, mapping=MAPPING, source="list").run()
    assert first.counts["created"] == 1
    entity = Entity.objects.get()
    assert entity.postcode == "08001"
    assert entity.latitude == pytest.approx(41.38)
    assert not entity.location_approximate
    assert set(entity.sectors.values_list("code", flat=True)) == {"food", "housing"}
    assert entity.legal_form.code == "cooperative"
    history = Entity.history.get()
    assert set(history.sectors.values_list("concept__code", flat=True)) == {
        "food",
        "housing",
    }

    path2 = write(tmp_path, "a2.csv", text.replace("Coop A", "Coop A renamed"))
    second = EntityImport(path=path2, mapping=MAPPING, source="list").run()
    assert second.counts == {
        "rows": 1,
        "created": 0,
        "updated": 1,
        "skipped": 0,
        "errors": 0,
    }
    assert Entity.objects.get().name == "Coop A renamed"
    assert Entity.history.count() == 2


def test_any_row_error_refuses_everything_with_row_report(places, vocabulary, tmp_path):
    text = (
        "id,nom,municipi,cp,nif,lat,lon,sectors,forma,email,treballadores\n"
        "1,Good,Barcelona,08001,,,,,,,\n"
        "2,Bad tax,Barcelona,08001,B12345675,,,,,,\n"
        "3,Bad place,Atlantis,,,,,,,,\n"
        "4,,Barcelona,,,,,,,,\n"
        "5,Bad mail,Barcelona,,,,,,,nope,x\n"
    )
    report = EntityImport(
        source="list", path=write(tmp_path, "b.csv", text), mapping=MAPPING
    ).run()
    assert report.refused
    assert Entity.objects.count() == 0
    by_line = {r["line"]: r for r in report.rows}
    assert by_line[2]["action"] == "create"
    assert by_line[3]["action"] == "error" and "tax ID" in by_line[3]["messages"][0]
    assert "Atlantis" in by_line[4]["messages"][0]
    assert by_line[5]["action"] == "error"
    assert len(by_line[6]["messages"]) == 2


def test_valid_only_imports_the_good_rows_and_says_so(places, vocabulary, tmp_path):
    text = "id,nom,municipi,cp,nif,lat,lon,sectors,forma,email,treballadores\n1,Good,Barcelona,,,,,,,,\n2,Bad,Nowhere,,,,,,,,\n"
    report = EntityImport(
        source="list",
        path=write(tmp_path, "c.csv", text),
        mapping=MAPPING,
        valid_only=True,
    ).run()
    assert not report.refused
    assert Entity.objects.get().name == "Good"
    assert "Only the valid rows" in report.message


def test_dry_run_reports_per_row_and_writes_nothing(places, vocabulary, tmp_path):
    text = "id,nom,municipi,cp,nif,lat,lon,sectors,forma,email,treballadores\n1,New,Barcelona,,,,,,,,\n"
    path = write(tmp_path, "d.csv", text)
    EntityImport(path=path, mapping=MAPPING, source="s").run()
    text += "2,Other,Torello,,,,,,,,\n3,,,,,,,,,,\n"
    report = EntityImport(
        path=write(tmp_path, "d2.csv", text), mapping=MAPPING, source="s", dry_run=True
    ).run()
    actions = {r["line"]: (r["action"], r["messages"]) for r in report.rows}
    assert actions[2][0] == "skip" and "unchanged" in actions[2][1]
    assert actions[3][0] == "create"
    assert actions[4] == ("skip", ["empty row"])
    assert Entity.objects.count() == 1
    assert "Dry run" in report.message


def test_duplicate_keys_in_one_file_are_errors(places, tmp_path):
    text = "id,nom,municipi\n1,A,Barcelona\n1,B,Barcelona\n"
    report = EntityImport(
        source="list",
        path=write(tmp_path, "e.csv", text),
        mapping={"columns": {"name": "nom", "municipality": "municipi"}, "key": "id"},
    ).run()
    assert report.refused
    error = next(r for r in report.rows if r["action"] == "error")
    assert error["line"] == 3 and "line 2" in error["messages"][0]


def test_latin1_semicolon_file_with_decimal_commas_is_read(places, tmp_path):
    text = "nom;municipi;lat;lon\nCafè Torelló;TORELLO;42,05;2,26\nL'Horta;HOSPITALET DE LLOBREGAT, L';;\n"
    path = write(tmp_path, "f.csv", text, encoding="cp1252")
    tabular = open_tabular(path)
    assert tabular.encoding == "cp1252" and tabular.delimiter == ";"
    report = EntityImport(
        source="list",
        path=path,
        mapping={
            "columns": {
                "name": "nom",
                "municipality": "municipi",
                "latitude": "lat",
                "longitude": "lon",
            }
        },
    ).run()
    assert report.counts["created"] == 2, report.rows
    assert Entity.objects.get(name="Cafè Torelló").latitude == pytest.approx(42.05)
    assert Entity.objects.get(name="L'Horta").municipality.code == "081017"


def test_utf8_bom_tab_file_is_read(places, tmp_path):
    path = write(tmp_path, "g.tsv", "\ufeffname\tmunicipality\nA\t080193\n")
    tabular = open_tabular(path)
    assert tabular.encoding == "utf-8-sig" and tabular.delimiter == "\t"
    assert tabular.columns == ["name", "municipality"]
    assert (
        EntityImport(source="list", path=path).run().counts["created"] == 1
    )  # auto mapping by column name


def test_detect_delimiter_pipe_fallback():
    assert detect_delimiter("a|b|c\n1|2|3\n") == "|"


def test_xlsx_is_imported(places, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "municipality", "postcode"])
    sheet.append(["Excel coop", "Barcelona", 8001])
    path = tmp_path / "h.xlsx"
    workbook.save(path)
    report = EntityImport(source="list", path=path).run()
    assert report.counts["created"] == 1
    assert Entity.objects.get().postcode == "08001"


def test_osm_geojson_preset(places, tmp_path):
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": "node/1", "geometry": {"type": "Point", "coordinates": [2.17, 41.4]},
             "properties": {"name": "Botiga", "addr:street": "Carrer Gran", "addr:housenumber": "3",
                            "addr:postcode": "08001", "addr:city": "Barcelona", "contact:website": "coop.example.org",
                            "email": "hola@example.org", "ref:vatin": "ESB12345674"}},
        ],
    }  # fmt: skip
    path = write(tmp_path, "osm.geojson", json.dumps(data))
    report = EntityImport(source="list", path=path).run()
    assert report.counts["created"] == 1, report.rows
    entity = Entity.objects.get()
    assert entity.address == "Carrer Gran 3"
    assert entity.website == "https://coop.example.org"
    assert entity.tax_id == "B12345674"
    assert entity.longitude == pytest.approx(2.17)
    assert entity.external_ids == {"osm": "node/1"}


def test_essglobal_preset(places, vocabulary, tmp_path):
    header = "Identifier,Name,Description,Organisational Structure,Primary Activity,Activities,Street Address,Locality,Region,Postcode,Country ID,Territory ID,Website,Phone,Email,Twitter,Facebook,Companies House Number,Qualifiers,Membership Type,Latitude,Longitude,Geo Container,Geo Container Latitude,Geo Container Longitude"
    row = "ess-1,Coop Ess,Desc,https://w3id.solidarityeconomy.coop/essglobal/V2a/standard/organisational-structure/OS115,food,,C/ Major 1,Barcelona,,08001,ES,,https://ess.example.org,,,@ess,,,,,41.4,2.1,,,"
    report = EntityImport(
        source="list", path=write(tmp_path, "ess.csv", header + "\n" + row + "\n")
    ).run()
    assert report.counts["created"] == 1, report.rows
    entity = Entity.objects.get()
    assert entity.legal_form.code == "cooperative"
    assert entity.source_key == "ess-1"
    assert entity.external_ids["twitter"] == "@ess"


def test_import_finds_duplicates_of_other_sources(places, tmp_path):
    from .factories import EntityFactory

    existing = EntityFactory(
        name="L'Esparver, SCCL", municipality=places["bcn"], tax_id="B12345674"
    )
    report = EntityImport(
        source="list",
        path=write(
            tmp_path, "dup.csv", "name,municipality\nCooperativa l'Esparver,Barcelona\n"
        ),
    ).run()
    row = report.rows[0]
    assert row["action"] == "create"
    assert any(f"#{existing.pk}" in m for m in row["messages"])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", b""),
        ("binary.csv", b"\x00\x01\x02abc"),
        ("broken.geojson", b"{not json"),
        ("broken.xlsx", b"PK nope"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError):
        EntityImport(source="list", path=path).run()


def test_mapping_without_municipality_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="municipality"):
        EntityImport(
            source="list",
            path=write(tmp_path, "x.csv", "nom\nA\n"),
            mapping={"columns": {"name": "nom"}},
        )


def test_import_command_dry_run_and_valid_only(places, tmp_path, capsys):
    from django.core.management import CommandError, call_command
    from django.utils import translation

    path = write(tmp_path, "cmd.csv", "name,municipality\nA,Barcelona\nB,Nowhere\n")
    with translation.override("en"), pytest.raises(CommandError, match="refused"):
        call_command("import_entities", str(path), "--dry-run", "--source", "cmd")
    out = capsys.readouterr().out
    assert "line 2: create A" in out and "line 3: error B — Municipality" in out
    with translation.override("ca"), pytest.raises(CommandError):
        call_command("import_entities", str(path), "--dry-run", "--source", "cmd")
    out = capsys.readouterr().out
    assert "línia 2: crear A" in out  # the network's language by default
    broken = write(
        tmp_path,
        "bad.csv",
        'name,municipality\nA,Barcelona\n"' + "x" * 200_000 + '",Barcelona\n',
    )
    with translation.override("en"), pytest.raises(CommandError, match="Line 3"):
        call_command("import_entities", str(broken), "--no-progress", "--source", "cmd")
    call_command(
        "import_entities", str(path), "--valid-only", "--no-progress", "--source", "cmd"
    )
    assert Entity.objects.get().name == "A"
    assert HTTPStatus.OK  # keep the import used


def _index_sql():
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'entities_%entity%' ORDER BY name"
        )
        return cursor.fetchall()


@pytest.mark.parametrize("refused", [False, True])
def test_deferred_indexes_leave_the_schema_as_it_was(
    places, vocabulary, tmp_path, refused
):
    before = _index_sql()
    text = (
        "id,nom,municipi,cp,nif,lat,lon,sectors,forma,email,treballadores\n"
        "1,Coop A,Barcelona,8001,B12345674,,,food;housing,,,4\n"
        "2,Coop B,Barcelona,,,,,food,,,\n"
    )
    if refused:
        text += "3,Bad,Atlantis,,,,,,,,\n"
    report = EntityImport(
        source="list",
        path=write(tmp_path, "d.csv", text),
        mapping=MAPPING,
        defer_indexes=True,
    ).run()
    assert report.refused is refused
    assert _index_sql() == before
    if refused:
        assert Entity.objects.count() == 0
        assert Entity.history.count() == 0
    else:
        assert Entity.objects.count() == 2
        assert Entity.history.filter(history_type="+").count() == 2
        from django.apps import apps

        snapshot = apps.get_model("entities", "HistoricalEntity_sectors")
        assert snapshot.objects.count() == 3


def test_municipality_index_resolves_namesakes_and_bilingual_names_like_the_selector(
    places,
):
    """The import's in-memory index answers as `municipality_match` does, without
    a query: a bilingual name by either part, the municipality whose whole name
    it is before a part, the Catalan namesake, and no guess when still shared."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.entities.importing import MunicipalityIndex
    from teixit.territories.selectors import municipality_match
    from teixit.territories.tests.factories import MunicipalityFactory

    MunicipalityFactory(code="170669", ine_code="17066", name="Figueres")
    MunicipalityFactory(code="330234", ine_code="33023", name="Figueres")
    MunicipalityFactory(code="200697", ine_code="20069", name="Donostia/San Sebastián")
    MunicipalityFactory(code="099991", ine_code="09999", name="Sebastián")
    MunicipalityFactory(code="470011", ine_code="47001", name="Villanueva")
    MunicipalityFactory(code="500011", ine_code="50001", name="Villanueva")
    typed = ["Figueres", "FIGUERES", "San Sebastián", "donostia", "Sebastián",
             "Villanueva", "Barcelona", "08019", "L'HOSPITALET DE LLOBREGAT"]  # fmt: skip
    expected = [getattr(municipality_match(text), "pk", None) for text in typed]
    index = MunicipalityIndex()
    with CaptureQueriesContext(connection) as queries:
        assert [index.match(text) for text in typed] == expected
    assert len(queries) == 0
    assert index.codes[index.match("Figueres")] == "170669"
    assert index.match("Villanueva") is None


@pytest.mark.parametrize("known_source", [False, True])
def test_deferred_indexes_keep_the_key_index_when_keys_are_looked_up(
    places, tmp_path, known_source
):
    """A re-import looks up the existing keys of its source in every chunk: the
    `source_key` index stays while the others are deferred (not for a new source,
    which looks nothing up)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("indexes are deferred on SQLite only")
    if known_source:
        Entity.objects.create(
            name="Old", municipality=places["bcn"], source="d", source_key="0"
        )
    during = []
    text = "id,nom,municipi\n1,Coop A,Barcelona\n"
    EntityImport(
        path=write(tmp_path, "d.csv", text),
        mapping={"columns": {"name": "nom", "municipality": "municipi"}, "key": "id"},
        source="d",
        defer_indexes=True,
        row_callback=lambda row: during.append([name for name, _sql in _index_sql()]),
    ).run()
    names = during[0]
    assert (
        any(n.startswith("entities_entity_source_key") for n in names) is known_source
    )
    assert not any(name.startswith("entities_entity_name_9") for name in names)


def test_reimport_updates_only_the_rows_that_changed(places, vocabulary, tmp_path):
    header = "id,nom,municipi,cp,nif,lat,lon,sectors,forma,email,treballadores\n"
    rows = [
        '1,Coop A,Barcelona,8001,,"41,38","2,17",food,,a@example.org,4',
        "2,Coop B,Barcelona,,,,,housing,,,",
        "3,Coop C,Torelló,,,,,,,,",
    ]
    first = EntityImport(
        path=write(tmp_path, "a.csv", header + "\n".join(rows) + "\n"),
        mapping=MAPPING,
        source="list",
    ).run()
    assert first.counts["created"] == 3
    rows[1] = "2,Coop B,Barcelona,,,,,food|housing,,,"  # one more sector
    rows[2] = "3,Coop C renamed,Torelló,,,,,,,,"
    second = EntityImport(
        path=write(tmp_path, "b.csv", header + "\n".join(rows) + "\n"),
        mapping=MAPPING,
        source="list",
    ).run()
    counts = second.counts
    assert (counts["created"], counts["updated"], counts["skipped"]) == (0, 2, 1)
    actions = {row["key"]: row["action"] for row in second.rows}
    assert actions == {"1": "skip", "2": "update", "3": "update"}
    b = Entity.objects.get(source_key="2")
    assert sorted(b.sectors.values_list("code", flat=True)) == ["food", "housing"]
    c = Entity.objects.get(source_key="3")
    assert c.name == "Coop C renamed"
    assert c.history.latest("history_date").history_type == "~"
    assert Entity.objects.get(source_key="1").history.count() == 1  # unchanged


def test_import_limits_refuse_big_files_many_rows_and_expanding_workbooks(
    tmp_path, settings
):
    from teixit.core.tests.test_imports import bomb_xlsx

    rows = "nom;municipi\n" + "".join(f"E{n};Vic\n" for n in range(20))
    path = write(tmp_path, "llista.csv", rows)
    settings.LANGUAGE_CODE = "en"
    settings.TEIXIT_IMPORT_LIMITS = {"entities": {"max_rows": 10}}
    with pytest.raises(ImportFileError, match="more than 10 rows"):
        open_tabular(path)
    settings.TEIXIT_IMPORT_LIMITS = {"entities": {"max_bytes": 100}}
    with pytest.raises(ImportFileError, match="too large"):
        open_tabular(path)
    settings.TEIXIT_IMPORT_LIMITS = {}
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(bomb_xlsx())
    with pytest.raises(ImportFileError, match="would expand"):
        open_tabular(bomb)


def test_row_limit_holds_while_reading_when_the_estimate_is_low(tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    rows = "nom;municipi\n" + "".join(f"E{n};Vic\n" for n in range(20))
    tabular = open_tabular(write(tmp_path, "llista.csv", rows))
    tabular.max_rows = 5
    with pytest.raises(ImportFileError, match="more than"):
        list(tabular.rows())


def test_the_mapping_pages_index_is_kept_while_its_rows_are_the_same():
    """The preview's municipality index (`MunicipalityIndex.kept`) is built
    again when a municipality or a province changes, and answers as an index
    built anew."""
    from teixit.entities.importing import MunicipalityIndex
    from teixit.entities.validation import places_current
    from teixit.territories.models import Municipality, Province
    from teixit.territories.tests.factories import MunicipalityFactory

    figueres = MunicipalityFactory(code="170669", ine_code="17066", name="Figueres")
    first = MunicipalityIndex.kept(places_current())
    assert MunicipalityIndex.kept(places_current()) is first
    assert first.match("Figueres") == figueres.pk

    Municipality.objects.filter(pk=figueres.pk).update(name="Figueres de l'Empordà")
    renamed = MunicipalityIndex.kept(places_current())
    assert renamed is not first
    assert renamed.match("Figueres") is None
    assert renamed.match("Figueres de l'Empordà") == figueres.pk

    province = Province.objects.first()
    Province.objects.filter(pk=province.pk).update(name=province.name + " (nova)")
    assert MunicipalityIndex.kept(places_current()) is not renamed

    fresh = MunicipalityIndex()
    kept = MunicipalityIndex.kept(places_current())
    for text in ("Figueres de l'Empordà", "Barcelona", "08019", "Girona, Girona", "x"):
        assert kept.match(text) == fresh.match(text), text


# Committed writes (transactional_db): on PostgreSQL the stamp changes at the
# commit, and a transaction that wrote has none (it reads the rows again).
@pytest.mark.django_db(transaction=True)
def test_the_preview_reads_no_territory_while_the_register_stamp_holds():
    """While nothing is written, the preview's municipality index, concept
    index and the outlines (`places_current`) cost one read of the register's
    stamp each: no municipality, province or concept row is read. A write the
    ORM does not see (raw SQL) still changes the stamp (its triggers), so the
    next preview sees it; a write that changes the stamp but not what they
    are built from (an entity) keeps them as they were."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.entities.importing import ConceptIndex, MunicipalityIndex
    from teixit.entities.tests.factories import EntityFactory, concept
    from teixit.entities.validation import places_current
    from teixit.territories.tests.factories import MunicipalityFactory

    vic = MunicipalityFactory(code="082981", ine_code="08298", name="Vic")
    sector = concept("sectors", "alimentacio-test", label_ca="Alimentació de prova")
    places = places_current()
    municipalities = MunicipalityIndex.kept(places)
    concepts = ConceptIndex.kept()
    with CaptureQueriesContext(connection) as queries:
        assert places_current() is places
        assert MunicipalityIndex.kept(places) is municipalities
        assert ConceptIndex.kept() is concepts
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert len(queries.captured_queries) == 3, read
    for table in ("territories_municipality", "territories_province", "vocabulary"):
        assert table not in read

    EntityFactory(municipality=vic)  # the stamp changes, the territories do not
    assert places_current() is places
    assert MunicipalityIndex.kept(places) is municipalities
    assert ConceptIndex.kept() is concepts

    with connection.cursor() as cursor:
        cursor.execute("UPDATE territories_province SET name = name || ' (nova)'")
    provinces = MunicipalityIndex.kept(places_current())
    assert provinces is not municipalities
    assert provinces.provinces == MunicipalityIndex().provinces
    assert provinces.provinces != municipalities.provinces

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE territories_municipality SET name = %s WHERE id = %s",
            ["Vic de Osona", vic.pk],
        )
    renamed = MunicipalityIndex.kept(places_current())
    assert renamed is not provinces
    assert renamed.match("Vic de Osona") == vic.pk
    assert renamed.match("Vic") is None

    assert concepts.match("sectors", "Alimentació de prova") == sector.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE vocabulary_concept SET label_ca = %s WHERE id = %s",
            ["Un sector nou de trinca", sector.pk],
        )
    again = ConceptIndex.kept()
    assert again is not concepts
    assert again.match("sectors", "Un sector nou de trinca") == sector.pk
