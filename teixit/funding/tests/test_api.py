from http import HTTPStatus

import pytest

from .factories import make_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(secretariat_user, places, themes):
    by = secretariat_user
    a = make_line(
        by=by,
        title="Impulsem l'ESS",
        themes=[themes["market"], themes["jobs"]],
        beneficiaries=["cooperatives", "associations"],
        comarques=[places["valles"]],
        budget=100000,
        max_per_beneficiary=10000,
        documents="https://example.org/bases.pdf",
    )
    b = make_line(
        by=by,
        title="Sabadell coopera",
        level="municipality",
        administration="Ajuntament de Sabadell",
        themes=[themes["market"]],
        municipalities=[places["sabadell"]],
    )
    c = make_line(
        by=by,
        title="Girona",
        themes=[themes["housing"]],
        municipalities=[places["girona"]],
    )
    return a, b, c  # fmt: skip


def test_anyone_lists_and_filters_lines(client, pair):
    body = client.get("/api/v1/funding-lines/").json()
    assert body["count"] == 3
    first = next(item for item in body["items"] if item["title"] == "Impulsem l'ESS")
    assert first["beneficiaries"] == ["cooperatives", "associations"]
    assert first["comarques"] == ["40"]
    assert first["budget"] == "100000.00"
    assert first["documents"] == ["https://example.org/bases.pdf"]
    assert first["url"].endswith(pair[0].get_absolute_url())
    assert client.get("/api/v1/funding-lines/?level=municipality").json()["count"] == 1
    assert client.get("/api/v1/funding-lines/?theme=habitatge-cooperatiu").json()["count"] == 1  # fmt: skip
    assert client.get("/api/v1/funding-lines/?year=2030").json()["count"] == 0


def test_detail_lists_overlaps_with_score_and_reasons(client, pair):
    a, b, c = pair
    body = client.get(
        f"/api/v1/funding-lines/{a.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert len(body["overlaps"]) == 1
    overlap = body["overlaps"][0]
    assert overlap["line"]["id"] == b.pk
    assert overlap["line"]["url"].endswith(b.get_absolute_url())
    assert overlap["score"] == round(100 * (0.5 + 0.5 + 1 + 1) / 4)
    assert [r["kind"] for r in overlap["reasons"]] == ["themes", "beneficiaries", "territory", "period"]  # fmt: skip
    assert overlap["reasons"][2]["text"] == "Shared territory: Sabadell"
    assert overlap["resolved"] is False
    assert client.get(f"/api/v1/funding-lines/{c.pk}/").json()["overlaps"] == []


def test_unknown_line_is_a_json_404(client):
    response = client.get("/api/v1/funding-lines/999999/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"]


def test_bad_filter_is_a_400_with_a_reason(client):
    response = client.get("/api/v1/funding-lines/?year=soon")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "year" in str(response.json())
