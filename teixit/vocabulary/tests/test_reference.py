"""The ESSGlobal copy shipped in teixit/vocabulary/data/ and its build."""

import dataclasses
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from teixit.core.reference_files import SOURCES_FILE, gzip_bytes, read_maybe_gzip
from teixit.vocabulary.models import Concept, ConceptScheme
from teixit.vocabulary.reference import (
    ESSGLOBAL,
    REFERENCE_DIR,
    read_essglobal_reference,
    reference_build,
)
from teixit.vocabulary.services import (
    ESSGLOBAL_FILE,
    read_essglobal_file,
    vocabulary_import,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _plain(schemes):
    return [dataclasses.replace(scheme, path=None) for scheme in schemes]


def test_shipped_essglobal_equals_a_fresh_build_from_the_skos_files(shared_data):
    built = reference_build(shared_data())
    assert set(built) == {ESSGLOBAL, SOURCES_FILE}
    for name, content in built.items():
        assert read_maybe_gzip(REFERENCE_DIR / name) == content, (
            f"{name} is stale: run manage.py build_reference_data --from ../shared/data"
        )


def test_shipped_essglobal_reads_as_the_skos_files_do(shared_data):
    originals = sorted(shared_data("essglobal").glob("*.skos"))
    assert _plain(read_essglobal_reference(ESSGLOBAL_FILE)) == _plain(
        [read_essglobal_file(path) for path in originals]
    )


def test_shipped_essglobal_names_its_sources_and_licence():
    sources = json.loads((REFERENCE_DIR / SOURCES_FILE).read_text(encoding="utf-8"))
    (source,) = sources["sources"]
    assert source["licence"] == "CC BY 3.0"
    assert "RIPESS" in source["attribution"]
    assert len(source["originals"]) == 9
    assert (REFERENCE_DIR / "README.md").is_file()


@pytest.mark.django_db
def test_import_of_a_broken_shipped_copy_says_why_and_writes_nothing(tmp_path):
    broken = tmp_path / "essglobal.json.gz"
    broken.write_bytes(b"not gzip at all")
    other = tmp_path / "other.json.gz"
    other.write_bytes(gzip_bytes(b'{"format": "something-else", "schemes": []}'))
    with pytest.raises(ValidationError, match=r"essglobal\.json\.gz: the file cannot"):
        vocabulary_import(paths=[broken])
    with pytest.raises(ValidationError, match=r"other\.json\.gz: a file of format"):
        vocabulary_import(paths=[other])
    assert not ConceptScheme.objects.exists() and not Concept.objects.exists()
