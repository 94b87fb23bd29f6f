"""`openapi.json` is built once per process, language and prefix (issue 19:
162 KB of JSON was built on every request), and is the document ninja builds."""

import json
from http import HTTPStatus

import pytest
from ninja.responses import NinjaJSONEncoder

from config.api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """The languages the schema was built in, from an empty store."""
    built = []
    original = api.get_openapi_schema

    def counting(**kwargs):
        from django.utils.translation import get_language

        built.append(get_language())
        return original(**kwargs)

    monkeypatch.setattr(api, "get_openapi_schema", counting)
    monkeypatch.setattr(api, "_openapi_json", {})
    return built


def test_openapi_json_is_built_once_per_language_and_is_ninjas_document(client, builds):
    first = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="ca")
    second = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="ca")
    assert first.status_code == second.status_code == HTTPStatus.OK
    assert first["Content-Type"] == "application/json"
    assert first.content == second.content
    assert builds == ["ca"]

    spanish = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="es")
    assert builds == ["ca", "es"]
    client.get("/api/v1/openapi.json?lang=es", HTTP_ACCEPT_LANGUAGE="ca")
    assert builds == ["ca", "es"]

    from django.utils import translation

    for response, language in ((first, "ca"), (spanish, "es")):
        with translation.override(language):
            fresh = json.dumps(
                api.get_openapi_schema(path_prefix="/api/v1/"), cls=NinjaJSONEncoder
            )
        assert response.json() == json.loads(fresh)
    assert "/api/v1/entities/" in first.json()["paths"]


def test_api_docs_page_still_points_at_the_document(client, builds):
    page = client.get("/api/v1/docs")
    assert page.status_code == HTTPStatus.OK
    settings = page.content.decode().split('id="swagger-settings">')[1]
    url = json.loads(settings.split("</script>")[0])["url"]
    document = client.get(url)
    assert document.status_code == HTTPStatus.OK
    assert document.json()["info"]["title"] == "Teixit API"
