"""The public list of the entities API: its filters (municipality, sector, q, bbox)."""

import datetime
import json
from http import HTTPStatus

import pytest

from teixit.entities.models import Entity

from .factories import EntityFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/entities/"


def _old_json(data) -> bytes:
    """What the API wrote before orjson: ninja's renderer."""
    from ninja.responses import NinjaJSONEncoder

    return json.dumps(data, cls=NinjaJSONEncoder).encode()


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


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_each_item_of_the_page_is_what_entity_out_gives_and_matches_the_schema(
    client, places, vocabulary, language
):
    """The list builds its page from plain values and skips the per-item
    validation: every item must be exactly what `entity_out` (the one-entity
    answer) gives for the same entity, and valid against `EntityOut`."""
    import datetime

    from django.utils import translation

    from teixit.entities.api import entity_out
    from teixit.entities.schemas import EntityOut
    from teixit.territories.tests.factories import MunicipalityFactory

    bare = MunicipalityFactory(
        name="Sense comarca",
        comarca=None,
        province=places["bcn"].province,
        latitude=None,
        longitude=None,
    )
    full = EntityFactory(
        name="Alfa coop",
        municipality=places["bcn"],
        legal_form=vocabulary["coop"],
        latitude=41.4,
        longitude=2.18,
        website="https://alfa.example",
        email="hola@alfa.example",
        email_public=True,
        phone="930000000",
        phone_public=False,
        year_founded=2001,
        workers_total=12,
        workers_women=7,
        members_count=40,
        social_balance_year=2025,
        last_verified_on=datetime.date(2026, 3, 1),
        description="Fem pa",
        address="Carrer Major, 1",
        postcode="08001",
    )
    full.sectors.add(vocabulary["housing"], vocabulary["food"])
    full.criteria.add(vocabulary["equity"], vocabulary["democracy"])
    # No label in the language asked for, nor in Catalan: the next one, then the code.
    only_en = EntityFactory(
        name="Beta", municipality=places["torello"], legal_form=vocabulary["assoc"]
    )
    from teixit.entities.tests.factories import concept

    only_en.sectors.add(concept("sectors", "zz-code-only", label_ca="", label_en=""))
    EntityFactory(name="Gamma", municipality=bare, website_public=False, website="x")
    response = client.get(URL, {"limit": 10}, headers={"accept-language": language})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["count"] == 3 and list(body) == ["items", "count"]
    with translation.override(language):
        expected = [
            EntityOut.model_validate(entity_out(e)).model_dump(mode="json")
            for e in Entity.objects.order_by("name", "pk")
        ]
    assert body["items"] == expected
    for item in body["items"]:
        assert EntityOut.model_validate(item).model_dump(mode="json") == item
        assert list(item) == list(EntityOut.model_fields)
    first = body["items"][0]
    assert [s["code"] for s in first["sectors"]] == ["food", "housing"]
    assert first["phone"] == "" and first["email"] == "hola@alfa.example"
    assert body["items"][2]["comarca"] is None and body["items"][2]["latitude"] is None


