"""Events in the JSON API."""

from http import HTTPStatus

import pytest
from django.utils import timezone

from teixit.accounts.services import api_token_create
from teixit.events.models import Registration

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def test_list_filters_and_visibility(client):
    public = EventFactory(audience="public", kind="conference")
    EventFactory(audience="members")
    EventFactory(audience="public", status="draft")
    data = client.get("/api/v1/events/").json()
    assert [e["id"] for e in data["items"]] == [public.pk]
    assert client.get("/api/v1/events/?kind=visit").json()["items"] == []
    # The day as the site counts it (Europe/Madrid): from 23:00 UTC the UTC
    # date is the day before, and the filter found nothing.
    day = timezone.localdate(public.starts_at).isoformat()
    assert client.get(f"/api/v1/events/?from={day}&to={day}").json()["count"] == 1
    bad = client.get("/api/v1/events/?kind=party")
    assert bad.status_code == HTTPStatus.BAD_REQUEST


def test_detail_has_its_ical_url(client):
    event = EventFactory(audience="public")
    data = client.get(f"/api/v1/events/{event.pk}/").json()
    assert data["ical_url"] == f"http://testserver/events/{event.pk}/event.ics"
    members = EventFactory(audience="members")
    assert (
        client.get(f"/api/v1/events/{members.pk}/").status_code == HTTPStatus.NOT_FOUND
    )


def test_register_with_a_token(client, registered_user):
    event = EventFactory(audience="public", capacity=1)
    _, token = api_token_create(user=registered_user, name="calendari")
    url = f"/api/v1/events/{event.pk}/registrations/"
    assert client.post(url, {}, content_type="application/json").status_code == 401
    headers = {"Authorization": f"Bearer {token}"}
    refused = client.post(
        url, {"consent": False}, content_type="application/json", headers=headers
    )
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    response = client.post(
        url,
        {"consent": True, "needs": "Cadira de rodes"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["status"] == "registered"
    assert Registration.objects.get().needs == "Cadira de rodes"


def test_openapi_lists_the_events_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/events/" in paths
    assert "/api/v1/events/{event_id}/" in paths
    assert "/api/v1/events/{event_id}/registrations/" in paths
