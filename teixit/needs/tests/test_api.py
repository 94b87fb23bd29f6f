"""The needs API: public where the need is public, matches with reasons."""

from http import HTTPStatus

import pytest

from .factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_list_shows_public_needs_to_everyone(client_for, place, technician_user):
    NeedFactory(title="Pública", status="confirmed", themes=[place["theme"]])
    NeedFactory(title="Proposta", status="raised")
    data = client_for().get("/api/v1/needs/").json()
    assert [n["title"] for n in data["items"]] == ["Pública"]
    assert data["items"][0]["themes"] == ["consum"]
    data = client_for(technician_user).get("/api/v1/needs/").json()
    assert {n["title"] for n in data["items"]} == {"Pública", "Proposta"}


def test_unknown_status_answers_400(client_for):
    response = client_for().get("/api/v1/needs/", {"status": "lost"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_detail_lists_matched_entities_with_reasons(client_for, place, suppliers):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])
    data = client_for().get(f"/api/v1/needs/{need.pk}/").json()
    matched = data["matched_entities"]
    assert [m["name"] for m in matched] == [
        "Horta de Salt",
        "Cooperativa de menjadors de Girona",
        "Fruita de l'Empordà",
    ]
    assert matched[0]["in_territory"] is True
    assert matched[0]["sectors"] == ["alimentacio"]
    assert matched[1]["email"] == "hola@menjadors.coop"
    assert matched[1]["phone"] == ""  # not public
    assert matched[1]["reasons"][0] == "sector Alimentació"


def test_detail_of_a_proposal_is_hidden_from_the_public(client_for):
    need = NeedFactory(status="raised")
    assert (
        client_for().get(f"/api/v1/needs/{need.pk}/").status_code
        == HTTPStatus.NOT_FOUND
    )
