from http import HTTPStatus

import pytest

from teixit.accounts.services import api_token_create
from teixit.workplans.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_plan_tree_json(client, seed_plan):
    data = client.get(f"/api/v1/plans/{seed_plan.pk}/").json()

    assert data["title"] == "Pla de treball 2017-2019"
    assert [p["label"] for p in data["periods"]][1] == "2018 1er Semestre"
    assert len(data["lines"]) == 3
    assert (
        sum(len(o["actions"]) for line in data["lines"] for o in line["objectives"])
        == 34
    )
    action = data["lines"][1]["objectives"][0]["actions"][0]
    assert action["code"] == "II.1.1"
    assert [
        (r["role"], r["body_slug"], r["members"]) for r in action["responsibilities"]
    ] == [
        ("execution", "comissio-executiva", False),
        ("execution", "comissio-tecnica", False),
        ("execution", None, True),  # "el Socis de la XMESS": the members
    ]
    assert data["status_counts"]["not_started"] == 34


def test_record_progress_with_a_token(client, seed_plan, body_member_user):
    action = (
        Action.objects.for_plan(seed_plan)
        .filter(
            responsibilities__body__slug="comissio-tecnica",
            responsibilities__role="execution",
        )
        .first()
    )
    _, raw = api_token_create(user=body_member_user, name="test")

    response = client.post(
        f"/api/v1/plans/actions/{action.pk}/updates/",
        {"status": "in_progress", "percent": 30, "note": "via API"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["action_progress"] == 30


def test_record_progress_refused_for_others_and_bad_input(
    client, seed_plan, registered_user, secretariat_user
):
    action = Action.objects.for_plan(seed_plan).first()
    url = f"/api/v1/plans/actions/{action.pk}/updates/"
    _, raw = api_token_create(user=registered_user, name="test")
    _, secretariat_raw = api_token_create(user=secretariat_user, name="test")

    anonymous = client.post(url, {"status": "done"}, content_type="application/json")
    forbidden = client.post(
        url,
        {"status": "done"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    invalid = client.post(
        url,
        {"status": "nonsense"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secretariat_raw}",
    )

    assert anonymous.status_code == HTTPStatus.UNAUTHORIZED
    assert forbidden.status_code == HTTPStatus.FORBIDDEN
    assert forbidden.json()["code"] == "permission_denied"
    assert invalid.status_code == HTTPStatus.BAD_REQUEST
    assert not ProgressUpdate.objects.exists()


def test_openapi_documents_the_plan_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()

    operations = {
        op["operationId"] for path in schema["paths"].values() for op in path.values()
    }
    assert {
        "workplans_list",
        "workplans_detail",
        "workplans_record_progress",
    } <= operations


def test_the_executing_body_cannot_record_done_through_the_api(
    client, seed_plan, secretariat_user, body_member_user
):
    """I.2.a: Línies bàsiques: comissió tècnica - Execució: secretaria tècnica."""
    action = Action.objects.for_plan(seed_plan).get(
        text__startswith="Organitzar i promoure 3 trobades anuals"
    )
    url = f"/api/v1/plans/actions/{action.pk}/updates/"
    _, secretariat = api_token_create(user=secretariat_user, name="test")
    _, commission = api_token_create(user=body_member_user, name="test")

    done = client.post(
        url,
        {"status": "done"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secretariat}",
    )
    by_the_guidelines_body = client.post(
        url,
        {"status": "in_progress", "percent": 10},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {commission}",
    )

    assert done.status_code == HTTPStatus.BAD_REQUEST
    assert "confirm" in str(done.json())
    assert by_the_guidelines_body.status_code == HTTPStatus.FORBIDDEN
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED
