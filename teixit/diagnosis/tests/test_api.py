from http import HTTPStatus

import pytest

from teixit.diagnosis.services import indicator_snapshot_take

from .factories import small_world

pytestmark = pytest.mark.django_db


def test_indicator_definitions_are_listed(client):
    response = client.get("/api/v1/indicators/")
    assert response.status_code == HTTPStatus.OK
    codes = {d["code"] for d in response.json()}
    assert "entities_per_10k" in codes
    assert "budget_per_inhabitant" not in codes  # members only
    d = next(d for d in response.json() if d["code"] == "entities_per_10k")
    assert (
        d["direction"] == "higher"
        and d["unit"]
        and d["formula"]
        and d["source"] == "register"
    )


def test_indicator_values_are_filtered_and_paginated(client):
    world = small_world()
    indicator_snapshot_take(year=2020)
    response = client.get(
        "/api/v1/indicators/values/",
        {"indicator": "entities_per_10k", "territory": world["a"].code, "year": 2020},
    )
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["value"] == pytest.approx(2.0)
    response = client.get("/api/v1/indicators/values/", {"limit": 5})
    assert len(response.json()["items"]) == 5
    assert response.json()["count"] > 5
    response = client.get("/api/v1/indicators/values/", {"year": "not-a-year"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "invalid"


def test_indicator_values_csv_has_public_indicators_only(client):
    small_world()
    indicator_snapshot_take(year=2020)
    from teixit.diagnosis.models import IndicatorValue

    IndicatorValue.objects.create(
        indicator="budget_per_inhabitant", territory_type="municipality", territory_code="990001",
        territory_name="Alfa", year=2020, value=2.5, computed_at="2020-01-01T00:00:00Z",
    )  # fmt: skip
    response = client.get("/api/v1/indicators/values.csv", {"year": 2020})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0].startswith("indicator,breakdown,territory_type")
    assert "entities_per_10k" in text
    assert "budget_per_inhabitant" not in text


def test_members_only_values_need_a_network_member(
    client_for, body_member_user, registered_user
):
    from teixit.diagnosis.models import IndicatorValue

    IndicatorValue.objects.create(
        indicator="budget_per_inhabitant", territory_type="municipality", territory_code="990001",
        territory_name="Alfa", year=2020, value=2.5, computed_at="2020-01-01T00:00:00Z",
    )  # fmt: skip
    url = "/api/v1/indicators/values/?indicator=budget_per_inhabitant"
    assert client_for(registered_user).get(url).json()["count"] == 0
    assert client_for(body_member_user).get(url).json()["count"] == 1


def test_openapi_documents_the_indicator_endpoints():
    # Built from this app's router alone, so another app's schema cannot hide it.
    from ninja.openapi.schema import OpenAPISchema

    from config.api import api

    class IndicatorSchema(OpenAPISchema):
        def methods(self, operations):
            return super().methods(
                [op for op in operations if op.operation_id.startswith("diagnosis_")]
            )

    schema = IndicatorSchema(api, "api/v1/")
    paths = {path: ops for path, ops in schema["paths"].items() if ops}
    assert set(paths) == {
        "/api/v1/indicators/",
        "/api/v1/indicators/values/",
        "/api/v1/indicators/values.csv",
    }
    operation = paths["/api/v1/indicators/values/"]["get"]
    assert operation["operationId"] == "diagnosis_indicator_values_list"
    assert {p["name"] for p in operation["parameters"]} >= {
        "indicator",
        "territory",
        "year",
        "limit",
        "offset",
    }
