from http import HTTPStatus

import pytest
from django.db.models.signals import m2m_changed, post_save
from django.urls import NoReverseMatch, reverse
from factory.django import mute_signals

from teixit.maps.services import map_cells_rebuild
from teixit.territories.tests.factories import ComarcaFactory, MunicipalityFactory

from .factories import EntityFactory, criterion, legal_form, sector

pytestmark = pytest.mark.django_db

CATALONIA = "0.1,40.5,3.4,42.9"
URL = "/api/v1/map/"


def get_map(client, **params):
    params.setdefault("bbox", CATALONIA)
    return client.get(URL, params)


@pytest.fixture
def spread(db):
    """40 entities on a 5 x 8 grid over Catalonia (about 0.3° apart)."""
    food, care = sector("food", "Alimentació"), sector("care", "Cures")
    coop, assoc = (
        legal_form("coop", "Cooperativa"),
        legal_form("association", "Associació"),
    )
    democracy = criterion("democracy")
    comarca = ComarcaFactory(code="13")
    town = MunicipalityFactory(
        code="080193", comarca=comarca, latitude=41.39, longitude=2.17
    )
    other = MunicipalityFactory(code="170792", latitude=41.98, longitude=2.82)
    entities = []
    # Signals muted for speed; the rebuild below puts them on the map (the
    # incremental path is tested in test_services).
    with mute_signals(post_save, m2m_changed):
        for i in range(40):
            row, col = divmod(i, 8)
            entities.append(
                EntityFactory(
                    name=f"Entitat {i:02d}" + (" verda" if i % 4 == 0 else ""),
                    latitude=40.8 + row * 0.4,
                    longitude=0.5 + col * 0.35,
                    municipality=town if i % 2 else other,
                    legal_form=coop if i % 3 == 0 else assoc,
                    sectors=[food] if i % 2 == 0 else [care],
                    criteria=[democracy] if i < 10 else [],
                )
            )
    map_cells_rebuild()
    return entities


def features(response) -> list[dict]:
    assert response.status_code == HTTPStatus.OK, response.content
    data = response.json()
    assert data["type"] == "FeatureCollection"
    return data["features"]


def count(response) -> int:
    return sum(
        1 if not f["properties"]["cluster"] else f["properties"]["count"]
        for f in features(response)
    )


def test_map_low_zoom_clusters_with_counts_summing_to_total(client, spread):
    response = get_map(client, zoom=5)
    found = features(response)
    clusters = [f for f in found if f["properties"]["cluster"]]
    assert clusters and len(found) < 40
    assert count(response) == 40 == response.json()["count"]
    for cluster in clusters:
        props = cluster["properties"]
        west, south, east, north = props["bbox"]
        lon, lat = cluster["geometry"]["coordinates"]
        assert west <= lon <= east and south <= lat <= north
        assert props["zoom"] == 7


def test_map_high_zoom_gives_single_entities(client, spread):
    entity = spread[0]
    response = get_map(client, bbox="0.40,40.70,0.60,40.90", zoom=14)
    (feature,) = features(response)
    assert feature["geometry"] == {"type": "Point", "coordinates": [0.5, 40.8]}
    props = feature["properties"]
    assert props["cluster"] is False
    assert (props["id"], props["name"], props["approximate"]) == (
        entity.pk,
        entity.name,
        False,
    )
    try:
        assert props["url"] == reverse("entities:detail", kwargs={"pk": entity.pk})
    except NoReverseMatch:
        assert props["url"] is None


def test_map_every_zoom_counts_all_entities(client, spread):
    for zoom in range(0, 21, 2):
        assert count(get_map(client, zoom=zoom)) == 40, zoom


