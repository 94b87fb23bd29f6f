"""The public list of the entities API: its filters (municipality, sector, q, bbox)."""

from http import HTTPStatus

import pytest

from teixit.entities.models import Entity

from .factories import EntityFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/entities/"


def ids(response) -> list[int]:
    assert response.status_code == HTTPStatus.OK, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def located(places, vocabulary):
    """Four published entities: two placed in Barcelona, one in Torelló, one
    without coordinates of its own (shown at Barcelona's centroid), and a
    proposed one inside the box (never public)."""
    inside = EntityFactory(
        name="A dins", municipality=places["bcn"], latitude=41.40, longitude=2.17
    )
    inside.sectors.add(vocabulary["food"])
    edge = EntityFactory(
        name="B vora", municipality=places["bcn"], latitude=41.35, longitude=2.20
    )
    far = EntityFactory(
        name="C lluny", municipality=places["torello"], latitude=42.05, longitude=2.26
    )
    far.sectors.add(vocabulary["food"])
    centroid = EntityFactory(name="D centroide", municipality=places["bcn"])
    EntityFactory(
        name="E proposada",
        municipality=places["bcn"],
        latitude=41.40,
        longitude=2.17,
        status=Entity.Status.PROPOSED,
    )
    return inside, edge, far, centroid


def test_bbox_keeps_published_entities_with_their_own_coordinates_inside(
    client, located
):
    inside, edge, far, centroid = located
    response = client.get(URL, {"bbox": "2.10,41.30,2.25,41.45"})
    assert ids(response) == [inside.pk, edge.pk]
    assert response.json()["count"] == 2
    # The edges are inclusive.
    assert ids(client.get(URL, {"bbox": "2.20,41.35,2.30,41.36"})) == [edge.pk]
    # Everything published without the filter, the centroid-only one included.
    assert ids(client.get(URL)) == [inside.pk, edge.pk, far.pk, centroid.pk]


def test_bbox_combines_with_the_other_filters(client, located, places):
    inside, edge, far, centroid = located
    catalonia = "0.1,40.5,3.4,42.9"
    assert ids(client.get(URL, {"bbox": catalonia, "sector": "food"})) == [
        inside.pk,
        far.pk,
    ]
    assert ids(
        client.get(URL, {"bbox": catalonia, "municipality": places["torello"].code})
    ) == [far.pk]
    assert ids(client.get(URL, {"bbox": catalonia, "q": "vora"})) == [edge.pk]


@pytest.mark.parametrize(
    "bbox",
    ["2,41,3", "a,b,c,d", "3,41,2,42", "2,42,3,41", "2,41,300,42", "nan,41,3,42"],
)
def test_bad_bbox_is_a_400_with_the_reason(client, located, bbox):
    response = client.get(URL, {"bbox": bbox})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = response.json()
    assert body["code"] == "invalid_bbox"
    assert "bbox" in body["detail"]


def test_bad_bbox_reason_in_the_users_language(client, located):
    response = client.get(URL, {"bbox": "3,41,2,42"}, headers={"accept-language": "ca"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["detail"] == "A bbox, l'oest ha de ser menor que l'est."


def test_bbox_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"][URL]["get"]["parameters"]
    bbox = next(p for p in parameters if p["name"] == "bbox")
    assert "west,south,east,north" in bbox["description"]


def test_the_page_reads_no_boundary_and_a_fixed_number_of_queries(
    client, places, vocabulary
):
    """Municipal and comarcal boundaries are large JSON polygons the answer never
    shows: decoding them per row made a page of 100 entities take ~0.5 s."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    square = {
        "type": "Polygon",
        "coordinates": [[[2.0, 41.0], [2.5, 41.0], [2.5, 41.5], [2.0, 41.0]]],
    }
    bcn = places["bcn"]
    bcn.boundary = square
    bcn.save()
    bcn.comarca.boundary = square
    bcn.comarca.save()
    for i in range(30):
        EntityFactory(name=f"Entitat {i}", municipality=bcn).sectors.add(
            vocabulary["food"]
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"limit": 100})
    assert response.status_code == HTTPStatus.OK
    assert len(response.json()["items"]) == 30
    page_sql = [
        q["sql"] for q in queries.captured_queries if "entities_entity" in q["sql"]
    ]
    assert page_sql and not any("boundary" in sql for sql in page_sql)
    item = response.json()["items"][0]
    assert item["municipality"] == "Barcelona" and item["sectors"][0]["code"] == "food"
    for i in range(30, 60):
        EntityFactory(name=f"Entitat {i}", municipality=bcn)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(URL, {"limit": 100}).json()["items"]) == 60
    assert len(more.captured_queries) == len(queries.captured_queries)