def test_the_list_keeps_its_paginated_schema_and_bounds(client, places):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"limit", "offset", "municipality", "sector", "q", "bbox"} <= names
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    paged = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(paged["properties"]) == {"items", "count"}
    assert paged["properties"]["items"]["items"]["$ref"].endswith("/EntityOut")
    assert client.get(URL, {"limit": 0}).status_code == HTTPStatus.BAD_REQUEST
    assert client.get(URL, {"limit": 1001}).status_code == HTTPStatus.BAD_REQUEST
    EntityFactory(name="Una", municipality=places["bcn"])
    EntityFactory(name="Dues", municipality=places["bcn"])
    page = client.get(URL, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and [i["name"] for i in page["items"]] == ["Una"]


def test_a_box_page_is_read_from_the_coordinates_index_alone(located):
    """The page of a box reads the band of latitudes from the index
    `(latitude, longitude, status, name, id)`, which holds everything the page
    filters and sorts on: at 1,000,000 entities a box in Barcelona holds
    ~15,000 of them, and reading each one's row from the table to check its
    status and sort its name took 43 ms of CPU where the index alone takes 6
    (bench/README.md, bench_api_vs_datasette.py)."""
    from django.db import connection

    from teixit.entities.api import _page_ids_statement, _ValuesPage
    from teixit.entities.selectors import EntityFilters

    inside, edge, _far, _centroid = located
    # A register with statistics, as a real one has (the planner's choice
    # depends on them): many published entities, few of them in the box.
    Entity.objects.bulk_create(
        EntityFactory.build(
            name=f"Fora {i}",
            municipality=located[2].municipality,
            latitude=42.0 + i / 10_000,
            longitude=2.26,
        )
        for i in range(300)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    box = (2.10, 41.30, 2.25, 41.45)
    page = _ValuesPage(EntityFilters(), box)
    assert [item["id"] for item in page[0:100]] == [inside.pk, edge.pk]
    # The statement the page ran (kept per filters, box and slice).
    sql, params = _page_ids_statement("default", EntityFilters(), box, 0, 100)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "COVERING INDEX entity_coordinates_page" in plan, plan
        else:
            # A few test rows: PostgreSQL would rather scan the table; told not
            # to, it must find an index that serves the box.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "entity_coordinates_page" in plan, plan


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_api_answers_are_the_json_they_were(
    client, places, vocabulary, monkeypatch, language
):
    """A page of the entities list, an entity, a list of another app and an
    error, in each language: read back and written with the old writer, the
    bytes the API wrote with it."""
    for i, town in enumerate(["bcn", "torello", "bcn"]):
        entity = EntityFactory(
            name=f"Cooperativa {i} l'Àvia «Òliba»",
            description="Menjador — cuina de proximitat\n",
            municipality=places[town],
            latitude=41.387917 + i / 1000 if i != 1 else None,
            longitude=2.169919 if i != 1 else None,
            last_verified_on=datetime.date(2026, 1, 2) if i else None,
        )
        entity.sectors.add(vocabulary["food"])
    urls = [
        ("/api/v1/entities/?limit=100", HTTPStatus.OK),
        (f"/api/v1/entities/{entity.pk}/", HTTPStatus.OK),
        ("/api/v1/vocabulary/schemes/", HTTPStatus.OK),
        ("/api/v1/entities/0/", HTTPStatus.NOT_FOUND),
        ("/api/v1/entities/?limit=0", HTTPStatus.BAD_REQUEST),
    ]

    def answers():
        return [client.get(url, HTTP_ACCEPT_LANGUAGE=language) for url, _status in urls]

    new = answers()
    monkeypatch.setattr("teixit.core.api.json_bytes", _old_json)  # the writer before
    before = answers()
    for (url, status), response, previous in zip(urls, new, before, strict=True):
        assert response.status_code == previous.status_code == status, url
        assert response["Content-Type"] == previous["Content-Type"]
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert _old_json(json.loads(response.content)) == previous.content, url
    assert "«Òliba»" in new[0].content.decode()  # UTF-8, not \\u escapes
    assert json.loads(new[0].content)["count"] == 3


def test_the_ids_statement_is_kept_per_filters_box_and_slice_never_the_answer(
    client, located
):
    """Only the compiled SQL is kept: an entity written between two identical
    requests is in the second answer."""
    from teixit.entities.api import _page_ids_statement

    inside, edge, far, _centroid = located
    box = {"bbox": "2.10,41.30,2.25,41.45"}
    _page_ids_statement.cache_clear()
    assert ids(client.get(URL, box)) == [inside.pk, edge.pk]
    newer = EntityFactory(
        name="AA nova", municipality=inside.municipality, latitude=41.4, longitude=2.2
    )
    assert ids(client.get(URL, box)) == [inside.pk, newer.pk, edge.pk]
    info = _page_ids_statement.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    # Another box, another slice, other filters: their own statements.
    assert ids(client.get(URL, {"bbox": "2.20,41.35,2.30,41.36"})) == [edge.pk]
    assert ids(client.get(URL, {**box, "offset": 1, "limit": 1})) == [newer.pk]
    assert ids(client.get(URL, {"municipality": far.municipality.code})) == [far.pk]
    assert _page_ids_statement.cache_info().misses == 4


def test_an_entity_s_answer_is_read_fresh_from_its_kept_statement(
    client, places, vocabulary
):
    """One entity's answer (`entity_get_public`, its statement compiled once)
    is read from the data as they are at each request: a new name, another
    municipality and sector show at once, an entity no longer published and a
    number beyond any key are not found."""
    entity = EntityFactory(name="Abans", municipality=places["bcn"])
    entity.sectors.add(vocabulary["food"])
    url = f"/api/v1/entities/{entity.pk}/"
    first = client.get(url).json()
    assert first["name"] == "Abans"
    assert [s["code"] for s in first["sectors"]] == [vocabulary["food"].code]
    Entity.objects.filter(pk=entity.pk).update(
        name="Després", municipality=places["torello"]
    )
    entity.sectors.clear()
    second = client.get(url).json()
    assert second["name"] == "Després"
    assert second["municipality_code"] == places["torello"].code
    assert second["sectors"] == []
    other = EntityFactory(name="Una altra", municipality=places["bcn"])
    assert client.get(f"/api/v1/entities/{other.pk}/").json()["name"] == "Una altra"
    Entity.objects.filter(pk=entity.pk).update(status=Entity.Status.PROPOSED)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/api/v1/entities/99999999999999999999/").status_code in (
        HTTPStatus.NOT_FOUND,
        HTTPStatus.UNPROCESSABLE_ENTITY,
    )
