"""Bad or partial files: a clear error naming the file and the place, and
nothing written. Codes 0899xx are not real municipalities, so these tests hold
whether or not the real files were imported by another test of the package."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from teixit.territories.models import Comarca, Municipality, Population, Province
from teixit.territories.services import ine_control_digit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are translated; these tests read the English ones."""
    with translation.override("en"):
        yield


POPULATION_HEADER = (
    "Any,Codi,Literal,Homes. De 0 a 14 anys,Homes. De 15 a 64 anys,Homes. De 65 anys i més,"
    "Dones. De 0 a 14 anys,Dones. De 15 a 64 anys,Dones. De 65 anys i més,"
    "Total. De 0 a 14 anys,Total. De 15 a 64 anys,Total. De 65 anys i més"
)


def _feature(
    code, name, comarca=("13", "Barcelonès"), province=("08", "Barcelona"), x=2.1
):
    return {
        "type": "Feature",
        "properties": {
            "CODIMUNI": code,
            "NOMMUNI": name,
            "CODICOMAR": comarca[0],
            "NOMCOMAR": comarca[1],
            "CODIPROV": province[0],
            "NOMPROV": province[1],
            "AREAM5000": 10.5,
        },
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [
                [[[x, 41.3], [x + 0.1, 41.3], [x + 0.1, 41.4], [x, 41.4], [x, 41.3]]]
            ],
        },
    }


@pytest.fixture
def files(tmp_path):
    def _write(features=None, population=None, geojson_text=None):
        geojson = tmp_path / "municipis.geojson"
        if geojson_text is None:
            features = features if features is not None else [
                _feature("089911", "Barcelona de prova"),
                _feature("089922", "l'Hospitalet de Prova", x=2.0),
            ]  # fmt: skip
            geojson_text = json.dumps(
                {"type": "FeatureCollection", "features": features}
            )
        geojson.write_text(geojson_text, encoding="utf-8")
        pop = tmp_path / "poblacio.csv"
        if population is None:
            population = "\n".join(
                [
                    POPULATION_HEADER,
                    "2020,089911,Barcelona de prova,1,2,3,4,5,6,5,7,9",
                    '2020,089922,"Hospitalet de Prova, l\'",1,1,1,1,1,1,2,2,2',
                ]
            )
        pop.write_text(population + "\n", encoding="utf-8")
        return geojson, pop

    return _write


