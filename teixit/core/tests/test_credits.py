"""The credits page: every shipped reference dataset with its source and licence."""

import json
from http import HTTPStatus
from pathlib import Path

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db


def _shipped_sources():
    for config in apps.get_app_configs():
        path = Path(config.path) / "data" / "sources.json"
        if path.is_file():
            yield from json.loads(path.read_text(encoding="utf-8"))["sources"]


def test_credits_page_lists_every_shipped_source_with_licence_and_version(client):
    response = client.get("/en/credits/")
    assert response.status_code == HTTPStatus.OK
    assert "core/credits.html" in [t.name for t in response.templates]
    content = response.content.decode()
    sources = list(_shipped_sources())
    # ICGC, Idescat, CNIG (territories) and ESSGlobal (vocabulary).
    assert len(sources) == 4
    for source in sources:
        for key in ("publisher", "dataset", "version", "licence", "attribution"):
            assert source[key] and source[key].replace("'", "&#x27;") in content, key
        assert source["licence_url"] in content
    assert "OpenStreetMap" in content  # the map background
    assert "Pam a Pam" not in content  # no stated licence: not shipped


def test_credits_page_is_translated(client):
    content = client.get("/credits/").content.decode()
    assert "Crèdits i fonts de dades" in content
    assert "Municipis de Catalunya" in content
    content = client.get("/es/credits/").content.decode()
    assert "Créditos y fuentes de datos" in content


def test_every_page_footer_links_the_credits(client):
    content = client.get("/").content.decode()
    assert 'href="/credits/"' in content
