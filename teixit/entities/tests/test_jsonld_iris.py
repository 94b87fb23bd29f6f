"""The JSON-LD export is linked data others can use: every identifier is an
absolute IRI (the public base URL setting, ESSGlobal's IRIs, resolvable IRIs
of the platform's vocabulary), checked by parsing it with rdflib."""

import json
import warnings

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from teixit.entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

BASE = "https://xarxa.example.org"
SCHEMA = "https://schema.org/"


@pytest.fixture
def exported(client_for, places, vocabulary, settings):
    settings.TEIXIT_PUBLIC_BASE_URL = BASE
    entity = EntityFactory(
        name="Forn Cooperatiu",
        municipality=places["bcn"],
        legal_form=vocabulary["coop"],
        latitude=41.4,
        longitude=2.1,
    )
    entity.sectors.add(vocabulary["food"])
    entity.criteria.add(vocabulary["democracy"])
    with translation.override("es"):
        url = reverse("entities:export")
    response = client_for().get(url, {"format": "jsonld"})
    assert response.status_code == 200, url
    text = b"".join(response.streaming_content).decode()
    return entity, text


def _entity_iri(entity) -> str:
    with translation.override("ca"):
        return BASE + reverse("entities:detail", kwargs={"pk": entity.pk})


def parse_jsonld(text: str) -> Graph:
    """rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
    internally (rdflib 7.x): its warning is not about this code."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=text, format="json-ld")


def _iris(graph: Graph) -> set[str]:
    return {
        str(term) for triple in graph for term in triple if isinstance(term, URIRef)
    }


def test_every_iri_of_the_jsonld_export_is_absolute(exported):
    entity, text = exported
    graph = parse_jsonld(text)

    iris = _iris(graph)
    assert iris
    for iri in iris:
        assert iri.startswith(("https://", "http://")), iri
        assert not iri.startswith("urn:"), iri
    organisation = URIRef(_entity_iri(entity))
    assert (organisation, URIRef(SCHEMA + "name"), Literal("Forn Cooperatiu")) in graph


def test_concepts_use_essglobal_or_the_platform_iri(exported, vocabulary):
    entity, text = exported
    graph = parse_jsonld(text)
    organisation = URIRef(_entity_iri(entity))
    essglobal = "http://purl.org/essglobal/vocab/"

    legal_form = graph.value(organisation, URIRef(essglobal + "legalForm"))
    assert str(legal_form) == vocabulary["coop"].essglobal_uri
    sector = graph.value(organisation, URIRef(essglobal + "economicSector"))
    # No ESSGlobal equivalent: the platform's IRI, in the default language's
    # address space although the export was asked for in Spanish.
    assert str(sector) == f"{BASE}/vocabulary/sectors/food/"
    qualifier = graph.value(organisation, URIRef(essglobal + "qualifier"))
    assert str(qualifier) == f"{BASE}/vocabulary/sse-principles/democracy/"


def test_the_country_comes_from_the_municipality(exported):
    _entity, text = exported
    data = json.loads(text)
    organisations = [n for n in data["@graph"] if n.get("@type") != "Dataset"]
    assert organisations[0]["address"]["addressCountry"] == "ES"


def test_platform_concept_iris_resolve_to_skos_jsonld_and_html(
    exported, client_for, vocabulary
):
    _entity, text = exported
    client = client_for()
    path = "/vocabulary/sectors/food/"

    answer = client.get(path, HTTP_ACCEPT="application/ld+json")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/ld+json")
    assert "Accept" in answer["Vary"]
    graph = parse_jsonld(answer.content.decode())
    iri = URIRef(f"{BASE}{path}")
    assert (iri, SKOS.prefLabel, Literal("Alimentació", lang="ca")) in graph
    for found in _iris(graph):
        assert found.startswith(("https://", "http://")), found

    page = client.get(path, HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "Alimentació" in page.content.decode()
    assert client.get("/vocabulary/sectors/no-such-term/").status_code == 404


def test_export_command_needs_a_base_url_for_jsonld(
    places, vocabulary, settings, tmp_path
):
    settings.TEIXIT_PUBLIC_BASE_URL = ""
    with pytest.raises(CommandError, match="base-url"):
        call_command(
            "export_entities", "--format", "jsonld", "--output", str(tmp_path / "x")
        )
    out = tmp_path / "e.jsonld"
    call_command(
        "export_entities",
        "--format",
        "jsonld",
        "--output",
        str(out),
        "--base-url",
        BASE,
    )
    graph = parse_jsonld(out.read_text())
    assert all(iri.startswith("http") for iri in _iris(graph))
