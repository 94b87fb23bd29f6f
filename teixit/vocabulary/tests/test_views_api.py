import re
from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def test_glossary_lists_terms_with_definitions_and_anchors(vocabulary, client):
    response = client.get("/glossary/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'id="legal-forms-cooperativa-treball-associat"' in html
    assert "Cooperativa de treball associat" in html
    assert "http://purl.org/essglobal/standard/organisational-structure/OS60" in html


@pytest.mark.parametrize("prefix", ["", "/es", "/en"])
def test_full_glossary_holds_every_term_under_200_kb(vocabulary, client, prefix):
    """Every term of the shipped vocabularies is on the unfiltered page (each
    concept's address is an anchor of it), and the page stays under the
    crawl's 200 KB for HTML (issue 19; it weighed 244–251 KB, a third of it
    the template's indentation repeated for each term)."""
    from teixit.vocabulary.models import Concept

    response = client.get(f"{prefix}/glossary/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    anchors = set(re.findall(r'<dt id="([^"]+)">', html))
    assert anchors == {
        concept.anchor for concept in Concept.objects.select_related("scheme")
    }
    assert len(anchors) > 300
    assert len(response.content) < 200 * 1024
    assert '<span class="muted glossary-code">' in html


def test_glossary_search_is_accent_insensitive_and_in_the_current_language(
    vocabulary, client
):
    response = client.get("/es/glossary/", {"q": "GENERO"})
    html = response.content.decode()
    assert "Igualdad de género" in html
    assert "Cooperativa de trabajo asociado" not in html


def test_glossary_filters_by_scheme(vocabulary, client):
    html = client.get(
        "/en/glossary/", {"scheme": "service-modalities"}
    ).content.decode()
    assert "Direct management" in html
    assert "Worker cooperative" not in html


def test_glossary_htmx_request_gets_only_the_results(vocabulary, client):
    response = client.get("/glossary/", {"q": "energia"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in html
    assert 'id="sectors-energia"' in html


def test_glossary_says_when_nothing_matches(vocabulary, client):
    html = client.get("/en/glossary/", {"q": "zzzzqqq"}).content.decode()
    assert "No term matches the search." in html


def test_api_lists_schemes_and_concepts(vocabulary, client):
    schemes = client.get("/api/v1/vocabulary/schemes/").json()
    legal = next(s for s in schemes if s["code"] == "legal-forms")
    assert legal["concept_count"] == 21
    concepts = client.get(
        "/api/v1/vocabulary/schemes/legal-forms/concepts/", HTTP_ACCEPT_LANGUAGE="es"
    ).json()
    worker = next(c for c in concepts if c["code"] == "cooperativa-treball-associat")
    assert worker["label"] == "Cooperativa de trabajo asociado"
    assert worker["broader"] == "cooperativa"
    assert worker["url"].endswith("#legal-forms-cooperativa-treball-associat")


def test_api_searches_concepts(vocabulary, client):
    body = client.get(
        "/api/v1/vocabulary/concepts/", {"q": "energía", "scheme": "sectors"}
    ).json()
    assert [item["code"] for item in body["items"]] == ["energia"]


def test_api_unknown_scheme_is_404(client):
    response = client.get("/api/v1/vocabulary/schemes/nope/concepts/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "not_found"


def test_api_answers_in_the_language_asked_with_lang(vocabulary, client):
    body = client.get(
        "/api/v1/vocabulary/concepts/",
        {"q": "energia", "scheme": "sectors", "lang": "en"},
    ).json()
    assert body["items"][0]["label"] == "Energy"


def test_glossary_shows_essglobal_in_catalan_grouped_with_contents(vocabulary, client):
    """Issue 12.7: ESSGlobal's concepts in Catalan, grouped by scheme, with a
    contents list; no term is titled by a bare code."""
    html = client.get("/glossary/").content.decode()
    assert 'class="glossary-toc"' in html
    assert 'href="#essglobal-qualifiers"' in html
    assert "Comerç just" in html and "Organitzacions i clubs" in html
    assert "Grup informal" in html
    assert re.search(r'class="glossary-term">\s*\d+\s*<', html) is None


def test_glossary_search_works_without_javascript_on_essglobal_terms(
    vocabulary, client
):
    """A plain GET (the form without htmx) filters on the server, in the page's
    language."""
    html = client.get("/glossary/", {"q": "comerc just"}).content.decode()
    assert "Comerç just" in html
    assert "Organitzacions i clubs" not in html
    html = client.get("/es/glossary/", {"q": "comercio justo"}).content.decode()
    assert "Comercio justo" in html
