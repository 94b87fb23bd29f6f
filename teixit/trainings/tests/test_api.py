from http import HTTPStatus

import pytest

from teixit.accounts.services import api_token_create
from teixit.accounts.tests.factories import UserFactory
from teixit.trainings.models import Training

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db


def test_api_lists_published_trainings_only(client):
    TrainingFactory(title="Publicada")
    TrainingFactory(title="Esborrany", status=Training.Status.DRAFT)
    response = client.get("/api/v1/trainings/")
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    titles = [item["title"] for item in data["items"]]
    assert titles == ["Publicada"]
    assert data["items"][0]["sessions"] and data["items"][0]["ics_url"].endswith(
        "training.ics"
    )


def test_api_detail_hides_drafts(client):
    draft = TrainingFactory(status=Training.Status.DRAFT)
    assert (
        client.get(f"/api/v1/trainings/{draft.pk}/").status_code == HTTPStatus.NOT_FOUND
    )
    published = TrainingFactory()
    assert client.get(f"/api/v1/trainings/{published.pk}/").json()["id"] == published.pk


def test_api_register_with_token_waitlists_when_full_and_400_when_repeated(client):
    training = TrainingFactory(seats=1)
    _, first = api_token_create(user=UserFactory(), name="t")
    _, second = api_token_create(user=UserFactory(), name="t")
    url = f"/api/v1/trainings/{training.pk}/registrations/"
    response = client.post(url, HTTP_AUTHORIZATION=f"Bearer {first}")
    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["status"] == "registered"
    response = client.post(url, HTTP_AUTHORIZATION=f"Bearer {second}")
    assert response.json()["status"] == "waitlisted"
    assert response.json()["waitlist_position"] == 1
    response = client.post(url, HTTP_AUTHORIZATION=f"Bearer {first}")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "already_registered"


def test_api_register_needs_authentication(client):
    training = TrainingFactory()
    response = client.post(f"/api/v1/trainings/{training.pk}/registrations/")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_openapi_has_training_operations():
    # Inspects this app's router (the whole document depends on every app).
    from teixit.trainings.api import router

    operations = [
        op for view in router.path_operations.values() for op in view.operations
    ]
    assert {op.operation_id for op in operations} == {
        "trainings_list",
        "trainings_detail",
        "trainings_register",
    }
    for op in operations:
        assert op.summary
        for model in op.models:
            model.model_json_schema()
