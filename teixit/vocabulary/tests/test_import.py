import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from teixit.vocabulary.models import Concept, ConceptScheme
from teixit.vocabulary.services import DEFAULT_FILE, vocabulary_import
from teixit.vocabulary.skos import read_skos

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are translated; these tests read the English ones."""
    with translation.override("en"):
        yield


TEIXIT_SCHEMES = {
    "legal-forms",
    "sectors",
    "themes",
    "sse-principles",
    "municipal-services",
    "service-modalities",
    "material-types",
}


def test_shipped_file_has_the_schemes_with_three_languages():
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    assert {scheme["code"] for scheme in data["schemes"]} == TEIXIT_SCHEMES

    def walk(concepts):
        for concept in concepts:
            yield concept
            yield from walk(concept.get("narrower", []))

    for scheme in data["schemes"]:
        for concept in walk(scheme["concepts"]):
            for lang in ("ca", "es", "en"):
                assert concept["label"][lang].strip(), (
                    scheme["code"],
                    concept["code"],
                    lang,
                )
                assert concept["definition"][lang].strip(), (
                    scheme["code"],
                    concept["code"],
                    lang,
                )


def test_shipped_essglobal_uris_exist_in_the_essglobal_files(shared_data):
    folder = shared_data("essglobal")
    known = {c.uri for path in folder.glob("*.skos") for c in read_skos(path).concepts}
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))

    def walk(concepts):
        for concept in concepts:
            yield concept
            yield from walk(concept.get("narrower", []))

    linked = [
        c["essglobal_uri"]
        for s in data["schemes"]
        for c in walk(s["concepts"])
        if c.get("essglobal_uri")
    ]
    assert len(linked) > 50
    assert set(linked) <= known


def test_import_default_loads_teixit_schemes_with_hierarchy(vocabulary):
    assert set(ConceptScheme.objects.values_list("code", flat=True)) >= TEIXIT_SCHEMES
    worker = Concept.objects.get(
        scheme__code="legal-forms", code="cooperativa-treball-associat"
    )
    assert worker.label_ca == "Cooperativa de treball associat"
    assert worker.label_es == "Cooperativa de trabajo asociado"
    assert worker.broader.code == "cooperativa"
    assert (
        worker.essglobal_uri
        == "http://purl.org/essglobal/standard/organisational-structure/OS60"
    )
    assert (
        Concept.objects.filter(
            scheme__code="legal-forms", broader__code="cooperativa"
        ).count()
        == 8
    )
    assert Concept.objects.filter(scheme__code="sectors").count() >= 20
    assert Concept.objects.filter(scheme__code="service-modalities").count() == 3
    assert Concept.objects.filter(scheme__code="material-types").count() == 7


def test_import_default_loads_the_shipped_essglobal_vocabularies(vocabulary):
    # The copy in teixit/vocabulary/data/: no ../shared/data needed.
    legal = ConceptScheme.objects.get(code="essglobal-legal-form")
    assert legal.label_en == "Legal Form"  # as published
    # Catalan and Spanish come from Teixit's table (essglobal-translations.json).
    assert legal.label_ca == "Forma jurídica"
    informal = Concept.objects.get(scheme=legal, code="L1")
    assert informal.label_en == "Informal Group"
    assert informal.label_ca == "Grup informal"
    assert informal.label_es == "Grupo informal"
    assert informal.uri == "http://purl.org/essglobal/standard/legal-form/L1"
    assert informal.essglobal_uri == informal.uri
    # L4 has no published Spanish label: the table gives one.
    assert Concept.objects.get(scheme=legal, code="L4").label_es == (
        "Organización sin ánimo de lucro"
    )
    # A concept published with an empty label, or titled by its bare code, is
    # titled by its name in every language.
    clubs = Concept.objects.get(
        scheme__code="essglobal-products-services", code="94000000"
    )
    assert (clubs.label_en, clubs.label_ca) == (
        "Organizations and Clubs",
        "Organitzacions i clubs",
    )
    fisheries = Concept.objects.get(
        scheme__code="essglobal-products-services", code="70100000"
    )
    assert fisheries.label_en == "Fisheries and aquaculture"
    assert fisheries.definition_en == ""  # it only repeated the name
    organic = Concept.objects.get(scheme__code="essglobal-qualifiers", code="Organic")
    assert organic.broader.code == "q01"
    assert organic.label_ca == "Ecològic" and organic.definition_ca
    assert ConceptScheme.objects.filter(code__startswith="essglobal-").count() == 9
    assert Concept.objects.filter(scheme__code__startswith="essglobal-").count() == 260


def test_every_essglobal_concept_has_catalan_and_spanish_labels_not_codes(
    vocabulary,
):
    """Issue 12.7: the glossary shows Catalan and Spanish for every concept it
    lists, ESSGlobal's included, and no concept is titled by a bare code; a
    concept with a published definition has it in Catalan and Spanish too."""
    concepts = Concept.objects.filter(scheme__code__startswith="essglobal-")
    for concept in concepts:
        for lang in ("ca", "es", "en"):
            label = getattr(concept, f"label_{lang}")
            assert label.strip(), (concept.scheme.code, concept.code, lang)
            assert not label.isdigit(), (
                concept.scheme.code,
                concept.code,
                lang,
            )
        if concept.definition_en or concept.definition_es:
            assert concept.definition_ca and concept.definition_es, concept.code
    for scheme in ConceptScheme.objects.filter(code__startswith="essglobal-"):
        assert scheme.label_ca and scheme.label_es, scheme.code


def test_import_again_updates_in_place(vocabulary):
    before = Concept.objects.count()
    result = vocabulary_import(paths=[DEFAULT_FILE])
    assert result.created == 0 and result.updated == 0
    assert Concept.objects.count() == before


def test_import_updates_changed_labels_by_scheme_and_code(vocabulary, tmp_path):
    data = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    data["schemes"] = [s for s in data["schemes"] if s["code"] == "sectors"]
    data["schemes"][0]["concepts"][0]["label"]["ca"] = "Alimentació i begudes"
    path = tmp_path / "sectors.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = vocabulary_import(paths=[path])
    assert result.updated == 1
    concept = Concept.objects.get(scheme__code="sectors", code="alimentacio")
    assert concept.label_ca == "Alimentació i begudes"
    assert "begudes" in concept.search_text
    assert concept.history.count() == 2


def test_command_if_empty_skips_when_loaded(vocabulary):
    out = StringIO()
    call_command("import_vocabulary", "--default", "--if-empty", stdout=out)
    assert "nothing to do" in out.getvalue()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("broken.json", '{"schemes": [', r"broken\.json: broken JSON at line 1"),
        (
            "shape.json",
            '{"concepts": []}',
            r"shape\.json: a JSON object with a list of 'schemes'",
        ),
        (
            "code.json",
            '{"schemes": [{"code": "Bad Code", "label": "x"}]}',
            r"code\.json: scheme 1: the code 'Bad Code'",
        ),
        (
            "dup.json",
            '{"schemes": [{"code": "s", "label": "S", "concepts": [{"code": "a", "label": "A"}, {"code": "a", "label": "B"}]}]}',
            r"concept 2 \(a\): duplicate concept code",
        ),
        (
            "nolabel.json",
            '{"schemes": [{"code": "s", "label": "S", "concepts": [{"code": "a"}]}]}',
            r"concept 1 \(a\): a label is required",
        ),
        (
            "broader.json",
            '{"schemes": [{"code": "s", "label": "S", "concepts": [{"code": "a", "label": "A", "broader": "zz"}]}]}',
            r"broader concept 'zz' is not in scheme s",
        ),
        ("broken.skos", "<rdf:RDF><unclosed>", r"broken\.skos: broken XML at line 1"),
        ("notes.txt", "hello", r"notes\.txt: unknown kind of file"),
    ],
)
def test_import_malformed_files_fail_with_a_clear_message_and_write_nothing(
    tmp_path, name, text, message
):
    good = _write(
        tmp_path,
        "good.json",
        '{"schemes": [{"code": "good", "label": "Good", "concepts": [{"code": "a", "label": "A"}]}]}',
    )
    bad = _write(tmp_path, name, text)
    schemes, concepts = ConceptScheme.objects.count(), Concept.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("import_vocabulary", str(good), str(bad), stdout=StringIO())
    assert not ConceptScheme.objects.filter(code="good").exists()
    assert (ConceptScheme.objects.count(), Concept.objects.count()) == (
        schemes,
        concepts,
    )


def test_import_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match=r"absent\.json: the file does not exist"):
        call_command(
            "import_vocabulary", str(tmp_path / "absent.json"), stdout=StringIO()
        )


def test_import_skos_with_rdf_description_and_relative_uris(tmp_path):
    path = _write(
        tmp_path,
        "tiny.rdf",
        """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:skos="http://www.w3.org/2004/02/skos/core#"
         xml:base="http://example.org/voc/tiny/">
  <rdf:Description rdf:about="">
    <rdf:type rdf:resource="http://www.w3.org/2004/02/skos/core#ConceptScheme"/>
    <skos:prefLabel xml:lang="en">Tiny</skos:prefLabel>
  </rdf:Description>
  <skos:Concept rdf:about="top"><skos:prefLabel xml:lang="ES">Arriba</skos:prefLabel>
    <skos:narrower rdf:resource="leaf"/></skos:Concept>
  <skos:Concept rdf:about="leaf"><skos:prefLabel xml:lang="EN"></skos:prefLabel>
    <skos:definition xml:lang="en">A leaf.</skos:definition></skos:Concept>
</rdf:RDF>""",
    )
    vocabulary_import(paths=[path])
    leaf = Concept.objects.get(scheme__code="essglobal-tiny", code="leaf")
    assert leaf.uri == "http://example.org/voc/tiny/leaf"
    # An empty label takes the definition's text (no concept is untitled in the
    # glossary); the definition, now only repeating it, is dropped.
    assert leaf.label_en == "A leaf." and leaf.definition_en == ""
    assert leaf.broader.label_es == "Arriba"