def test_map_uses_aggregate_then_points(client, spread):
    assert get_map(client, zoom=16).json()["source"] == "aggregate"
    assert get_map(client, zoom=17).json()["source"] == "points"
    assert get_map(client, zoom=8, q="verda").json()["source"] == "points"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"sector": "food"}, 20),
        ({"sector": "food,care"}, 40),
        ({"legal_form": "coop"}, 14),
        ({"legal_form": ["coop", "association"]}, 40),
        ({"criterion": "democracy"}, 10),
        ({"municipality": "080193"}, 20),
        ({"comarca": "13"}, 20),
        ({"q": "VERDA"}, 10),
        ({"sector": "food", "legal_form": "coop"}, 7),
        ({"sector": "care", "criterion": "democracy", "municipality": "080193"}, 5),
    ],
)
def test_map_filters(client, spread, params, expected):
    for zoom in (6, 12, 18):
        assert count(get_map(client, zoom=zoom, **params)) == expected, zoom


def test_map_bbox_limits_results(client, spread):
    # Only the first row of the grid (latitude 40.8).
    assert count(get_map(client, bbox="0.1,40.7,3.4,40.9", zoom=9)) == 8


def test_map_ignores_other_statuses(client, spread):
    spread[0].status = "archived"
    spread[0].save()
    assert count(get_map(client, zoom=7)) == 39