def _run(geojson, population, *extra):
    out = StringIO()
    call_command(
        "import_territories",
        "--geojson",
        str(geojson),
        "--population",
        str(population),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def _counts():
    return [
        model.objects.count() for model in (Municipality, Population, Comarca, Province)
    ]


@pytest.fixture
def nothing_written():
    """Check, after the test, that the database is as it was before."""
    before = _counts()
    yield
    assert _counts() == before
    assert not Municipality.objects.filter(code__startswith="0899").exists()


def test_import_small_valid_files(files):
    geojson, pop = files()
    output = _run(geojson, pop)
    assert "2 municipalities created" in output
    barcelona = Municipality.objects.get(code="089911")
    assert barcelona.ine_code == "08991"
    assert barcelona.populations.get(year=2020).total == 21
    assert barcelona.populations.get(year=2020).men == 6
    assert Municipality.objects.get(code="089922").search_name == "hospitalet de prova"
    assert barcelona.boundary["coordinates"][0][0][0] == [2.1, 41.3]


def test_import_missing_file_is_reported(files, tmp_path, nothing_written):
    geojson, _ = files()
    with pytest.raises(CommandError, match=r"absent\.csv: the file does not exist"):
        _run(geojson, tmp_path / "absent.csv")


def test_import_broken_json_names_line_and_column(files, nothing_written):
    geojson, pop = files(geojson_text='{"type": "FeatureCollection",\n "features": [}')
    with pytest.raises(
        CommandError, match=r"municipis\.geojson: broken JSON at line 2"
    ):
        _run(geojson, pop)


def test_import_rejects_duplicate_codes_naming_the_feature(files, nothing_written):
    geojson, pop = files(
        features=[_feature("089911", "Barcelona"), _feature("089911", "Barcelona bis")]
    )
    with pytest.raises(
        CommandError, match=r"feature 2 \(089911 Barcelona bis\): duplicate code"
    ):
        _run(geojson, pop)


def test_import_rejects_features_without_required_properties(files, nothing_written):
    feature = _feature("089911", "Barcelona")
    del feature["properties"]["CODICOMAR"]
    geojson, pop = files(features=[feature])
    with pytest.raises(CommandError, match=r"feature 1: missing properties: CODICOMAR"):
        _run(geojson, pop)


def test_import_rejects_population_with_wrong_columns(files, nothing_written):
    geojson, pop = files(population="Year,Code,Name,People\n2020,089911,Barcelona,10")
    with pytest.raises(
        CommandError, match=r"poblacio\.csv: line 1: unexpected columns"
    ):
        _run(geojson, pop)


def test_import_rejects_population_of_unknown_municipalities(files, nothing_written):
    population = "\n".join(
        [
            POPULATION_HEADER,
            "2020,089911,Barcelona,1,1,1,1,1,1,2,2,2",
            "2020,259999,Enlloc,1,1,1,1,1,1,2,2,2",
        ]
    )
    geojson, pop = files(population=population)
    with pytest.raises(
        CommandError,
        match=r"poblacio\.csv, line 3: the municipality 259999 is not in the territories",
    ):
        _run(geojson, pop)


def test_import_rejects_bad_rows_and_reports_each(files, nothing_written):
    population = "\n".join(
        [
            POPULATION_HEADER,
            "2020,089911,Barcelona,1,1,1,1,1,1,2,2,many",
            "2020,81017,Hospitalet,1,1,1,1,1,1,2,2,2",
            "2020,089911,Barcelona,1,1,1,1,1,1,2,2,3",
        ]
    )
    geojson, pop = files(population=population)
    with pytest.raises(CommandError) as error:
        _run(geojson, pop)
    message = str(error.value)
    assert "line 2: the counts must be whole numbers" in message
    assert "line 3: the code '81017' must have 6 digits" in message
    assert "line 4: men and women (6) do not add up to the total (7)" in message


def test_import_geojson_without_population_is_refused(files):
    geojson, _ = files()
    with pytest.raises(CommandError, match="give both"):
        call_command("import_territories", "--geojson", str(geojson), stdout=StringIO())


def test_import_rejects_cnig_with_wrong_columns(files, tmp_path, nothing_written):
    geojson, pop = files()
    cnig = tmp_path / "cnig.csv"
    cnig.write_bytes("COD_INE;NOMBRE\r\n08019000000;Barcelona\r\n".encode("latin-1"))
    with pytest.raises(
        CommandError, match=r"cnig\.csv: line 1: missing columns COD_PROV"
    ):
        _run(geojson, pop, "--cnig", str(cnig))


def test_import_cnig_latin1_with_decimal_commas(files, tmp_path):
    geojson, pop = files()
    cnig = tmp_path / "cnig.csv"
    cnig.write_bytes(
        (
            "COD_INE;ID_REL;COD_GEO;COD_PROV;PROVINCIA;NOMBRE_ACTUAL;POBLACION_MUNI;SUPERFICIE;PERIMETRO;"
            "COD_INE_CAPITAL;CAPITAL;POBLACION_CAPITAL;HOJA_MTN25_ETRS89;LONGITUD_ETRS89;LATITUD_ETRS89;"
            "ORIGENCOOR;ALTITUD;ORIGENALTITUD\r\n"
            "08991000000;1089911;08001;08;Barcelona;Barcelona de prova;1660122;10076,44;116905;08991000101;"
            "Barcelona;1660122;0421-3;2,17634927;41,38424664;Mapa;13;MDT\r\n"
            "01001000000;1010014;01010;01;Araba/Álava;Alegría-Dulantzi;2975;1994,5872;35069;01001000101;"
            "Alegría-Dulantzi;2860;0113-3;-2,51243731;42,83981158;Mapa;568;MDT\r\n"
        ).encode("latin-1")
    )
    _run(geojson, pop, "--cnig", str(cnig))
    assert (
        Municipality.objects.filter(ine_code__in=["08991", "08992", "01001"]).count()
        == 3
    )
    alegria = Municipality.objects.get(ine_code="01001")
    assert alegria.code == "010014"
    assert alegria.name == "Alegría-Dulantzi"
    assert alegria.province.name == "Araba/Álava"
    assert float(alegria.area_km2) == pytest.approx(19.946)
    assert alegria.longitude == pytest.approx(-2.512437)
    assert alegria.populations.get(year=2023).total == 2975
    assert (
        Municipality.objects.get(code="089911").populations.get(year=2023).source
        == "CNIG"
    )


@pytest.mark.parametrize(
    ("ine", "code"),
    [
        ("08019", "080193"),
        ("08101", "081017"),
        ("28079", "280796"),
        ("01001", "010014"),
    ],
)
def test_ine_control_digit(ine, code):
    assert ine + ine_control_digit(ine) == code


def test_import_small_files_outlines_their_comarca_and_province(files):
    geojson, pop = files()
    _run(geojson, pop)
    # Two adjacent squares: the comarca outline is their union, one polygon.
    outline = Comarca.objects.get(code="13").boundary
    assert outline["type"] == "MultiPolygon" and len(outline["coordinates"]) == 1
    xs = [x for x, _y in outline["coordinates"][0][0]]
    assert min(xs) == 2.0 and max(xs) == 2.2
    assert Province.objects.get(code="08").boundary == outline


def test_import_stops_when_an_outline_cannot_be_made(
    files, nothing_written, monkeypatch
):
    import shapely.errors
    import shapely.ops

    def broken_union(parts):
        raise shapely.errors.GEOSException("TopologyException: side location conflict")

    monkeypatch.setattr(shapely.ops, "unary_union", broken_union)
    geojson, pop = files()
    with pytest.raises(CommandError, match="outline of the comarca 13 cannot be made"):
        _run(geojson, pop)
