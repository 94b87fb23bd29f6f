"""Events in the one search, and the admin per role."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from teixit.events.search_providers import all_objects, document_for

from .factories import EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_only_public_published_or_held_events_are_searchable():
    theme = ThemeFactory(code="cooperativisme", label_es="Cooperativismo")
    event = EventFactory(audience="public", themes=[theme], minutes="Acord de la xarxa")
    doc = document_for(event)
    assert doc.type == "event" and doc.visibility == "public"
    assert doc.themes == ["cooperativisme"] and "Cooperativismo" in doc.body
    assert document_for(EventFactory(audience="members")) is None
    assert document_for(EventFactory(audience="public", status="draft")) is None
    assert document_for(EventFactory(audience="public", status="cancelled")) is None
    assert list(all_objects()) == [event]


def test_search_page_finds_a_public_event(client):
    EventFactory(audience="public", title="Jornada de mercat social")
    response = client.get(reverse("search:search"), {"q": "mercat social"})
    assert "Jornada de mercat social" in response.content.decode()


def test_admin_secretariat_sees_every_event_technician_their_members(
    client_for, secretariat_user, technician_user, member
):
    own = EventFactory(organiser_kind="member", organiser_member=member, title="Pròpia")
    EventFactory(title="De la xarxa")
    url = reverse("admin:events_event_changelist")
    page = client_for(secretariat_user).get(url).content.decode()
    assert "Pròpia" in page and "De la xarxa" in page
    response = client_for(technician_user).get(url)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert own.title in page and "De la xarxa" not in page
    invitations = client_for(technician_user).get(
        reverse("admin:events_invitation_changelist")
    )
    assert invitations.status_code == HTTPStatus.FORBIDDEN
