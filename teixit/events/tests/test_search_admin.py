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


def _admin_event_data(**changes) -> dict:
    data = {
        "kind": "network_meeting",
        "title": "Trobada per l'admin",
        "description": "Trobada.",
        "starts_at_0": "2030-03-10",
        "starts_at_1": "10:00",
        "ends_at_0": "2030-03-10",
        "ends_at_1": "13:00",
        "time_zone": "Europe/Madrid",
        "address": "Sala d'actes",
        "organiser_kind": "network",
        "audience": "public",
        "status": "published",
        "minutes": "Acta escrita per un tècnic",
    }
    data.update(changes)
    return data


def test_admin_technician_cannot_publish_nor_organise_for_another_member(
    client_for, technician_user, member, other_member
):
    """The admin follows the same rules as the pages: a technician's events
    are organised by their member, stay drafts until the secretariat publishes
    them, and their minutes are the secretariat's."""
    from teixit.events.models import Event

    client = client_for(technician_user)
    url = reverse("admin:events_event_add")
    for organiser in (
        {},
        {"organiser_kind": "member", "organiser_member": other_member.pk},
    ):
        response = client.post(url, _admin_event_data(**organiser))
        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        # "Your events are organised by your member." in the admin's Catalan
        assert "Els vostres esdeveniments els organitza el vostre membre." in page
    assert not Event.objects.exists()

    response = client.post(
        url,
        _admin_event_data(organiser_kind="member", organiser_member=member.pk),
    )
    assert response.status_code == HTTPStatus.FOUND
    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    assert event.organiser_member == member and event.minutes == ""

    change = reverse("admin:events_event_change", args=[event.pk])
    response = client.post(
        change,
        _admin_event_data(organiser_kind="member", organiser_member=member.pk),
    )
    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT and event.minutes == ""


def test_admin_secretariat_publishes_events_of_any_organiser(
    client_for, secretariat_user
):
    from teixit.events.models import Event

    response = client_for(secretariat_user).post(
        reverse("admin:events_event_add"),
        {
            **_admin_event_data(),
            **{
                f"{p}-{k}": v
                for p in ("agenda", "documents", "agreements")
                for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
            },
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.status == Event.Status.PUBLISHED
    assert event.minutes == "Acta escrita per un tècnic"
