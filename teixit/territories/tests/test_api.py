from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def test_api_lists_provinces_and_comarques(reference, client):
    response = client.get("/api/v1/territories/provinces/")
    assert response.status_code == HTTPStatus.OK
    assert {"code": "08", "name": "Barcelona"} in response.json()
    response = client.get("/api/v1/territories/comarques/")
    assert len(response.json()) == 43
    girona = client.get("/api/v1/territories/comarques/", {"province": "17"}).json()
    assert {"code": "20", "name": "Gironès", "province": "17"} in girona


def test_api_comarques_list_reads_no_boundary(reference, client):
    """The list shows codes and names: the comarques' and provinces' outlines
    (JSON decoded for each row) stay unread (issue 19's crawl: 98 ms of CPU
    for 43 rows, 1.6 ms without them), and the answer is the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.territories.models import Comarca

    with CaptureQueriesContext(connection) as queries:
        listed = client.get("/api/v1/territories/comarques/").json()
    assert not any("boundary" in q["sql"] for q in queries.captured_queries)
    assert listed == [
        {"code": c.code, "name": c.name, "province": c.province.code}
        for c in Comarca.objects.select_related("province").order_by(
            *Comarca._meta.ordering or ["pk"]
        )
    ]
    assert any(c.boundary for c in Comarca.objects.all())  # there are outlines


def test_api_lists_municipalities_paginated_and_filtered(reference, client):
    response = client.get("/api/v1/territories/municipalities/", {"comarca": "13"})
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == 5
    assert {item["name"] for item in body["items"]} >= {
        "Barcelona",
        "Badalona",
        "l'Hospitalet de Llobregat",
    }
    page = client.get(
        "/api/v1/territories/municipalities/", {"province": "08", "limit": 10}
    ).json()
    assert page["count"] == 311 and len(page["items"]) == 10
    found = client.get(
        "/api/v1/territories/municipalities/", {"q": "prat de llobregat"}
    ).json()
    assert [item["code"] for item in found["items"]] == ["081691"]
    assert "boundary" not in found["items"][0]


def test_api_municipality_detail_has_populations_and_geometry_on_request(
    reference, client
):
    body = client.get("/api/v1/territories/municipalities/080193/").json()
    assert body["comarca_name"] == "Barcelonès"
    assert body["boundary"] is None
    assert {
        "year": 2019,
        "total": 1_636_762,
        "men": 775_619,
        "women": 861_143,
        "source": "Idescat",
    } in body["populations"]
    body = client.get(
        "/api/v1/territories/municipalities/080193/", {"geometry": "1"}
    ).json()
    assert body["boundary"]["type"] == "MultiPolygon"


def test_api_unknown_municipality_is_404_with_the_error_shape(client):
    response = client.get("/api/v1/territories/municipalities/999999/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "not_found"


def test_municipality_page_shows_population(reference, client):
    response = client.get("/territories/municipalities/080193/")
    assert response.status_code == HTTPStatus.OK
    assert "Barcelonès" in response.content.decode()
    assert (
        client.get("/territories/municipalities/000000/").status_code
        == HTTPStatus.NOT_FOUND
    )


def test_admin_reads_no_boundary_and_a_correction_keeps_the_outline(
    reference, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from teixit.accounts.tests.factories import UserFactory
    from teixit.territories.models import Comarca

    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    comarca = Comarca.objects.exclude(boundary=None).first()
    outline = comarca.boundary
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("admin:territories_comarca_changelist")).status_code
            == 200
        )
        change = reverse("admin:territories_comarca_change", args=[comarca.pk])
        assert client.get(change).status_code == 200
    # The comarques' outlines (the province filter and select still list
    # the four provinces as they are).
    assert not any(
        '"territories_comarca"."boundary"' in q["sql"] for q in queries.captured_queries
    )
    response = client.post(
        change,
        {"code": comarca.code, "name": "Nom corregit", "province": comarca.province_id},
    )
    assert response.status_code == 302
    comarca.refresh_from_db()
    assert comarca.name == "Nom corregit" and comarca.boundary == outline
