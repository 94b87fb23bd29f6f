from http import HTTPStatus

import pytest
from django.db.models.signals import m2m_changed, post_save
from factory.django import mute_signals

from teixit.maps.services import map_cells_rebuild
from teixit.territories.tests.factories import MunicipalityFactory

from .factories import EntityFactory, criterion, legal_form, sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    food, care = sector("food", "Alimentació"), sector("care", "Cures")
    coop = legal_form("coop", "Cooperativa de treball")
    criterion("democracy", "Democràcia")
    town = MunicipalityFactory(code="080193", name="Barcelona")
    with mute_signals(post_save, m2m_changed):
        for i in range(25):
            EntityFactory(
                name=f"Entitat {i:02d}",
                municipality=town,
                legal_form=coop if i < 5 else None,
                sectors=[food] if i % 5 == 0 else [care],
                longitude=1.0 + i / 10,
            )
    map_cells_rebuild()


def test_map_page_shows_map_filters_with_counts_and_list(client, register):
    response = client.get("/map/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'id="map"' in html and 'data-api="/api/v1/map/"' in html
    assert "vendor/leaflet/leaflet.js" in html and "maps/map.js" in html
    assert "Alimentació (5)" in html and "Cures (20)" in html
    assert "Cooperativa de treball (5)" in html
    assert "Barcelona (25)" in html
    assert "Democràcia (0)" in html
    assert (
        "Entitat 00" in html and "Entitat 19" in html and "Entitat 20" not in html
    )  # 20 per page
    assert 'rel="next"' in html


def test_map_page_list_is_paginated(client, register):
    html = client.get("/map/", {"page": 2}).content.decode()
    assert "Entitat 20" in html and "Entitat 24" in html and "Entitat 00" not in html


def test_map_page_filters_work_without_javascript(client, register):
    html = client.get("/map/", {"sector": "food"}).content.decode()
    assert "5 entities" in html or "5 entitats" in html
    assert "Entitat 05" in html and "Entitat 01" not in html
    # The map and the embed code keep the filter
    assert 'data-query="sector=food"' in html
    assert "/embed/map?sector=food" in html


def test_map_page_htmx_request_gets_only_the_list(client, register):
    response = client.get("/map/", {"legal_form": "coop"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="map-results"' in html
    assert "<html" not in html and 'id="map"' not in html
    assert "Entitat 04" in html and "Entitat 05" not in html


def test_map_page_unknown_filter_value_is_a_field_error(client, register):
    response = client.get("/map/", {"sector": "nope", "q": "Entitat 1"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'class="error"' in html
    assert 'value="Entitat 1"' in html  # what was typed is kept
    assert (
        "Entitat 10" in html and "Entitat 02" not in html
    )  # valid filters still apply


def test_map_page_embed_code_has_chosen_size(client, register):
    html = client.get(
        "/map/", {"embed_width": 800, "embed_height": 300, "sector": "care"}
    ).content.decode()
    assert 'width="800" height="300"' in html.replace("&quot;", '"')
    assert "/embed/map?sector=care" in html


def test_embed_page_can_be_framed_by_any_site(client, register):
    response = client.get("/embed/map", {"sector": "food"})
    assert response.status_code == HTTPStatus.OK
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert 'data-query="sector=food"' in html
    assert 'data-link-target="_blank"' in html
    assert "main-nav" not in html  # no site navigation
    assert "/map/?sector=food" in html


def test_map_page_cannot_be_framed(client, register):
    response = client.get("/map/")
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_map_page_with_empty_register(client, db):
    response = client.get("/map/")
    assert response.status_code == HTTPStatus.OK
    assert "empty-state" in response.content.decode()


def test_main_navigation_links_to_the_map(client, db):
    assert 'href="/map/"' in client.get("/").content.decode()


def test_unfiltered_list_counts_what_the_register_publishes(client, register):
    from teixit.entities.models import Entity

    town = MunicipalityFactory(code="250019", name="Abella de la Conca")
    EntityFactory(
        name="Sense coordenades", municipality=town, latitude=None, longitude=None
    )
    EntityFactory(name="Proposada", municipality=town, status=Entity.Status.PROPOSED)
    published = Entity.objects.filter(status=Entity.Status.PUBLISHED).count()
    response = client.get("/map/")
    assert response.context["page_obj"].paginator.count == published == 26


def test_unfiltered_map_page_does_not_count_the_register(client, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/map/")
    assert not [
        q
        for q in captured.captured_queries
        if "COUNT(*)" in q["sql"] and "entities_entity" in q["sql"]
    ]
    with CaptureQueriesContext(connection) as filtered:
        client.get("/map/", {"sector": "food"})
    assert [
        q
        for q in filtered.captured_queries
        if "COUNT(*)" in q["sql"] and "entities_entity" in q["sql"]
    ]
