from http import HTTPStatus

import pytest
from django.db.models.signals import m2m_changed, post_save
from factory.django import mute_signals

from teixit.maps.services import map_cells_rebuild
from teixit.territories.tests.factories import MunicipalityFactory

from .factories import EntityFactory, criterion, legal_form, sector

#: The outlines' one address, outside the language prefixes.
OUTLINES = "/map-data/outlines.geojson"

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
    listed = _list(html)
    assert (
        "Entitat 00" in listed and "Entitat 19" in listed and "Entitat 20" not in listed
    )  # 20 per page
    assert 'rel="next"' in html


def _list(html: str) -> str:
    """The list beside the map (the page also embeds the map's first view)."""
    start = html.index('id="map-results"')
    return html[start : html.index("</section>", start)]


def test_map_page_list_is_paginated(client, register):
    html = _list(client.get("/map/", {"page": 2}).content.decode())
    assert "Entitat 20" in html and "Entitat 24" in html and "Entitat 00" not in html


def test_map_page_filters_work_without_javascript(client, register):
    html = client.get("/map/", {"sector": "food"}).content.decode()
    assert "5 entities" in html or "5 entitats" in html
    assert "Entitat 05" in _list(html) and "Entitat 01" not in _list(html)
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
    assert "Entitat 10" in _list(html) and "Entitat 02" not in _list(
        html
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


# -- Outlines: the vector base layer ------------------------------------------


def _square(west, south, size, points_per_side=50):
    """A closed ring with many points on each side (a simplifier drops them)."""
    ring = []
    corners = [(west, south), (west + size, south), (west + size, south + size),
               (west, south + size)]  # fmt: skip
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
        for i in range(points_per_side):
            t = i / points_per_side
            ring.append([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def outlined(db):
    from django.core.cache import cache

    from teixit.territories.tests.factories import ComarcaFactory

    cache.clear()  # the built outlines are cached by rows' number and last id

    cerdanya = ComarcaFactory(
        code="11", name="Cerdanya", boundary=_square(1.7, 42.3, 0.4)
    )
    ComarcaFactory(code="12", name="Sense contorn", boundary=None)
    MunicipalityFactory(code="170066", name="Alp", comarca=cerdanya,
                        boundary=_square(1.85, 42.35, 0.1))  # fmt: skip
    return cerdanya


def test_outlines_serve_simplified_comarques_cached_by_browsers(client, outlined):
    response = client.get(OUTLINES)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/geo+json"
    assert (
        "public" in response["Cache-Control"]
        and "max-age=" in response["Cache-Control"]
    )
    assert response["ETag"]
    data = response.json()
    assert [f["properties"] for f in data["features"]] == [
        {"code": "11", "name": "Cerdanya"}
    ]
    ring = data["features"][0]["geometry"]["coordinates"][0][0]
    assert len(ring) == 5  # 201 points of straight sides: the 4 corners, closed
    assert ring[0] == ring[-1] == [1.7, 42.3]


def test_outlines_of_municipalities_and_unknown_levels(client, outlined):
    data = client.get(OUTLINES + "?level=municipalities").json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Alp"]
    bad = client.get(OUTLINES + "?level=provinces")
    assert bad.status_code == HTTPStatus.NOT_FOUND


def test_outlines_answer_not_modified_to_the_same_etag_and_follow_a_reimport(
    client, outlined
):
    first = client.get(OUTLINES)
    again = client.get(OUTLINES, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    from teixit.territories.tests.factories import ComarcaFactory

    ComarcaFactory(code="13", name="Nova", boundary=_square(0.5, 41.0, 0.2))
    changed = client.get(OUTLINES, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == HTTPStatus.OK
    assert len(changed.json()["features"]) == 2


def test_outlines_are_gzipped_for_browsers_that_accept_it(client, outlined):
    from teixit.territories.tests.factories import ComarcaFactory

    for code in range(20, 30):  # more than a few hundred bytes to compress
        ComarcaFactory(code=str(code), boundary=_square(code / 10, 41.0, 0.05))
    response = client.get(OUTLINES, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("page", ["/map/", "/es/map/", "/en/map/", "/embed/map"])
def test_map_pages_of_every_language_point_at_the_one_outlines_address(
    client, register, page
):
    html = client.get(page).content.decode()
    assert f'data-outlines="{OUTLINES}"' in html


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_outlines_are_the_same_answer_in_every_language_kept_a_day(
    client, outlined, language
):
    """Data without a language at one address: no `Vary: Accept-Language` nor
    `Content-Language` (which the locale middleware adds outside the
    prefixes), so a cache keeps one copy for every visitor."""
    catalan = client.get(OUTLINES, headers={"Accept-Language": "ca"})
    response = client.get(
        OUTLINES,
        headers={"Accept-Language": language, "Accept-Encoding": "gzip"},
        cookies={"django_language": language},
    )
    assert response.status_code == HTTPStatus.OK
    # GZipMiddleware weakens the tag of what it compresses (W/"…"): the same
    # answer either way.
    assert response["ETag"].removeprefix("W/") == catalan["ETag"].removeprefix("W/")
    vary = [v.strip().lower() for v in response.get("Vary", "").split(",")]
    assert "accept-language" not in vary and "cookie" not in vary
    assert "accept-encoding" in vary  # gzipped or not, still told apart
    assert not response.has_header("Content-Language")
    assert f"max-age={24 * 60 * 60}" in response["Cache-Control"]
    # Pages still vary by language: the mark is the outlines' own.
    assert "Accept-Language" in client.get("/map/")["Vary"]


def test_outlines_that_renew_a_session_cookie_keep_varying_by_cookie(
    client, outlined, registered_user
):
    """A logged-in visitor's answer may carry the session's cookie (the visit
    is noted): it keeps `Vary: Cookie`, so no shared cache serves it to
    others; without a cookie set, the answer is everyone's."""
    client.force_login(registered_user)
    noted = client.get(OUTLINES)
    assert noted.cookies
    assert "Cookie" in noted["Vary"]
    assert "Accept-Language" not in noted["Vary"]
    again = client.get(OUTLINES)
    assert not again.cookies
    assert "Cookie" not in again.get("Vary", "")


@pytest.mark.parametrize("prefix", ["", "/es", "/en"])
def test_former_outlines_addresses_redirect_permanently_with_their_level(
    client, outlined, prefix
):
    old = client.get(f"{prefix}/map/outlines.geojson?level=municipalities")
    assert old.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert old["Location"] == OUTLINES + "?level=municipalities"
    assert client.get(f"{prefix}/map/outlines.geojson")["Location"] == OUTLINES
    followed = client.get(old["Location"]).json()
    assert [f["properties"]["name"] for f in followed["features"]] == ["Alp"]


# -- The first view, embedded in the page --------------------------------------


def _first_view(html: str) -> dict | None:
    import json
    import re

    found = re.search(
        r'<script id="map-first-view" type="application/json">(.*?)</script>', html
    )
    return json.loads(found.group(1)) if found else None


def test_map_page_embeds_the_first_view_as_the_api_answers_it(client, register):
    html = client.get("/map/").content.decode()
    first = _first_view(html)
    assert 'data-first-view="map-first-view"' in html
    assert first["zoom"] == 8 and first["query"] == ""
    west, south, east, north = first["bbox"]
    assert west < 1.0 < 3.4 < east and south < 41.4 < north  # the register's area
    api = client.get(
        "/api/v1/map/", {"bbox": ",".join(map(str, first["bbox"])), "zoom": 8}
    ).json()
    assert first["data"] == api
    assert first["data"]["count"] == 25


def test_map_and_embed_pages_embed_the_first_view_with_their_filters(client, register):
    first = _first_view(client.get("/map/", {"sector": "food"}).content.decode())
    assert first["query"] == "sector=food" and first["data"]["count"] == 5
    embedded = _first_view(
        client.get("/embed/map", {"legal_form": "coop"}).content.decode()
    )
    assert embedded["query"] == "legal_form=coop" and embedded["data"]["count"] == 5


def test_first_view_is_not_embedded_for_filters_read_point_by_point(client, register):
    # Text (and criteria, places, labels) are answered point by point: the map
    # asks the API after the page, which stays as quick as without them.
    html = client.get("/map/", {"q": "Entitat 1"}).content.decode()
    assert _first_view(html) is None and "data-first-view" not in html
    htmx = client.get("/map/", HTTP_HX_REQUEST="true").content.decode()
    assert "map-first-view" not in htmx
