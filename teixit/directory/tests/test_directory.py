"""The directory: proposals reviewed by the secretariat, who sees what, the
network's own entry linking the register's open data, the API."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from teixit.directory import services
from teixit.directory.models import DirectoryEntry

from .factories import DirectoryEntryFactory

pytestmark = pytest.mark.django_db


def _propose(by, name="Ateneu Cooperatiu del Vallès"):
    return services.directory_entry_save(
        entry=DirectoryEntry(name=name, kind="ateneu", scope="local"), by=by
    )


def test_a_technicians_proposal_waits_for_the_secretariats_review(
    technician_user, secretariat_user
):
    entry = _propose(technician_user)
    assert entry.status == "proposed"
    assert entry.slug == "ateneu-cooperatiu-del-valles"
    with pytest.raises(PermissionDenied):
        services.directory_entry_review(entry=entry, publish=True, by=technician_user)
    with pytest.raises(ValidationError):
        services.directory_entry_review(entry=entry, publish=False, note=" ", by=secretariat_user)  # fmt: skip
    services.directory_entry_review(entry=entry, publish=True, by=secretariat_user)
    entry.refresh_from_db()
    assert entry.status == "published"
    assert entry.reviewed_by == secretariat_user
    with pytest.raises(ValidationError):
        services.directory_entry_review(entry=entry, publish=False, note="x", by=secretariat_user)  # fmt: skip


def test_secretariat_entries_are_published_at_once_and_slugs_stay_unique(secretariat_user):  # fmt: skip
    first = _propose(secretariat_user, "Xarxa d'Economia Solidària")
    second = _propose(secretariat_user, "Xarxa d'Economia Solidària")
    assert first.status == second.status == "published"
    assert (first.slug, second.slug) == ("xarxa-deconomia-solidaria", "xarxa-deconomia-solidaria-2")  # fmt: skip


@pytest.mark.parametrize("role", ["registered_user"])
def test_people_without_a_role_cannot_propose(request, role):
    with pytest.raises(PermissionDenied):
        _propose(request.getfixturevalue(role))


def test_proposer_edits_until_reviewed(technician_user, other_member, secretariat_user):
    entry = _propose(technician_user)
    entry.description = "Acompanyament a cooperatives."
    services.directory_entry_save(entry=entry, by=technician_user)
    services.directory_entry_review(entry=entry, publish=False, note="Duplicada", by=secretariat_user)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.directory_entry_save(entry=entry, by=technician_user)


def test_proposals_are_seen_by_their_proposer_and_the_secretariat_only(
    client_for, technician_user, secretariat_user, body_member_user
):
    entry = _propose(technician_user)
    url = entry.get_absolute_url()
    assert client_for().get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(body_member_user).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(technician_user).get(url).status_code == HTTPStatus.OK
    page = client_for(secretariat_user).get(url)
    assert page.status_code == HTTPStatus.OK
    assert 'id="review-form"' in page.text
    assert entry.name not in client_for().get(reverse("directory:list")).text
    assert client_for().get("/api/v1/directory/").json()["count"] == 0


def test_secretariat_publishes_from_the_page(client_for, technician_user, secretariat_user):  # fmt: skip
    entry = _propose(technician_user)
    client = client_for(secretariat_user)
    queue = client.get(reverse("directory:review"))
    assert entry.get_absolute_url() in queue.text
    response = client.post(reverse("directory:review_entry", args=[entry.slug]), {"decision": "publish"})  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    assert client_for().get(entry.get_absolute_url()).status_code == HTTPStatus.OK
    assert entry.name in client_for().get(reverse("directory:list")).text


def test_rejecting_without_a_note_changes_nothing(client_for, technician_user, secretariat_user):  # fmt: skip
    entry = _propose(technician_user)
    client_for(secretariat_user).post(
        reverse("directory:review_entry", args=[entry.slug]), {"decision": "reject"}
    )
    entry.refresh_from_db()
    assert entry.status == "proposed"


def test_technician_proposes_through_the_form(client_for, technician_user):
    client = client_for(technician_user)
    response = client.post(
        reverse("directory:propose"),
        {"name": "Coopolis", "kind": "ateneu", "scope": "local", "website": "bcn.coop"},
    )
    entry = DirectoryEntry.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert entry.website == "https://bcn.coop"
    assert entry.proposed_by == technician_user and entry.status == "proposed"
    assert (
        client_for().get(reverse("directory:propose")).status_code == HTTPStatus.FOUND
    )
    assert client_for(_registered()).get(reverse("directory:propose")).status_code == HTTPStatus.FORBIDDEN  # fmt: skip


def _registered():
    from teixit.accounts.tests.factories import UserFactory

    return UserFactory()


def test_the_networks_entry_links_the_registers_json_ld_and_geojson(client):
    network = DirectoryEntryFactory(name="Xarxa de municipis per l'ESS", is_this_network=True)  # fmt: skip
    other = DirectoryEntryFactory()
    page = client.get(network.get_absolute_url()).text
    export = reverse("entities:export")
    assert f'href="{export}?format=jsonld"' in page
    assert f'href="{export}?format=geojson"' in page
    assert 'id="open-data"' not in client.get(other.get_absolute_url()).text
    body = client.get(f"/api/v1/directory/{network.pk}/").json()
    assert {link["format"] for link in body["open_data"]} == {
        "jsonld",
        "geojson",
        "murmurations",
    }
    murmurations = [x for x in body["open_data"] if x["format"] == "murmurations"]
    assert murmurations[0]["url"].endswith("/murmurations/")
    assert client.get(f"/api/v1/directory/{other.pk}/").json()["open_data"] == []
    # The register's export answers those addresses.
    assert client.get(f"{export}?format=geojson").status_code == HTTPStatus.OK


def test_api_lists_published_entries_with_filters(client):
    DirectoryEntryFactory(name="Federació de Cooperatives", kind="federation", scope="catalonia")  # fmt: skip
    DirectoryEntryFactory(name="RIPESS", kind="network", scope="abroad")
    DirectoryEntryFactory(name="Proposta", status="proposed")
    assert client.get("/api/v1/directory/").json()["count"] == 2
    body = client.get("/api/v1/directory/?scope=abroad").json()
    assert [item["name"] for item in body["items"]] == ["RIPESS"]
    hidden = DirectoryEntry.objects.get(name="Proposta")
    assert (
        client.get(f"/api/v1/directory/{hidden.pk}/").status_code
        == HTTPStatus.NOT_FOUND
    )


def test_municipal_services_of_non_member_municipalities_are_listed(client):
    DirectoryEntryFactory(name="Servei d'ESS de Manlleu", kind="municipal_service")
    response = client.get(reverse("directory:list"), {"kind": "municipal_service"})
    assert "Servei d&#x27;ESS de Manlleu" in response.text
