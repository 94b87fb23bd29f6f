from http import HTTPStatus

import pytest

from teixit.network.tests.factories import MemberFactory

from .factories import MunicipalServiceFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    office = ServiceTypeFactory(code="office", label_ca="Oficina ESS")
    fund = ServiceTypeFactory(code="fund", label_ca="Fons")
    a = MemberFactory(name="Ajuntament A", slug="a")
    b = MemberFactory(name="Ajuntament B", slug="b")
    return {
        "a_office": MunicipalServiceFactory(member=a, service_type=office, budget=5000),
        "a_fund": MunicipalServiceFactory(
            member=a, service_type=fund, modality="shared", partner_bodies="Coop X\nCoop Y"
        ),
        "b_office": MunicipalServiceFactory(member=b, service_type=office, modality="contracted"),
        "members": (a, b),
    }  # fmt: skip


def test_anyone_lists_and_filters_services(client, catalogue):
    response = client.get("/api/v1/services/")
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == 3
    first = next(s for s in body["items"] if s["id"] == catalogue["a_office"].pk)
    assert first["member"] == {"slug": "a", "name": "Ajuntament A"}
    assert first["service_type"]["code"] == "office"
    assert first["budget"] == "5000.00"
    assert first["url"].endswith(catalogue["a_office"].get_absolute_url())

    assert client.get("/api/v1/services/?member=a").json()["count"] == 2
    assert client.get("/api/v1/services/?service_type=office").json()["count"] == 2
    assert client.get("/api/v1/services/?modality=contracted").json()["count"] == 1
    assert client.get("/api/v1/services/?member=nobody").json()["count"] == 0


def test_detail_and_not_found(client, catalogue):
    service = catalogue["a_fund"]
    body = client.get(f"/api/v1/services/{service.pk}/").json()
    assert body["partner_bodies"] == ["Coop X", "Coop Y"]
    assert body["modality"] == "shared"
    missing = client.get("/api/v1/services/999999/")
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert missing.json()["code"]


def test_matrix_matches_the_comparison_page(client, catalogue):
    body = client.get("/api/v1/services/matrix/").json()
    rows = {row["member"]["slug"]: row["cells"] for row in body["rows"]}
    assert rows == {
        "a": {"office": ["direct"], "fund": ["shared"]},
        "b": {"office": ["contracted"]},
    }
    office = next(t for t in body["types"] if t["code"] == "office")
    assert office["total"] == 2
    assert {c["modality"]: c["count"] for c in office["counts"]} == {
        "direct": 1, "contracted": 1, "shared": 0,
    }  # fmt: skip


def test_the_api_is_read_only(client, catalogue):
    assert (
        client.post("/api/v1/services/", {}).status_code
        == HTTPStatus.METHOD_NOT_ALLOWED
    )
