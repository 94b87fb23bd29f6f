"""The reference territories shipped in teixit/territories/data/: built from the
publishers' files, loaded without them."""

import gzip
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import translation

from teixit.core.reference_files import SOURCES_FILE, read_maybe_gzip
from teixit.territories import reference
from teixit.territories.management.commands import build_reference_data
from teixit.territories.models import (
    CATALAN_PROVINCES,
    Comarca,
    Municipality,
    Population,
    Province,
)
from teixit.territories.services import territory_data_read


@pytest.fixture(autouse=True)
def _english():
    """Messages are translated; these tests read the English ones."""
    with translation.override("en"):
        yield


SHIPPED = sorted(
    path.name for path in reference.REFERENCE_DIR.iterdir() if path.name != "README.md"
)


@pytest.fixture(scope="module")
def originals(real_files):
    return reference.reference_originals(real_files["geojson"].parents[1])


@pytest.fixture(scope="module")
def read_originals(originals):
    """What the importer's readers make of the publishers' files (read once)."""
    return territory_data_read(
        geojson=originals["geojson"],
        population=originals["population"],
        cnig=originals["cnig"],
    )


@pytest.fixture(scope="module")
def built(read_originals, originals):
    return reference.reference_files(read_originals, originals)


def test_shipped_files_equal_a_fresh_build_from_the_originals(built):
    assert sorted(built) == SHIPPED
    for name, content in built.items():
        assert read_maybe_gzip(reference.REFERENCE_DIR / name) == content, (
            f"{name} is stale: run manage.py build_reference_data --from ../shared/data"
        )


def test_shipped_files_read_back_as_the_originals_do(read_originals):
    shipped = reference.reference_read()
    assert shipped.features == sorted(read_originals.features, key=lambda f: f.code)
    assert shipped.cnig == sorted(read_originals.cnig, key=lambda row: row.code)

    def figures(rows):
        return sorted((r.code, r.year, r.total, r.men, r.women) for r in rows)

    assert figures(shipped.populations) == figures(read_originals.populations)
    assert shipped.comarca_outlines == read_originals.comarca_outlines
    assert shipped.province_outlines == read_originals.province_outlines
    assert shipped.cnig_year == read_originals.cnig_year == 2023


def test_shipped_files_are_gzip_without_name_or_date_and_small():
    total = 0
    for name in SHIPPED:
        path = reference.REFERENCE_DIR / name
        total += path.stat().st_size
        if name.endswith(".gz"):
            header = path.read_bytes()[:10]
            # Byte 3: flags (no FNAME), bytes 4-7: mtime 0; so a rebuild is identical.
            assert header[3] == 0 and header[4:8] == b"\0\0\0\0", name
            gzip.decompress(path.read_bytes())
    assert total < 2_000_000  # all the shipped reference data: < 5 MB promised


def test_sources_name_publisher_licence_version_and_checksum(originals):
    sources = json.loads(
        (reference.REFERENCE_DIR / SOURCES_FILE).read_text(encoding="utf-8")
    )["sources"]
    by_key = {source["key"]: source for source in sources}
    assert by_key["geojson"]["licence"] == by_key["cnig"]["licence"] == "CC BY 4.0"
    assert "Idescat" in by_key["population"]["attribution"]
    for kind, path in originals.items():
        assert by_key[kind]["original"] == path.name
        assert by_key[kind]["version"].startswith(path.name)
        assert len(by_key[kind]["sha256"]) == 64
    listed = {name for source in sources for name in source["files"]}
    assert listed == set(SHIPPED) - {SOURCES_FILE}


def test_build_command_check_passes_and_finds_a_stale_file(
    built, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        build_reference_data,
        "reference_targets",
        lambda source_dir, cnig_year: {reference.REFERENCE_DIR: built},
    )
    out = StringIO()
    call_command("build_reference_data", "--from", "unused", "--check", stdout=out)
    assert "up to date" in out.getvalue()

    stale = dict(built)
    stale[reference.POPULATION] = built[reference.POPULATION] + b"080193,2030,1,,\n"
    monkeypatch.setattr(
        build_reference_data,
        "reference_targets",
        lambda source_dir, cnig_year: {reference.REFERENCE_DIR: stale},
    )
    with pytest.raises(CommandError, match=r"catalonia-population\.csv\.gz"):
        call_command("build_reference_data", "--from", "unused", "--check")


def test_build_command_writes_the_files_deterministically(built, tmp_path, monkeypatch):
    monkeypatch.setattr(
        build_reference_data,
        "reference_targets",
        lambda source_dir, cnig_year: {tmp_path / "a": built, tmp_path / "b": built},
    )
    call_command("build_reference_data", "--from", "unused", stdout=StringIO())
    for name in built:
        first, second = (tmp_path / "a" / name), (tmp_path / "b" / name)
        assert first.read_bytes() == second.read_bytes()
        assert read_maybe_gzip(first) == built[name]


def test_build_command_without_the_originals_says_which_and_writes_nothing(tmp_path):
    before = {p.name: p.read_bytes() for p in reference.REFERENCE_DIR.iterdir()}
    with pytest.raises(CommandError, match=r"no file matches catalonia/municipis-icgc"):
        call_command("build_reference_data", "--from", str(tmp_path))
    after = {p.name: p.read_bytes() for p in reference.REFERENCE_DIR.iterdir()}
    assert after == before


@pytest.mark.django_db
def test_load_reference_needs_no_shared_folder(settings, tmp_path):
    settings.TEIXIT_SHARED_DATA = tmp_path / "no-shared-data"
    out = StringIO()
    call_command("import_territories", "--reference", stdout=out)
    # (Other tests of this package may have imported the originals already:
    # the reference data then matches them and only fills what is missing.)
    assert "municipalities created" in out.getvalue()

    catalan = Municipality.objects.filter(province__code__in=CATALAN_PROVINCES)
    assert catalan.filter(boundary__isnull=False, comarca__isnull=False).count() == 947
    assert Municipality.objects.count() == 8132
    assert Comarca.objects.filter(boundary__isnull=False).count() == 43
    assert set(
        Province.objects.filter(boundary__isnull=False).values_list("code", flat=True)
    ) == set(CATALAN_PROVINCES)
    assert Comarca.objects.get(code="13").boundary["type"] == "MultiPolygon"

    def total(year):
        return Population.objects.filter(year=year).aggregate(t=Sum("total"))["t"]

    assert total(2019) == 7_675_217 and total(2020) == 7_780_479
    barcelona = Municipality.objects.get(code="080193")
    assert barcelona.name == "Barcelona" and barcelona.comarca.name == "Barcelonès"
    assert barcelona.populations.get(year=2020).women == 873_474
    assert barcelona.populations.get(year=2023).source == "CNIG"
    assert Municipality.objects.get(ine_code="28079").province.name == "Madrid"

    out = StringIO()
    call_command("import_territories", "--reference", "--if-empty", stdout=out)
    assert "nothing to do" in out.getvalue()


@pytest.mark.django_db
def test_load_reference_refuses_files_beside_it():
    before = Municipality.objects.count()
    with pytest.raises(CommandError, match="give no files"):
        call_command(
            "import_territories", "--reference", "--geojson", str(Path("x.geojson"))
        )
    assert Municipality.objects.count() == before
