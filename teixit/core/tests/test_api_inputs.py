"""What the API answers to odd input its schema allows: never a 500, always
the one JSON error shape (issue 10, point 13; the fuzzing run is
test_api_fuzz.py)."""

from http import HTTPStatus

import pytest

from teixit.core.api import MAX_PAGE_SIZE

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/members/",
    "/api/v1/territories/municipalities/",
    "/api/v1/vocabulary/concepts/",
    "/api/v1/entities/",
    "/api/v1/indicators/values/",
    "/api/v1/practices/",
    "/api/v1/materials/",
    "/api/v1/services/",
    "/api/v1/trainings/",
    "/api/v1/search/",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        {"limit": 2**63},
        {"offset": 2**63},
        {"limit": MAX_PAGE_SIZE + 1},
        {"limit": 0},
        {"offset": -1},
    ],
)
def test_paginated_lists_refuse_out_of_range_pages_with_400(client, url, query):
    response = client.get(url, query)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "invalid"


def test_page_size_cap_is_in_the_schema_and_a_full_page_works(client):
    assert client.get("/api/v1/entities/", {"limit": MAX_PAGE_SIZE}).status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "limit":
                    assert parameter["schema"]["maximum"] <= MAX_PAGE_SIZE, path


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/entities/null,null/"),
        ("patch", "/api/v1/entities/abc/"),
        ("post", "/api/v1/entities/1.5/publish/"),
        ("get", "/api/v1/no-such-thing/"),
        ("get", "/api/v2/"),
    ],
)
def test_unmatched_api_urls_answer_the_json_404(method, url):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a program calling the API
    response = getattr(client, method)(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_api_path_without_final_slash_still_redirects(client):
    response = client.get("/api/v1/entities")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].endswith("/api/v1/entities/")


def test_every_operation_documents_the_error_shape(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404"):
                assert status in operation["responses"], (method, path, status)


def test_progress_update_status_is_an_enum(client):
    schema = client.get("/api/v1/openapi.json").json()
    progress_in = schema["components"]["schemas"]["ProgressUpdateIn"]
    status = progress_in["properties"]["status"]
    ref = status.get("$ref", "").rsplit("/", 1)[-1]
    values = schema["components"]["schemas"][ref]["enum"] if ref else status["enum"]
    assert "" not in values and "in_progress" in values


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/entities/?q=a%00b",
        "/api/v1/members/a%00b/",
        "/api/v1/territories/municipalities/08%0019/",
        "/api/v1/search/?q=%00",
    ],
)
def test_nul_characters_are_a_400_or_a_404_never_a_500(client, url):
    """PostgreSQL refuses text with NUL characters (SQLite stores them)."""
    response = client.get(url)
    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"].startswith("application/json")