@pytest.mark.parametrize(
    "params, code, words",
    [
        ({"bbox": "3,40,1,42", "zoom": 7}, "invalid_bbox", "bbox"),
        ({"bbox": "1,42,3,40", "zoom": 7}, "invalid_bbox", "bbox"),
        ({"bbox": "1,40,3", "zoom": 7}, "invalid_bbox", "bbox"),
        ({"bbox": "a,b,c,d", "zoom": 7}, "invalid_bbox", "bbox"),
        ({"bbox": "1,40,200,42", "zoom": 7}, "invalid_bbox", "-180"),
        ({"bbox": CATALONIA, "zoom": 21}, "invalid_zoom", "20"),
        ({"bbox": CATALONIA, "zoom": -1}, "invalid_zoom", "20"),
        ({"bbox": CATALONIA, "zoom": 7, "sector": "nope"}, "unknown_code", "nope"),
        (
            {"bbox": CATALONIA, "zoom": 7, "legal_form": "food"},
            "unknown_code",
            "legal_form",
        ),
        (
            {"bbox": CATALONIA, "zoom": 7, "municipality": "999999"},
            "unknown_code",
            "999999",
        ),
    ],
)
def test_map_bad_input_answers_400_with_reason(client, spread, params, code, words):
    # The reason names the parameter or the codes at fault, in any language.
    response = client.get(URL, params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = response.json()
    assert (body["status"], body["code"]) == (400, code)
    assert words in body["detail"]


def test_map_missing_or_non_numeric_zoom_is_400(client, spread):
    for params in ({"bbox": CATALONIA}, {"bbox": CATALONIA, "zoom": "x"}, {"zoom": 7}):
        response = client.get(URL, params)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["code"] == "invalid"


def test_map_is_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/map/"]["get"]
    assert operation["operationId"] == "maps_features"
    assert {p["name"] for p in operation["parameters"]} >= {
        "bbox",
        "zoom",
        "sector",
        "q",
    }


@pytest.mark.parametrize("zoom", [3, 5, 7, 9, 12, 16, 17, 19])
def test_map_count_is_the_entities_inside_the_box(client, spread, zoom):
    # Columns 0 and 1 of the grid (longitudes 0.5 and 0.85), every row: at low
    # zoom the box cuts cells holding the other columns, which are not counted.
    response = get_map(client, bbox="0.1,40.5,1.0,42.9", zoom=zoom)
    assert response.json()["count"] == 10


def test_map_count_inside_the_box_with_filters(client, spread):
    for zoom in (4, 8, 18):
        data = get_map(client, bbox="0.1,40.5,1.0,42.9", zoom=zoom, sector="food")
        assert data.json()["count"] == 5, zoom
        data = get_map(client, bbox="0.1,40.5,1.0,42.9", zoom=zoom, legal_form="coop")
        assert data.json()["count"] == sum(
            1 for i in range(40) if i % 8 in (0, 1) and i % 3 == 0
        ), zoom


@pytest.fixture
def centroid_stack(db):
    """Five entities without coordinates: all at their municipality's centre."""
    town = MunicipalityFactory(code="250001", latitude=41.6, longitude=0.62)
    names = ["Ecos", "Arrels", "Dalla", "Cabàs", "Bosc"]
    with mute_signals(post_save, m2m_changed):
        entities = [
            EntityFactory(name=name, latitude=None, longitude=None, municipality=town)
            for name in names
        ]
    map_cells_rebuild()
    return entities


def test_map_entities_on_one_centroid_are_listed_not_clustered_forever(
    client, centroid_stack
):
    box = "0.60,41.59,0.64,41.61"
    # Low zoom: an ordinary cluster that zooms in.
    props = features(get_map(client, bbox=box, zoom=12))[0]["properties"]
    assert props["cluster"] and props["count"] == 5
    assert not props.get("stacked")
    # From the zooms read point by point, no zoom can split it: it is a list.
    for zoom in (17, 18, 20):
        found = features(get_map(client, bbox=box, zoom=zoom))
        assert len(found) == 1, zoom
        props = found[0]["properties"]
        assert props["cluster"] and props["stacked"] and props["count"] == 5
        listed = props["entities"]
        assert [e["name"] for e in listed] == [
            "Arrels",
            "Bosc",
            "Cabàs",
            "Dalla",
            "Ecos",
        ]
        assert all(e["approximate"] for e in listed)
        ids = {e.pk for e in centroid_stack}
        assert {e["id"] for e in listed} == ids


def test_map_entities_close_but_apart_split_with_zoom(client, spread):
    # Grid entities are apart: nothing is stacked, whatever the zoom below 20.
    for zoom in (17, 18):
        for feature in features(get_map(client, zoom=zoom)):
            assert not feature["properties"].get("stacked")


def test_map_entity_without_coordinates_is_approximate_even_if_marked_exact(client, db):
    town = MunicipalityFactory(code="250002", latitude=41.7, longitude=0.8)
    with mute_signals(post_save, m2m_changed):
        entity = EntityFactory(
            name="Sense coordenades", latitude=None, longitude=None, municipality=town
        )
    type(entity).objects.filter(pk=entity.pk).update(location_approximate=False)
    map_cells_rebuild()
    found = features(get_map(client, bbox="0.7,41.6,0.9,41.8", zoom=18))
    assert found[0]["properties"]["approximate"] is True
    assert found[0]["properties"]["id"] == entity.pk


@pytest.mark.parametrize("zoom", [6, 8, 12])
def test_map_count_takes_each_edge_strip_exactly(client, db, zoom):
    # Entities a hair inside and outside each edge of the box, in the strip
    # thinner than the finest cells the count reads (counted point by point).
    town = MunicipalityFactory(code="080193", latitude=41.39, longitude=2.17)
    west, south, east, north = 1.2345, 41.1234, 2.3456, 41.7654
    middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
    hair = 0.0004
    places = [
        (middle_lat, west + hair), (middle_lat, west - hair),
        (middle_lat, east - hair), (middle_lat, east + hair),
        (south + hair, middle_lon), (south - hair, middle_lon),
        (north - hair, middle_lon), (north + hair, middle_lon),
        (north - hair, west + hair), (south - hair, east + hair),
        (middle_lat, middle_lon),
    ]  # fmt: skip
    with mute_signals(post_save, m2m_changed):
        for lat, lon in places:
            EntityFactory(municipality=town, latitude=lat, longitude=lon)
    map_cells_rebuild()
    response = get_map(client, bbox=f"{west},{south},{east},{north}", zoom=zoom)
    assert response.json()["source"] == "aggregate"
    assert response.json()["count"] == 6  # four edges, a corner, the middle
