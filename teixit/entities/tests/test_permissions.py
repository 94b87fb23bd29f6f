"""Who may do what, on the pages, in the admin and in the API."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse

from teixit.entities.models import Entity

from .factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine_and_theirs(places, member):
    member.municipality = places["bcn"]
    member.save()
    mine = EntityFactory(name="Mine", municipality=places["bcn"])
    theirs = EntityFactory(name="Theirs", municipality=places["torello"])
    return mine, theirs


def test_detail_page_public_for_published_hidden_for_proposed(client_for, places):
    published = EntityFactory(
        municipality=places["bcn"],
        email="private@example.org",
        email_public=False,
        website="https://pub.example.org",
    )
    proposed = EntityFactory(municipality=places["bcn"], status=Entity.Status.PROPOSED)
    response = client_for().get(published.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert b"https://pub.example.org" in response.content
    assert b"private@example.org" not in response.content
    assert (
        client_for().get(proposed.get_absolute_url()).status_code
        == HTTPStatus.NOT_FOUND
    )


@pytest.mark.parametrize("url_name", ["entities:update", "entities:merge"])
def test_technician_pages_only_for_own_municipality(
    client_for, technician_user, mine_and_theirs, url_name
):
    mine, theirs = mine_and_theirs
    client = client_for(technician_user)
    assert client.get(reverse(url_name, args=[mine.pk])).status_code == HTTPStatus.OK
    assert (
        client.get(reverse(url_name, args=[theirs.pk])).status_code
        == HTTPStatus.FORBIDDEN
    )


@pytest.mark.parametrize("action", ["publish", "archive", "verify"])
def test_technician_cannot_act_on_another_municipality(
    client_for, technician_user, mine_and_theirs, action
):
    _mine, theirs = mine_and_theirs
    theirs.status = (
        Entity.Status.PROPOSED if action == "publish" else Entity.Status.PUBLISHED
    )
    theirs.save()
    response = client_for(technician_user).post(
        reverse(f"entities:{action}", args=[theirs.pk])
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    theirs.refresh_from_db()
    assert theirs.status == (
        Entity.Status.PROPOSED if action == "publish" else Entity.Status.PUBLISHED
    )


def test_technician_edit_post_on_other_municipality_is_refused(
    client_for, technician_user, mine_and_theirs
):
    _mine, theirs = mine_and_theirs
    response = client_for(technician_user).post(
        reverse("entities:update", args=[theirs.pk]), {"name": "Hacked"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


def test_secretariat_publishes_anywhere(client_for, secretariat_user, places):
    proposed = EntityFactory(
        municipality=places["torello"], status=Entity.Status.PROPOSED
    )
    response = client_for(secretariat_user).post(
        reverse("entities:publish", args=[proposed.pk])
    )
    assert response.status_code == HTTPStatus.FOUND
    proposed.refresh_from_db()
    assert proposed.status == Entity.Status.PUBLISHED


@pytest.mark.parametrize("who", ["registered_user", "body_member_user"])
def test_non_technicians_cannot_manage(client_for, request, who, mine_and_theirs):
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(reverse("entities:manage")).status_code == HTTPStatus.FORBIDDEN
    assert (
        client.get(reverse("entities:update", args=[mine_and_theirs[0].pk])).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client.get(reverse("entities:import_list")).status_code == HTTPStatus.FORBIDDEN
    )


def test_manage_list_shows_only_own_municipality(
    client_for, technician_user, mine_and_theirs
):
    response = client_for(technician_user).get(reverse("entities:manage"))
    assert b"Mine" in response.content and b"Theirs" not in response.content
    partial = client_for(technician_user).get(
        reverse("entities:manage"), headers={"HX-Request": "true"}
    )
    assert b"<html" not in partial.content and b"Mine" in partial.content


# Admin -------------------------------------------------------------------------


def test_admin_technician_sees_and_changes_only_own(
    client_for, technician_user, mine_and_theirs
):
    mine, theirs = mine_and_theirs
    client = client_for(technician_user)
    changelist = client.get(reverse("admin:entities_entity_changelist"))
    assert changelist.status_code == HTTPStatus.OK
    assert b"Mine" in changelist.content and b"Theirs" not in changelist.content
    assert (
        client.get(reverse("admin:entities_entity_change", args=[mine.pk])).status_code
        == HTTPStatus.OK
    )
    other = client.get(reverse("admin:entities_entity_change", args=[theirs.pk]))
    assert other.status_code in (
        HTTPStatus.FOUND,
        HTTPStatus.FORBIDDEN,
        HTTPStatus.NOT_FOUND,
    )
    response = client.post(
        reverse("admin:entities_entity_change", args=[theirs.pk]),
        {
            "name": "Hacked",
            "municipality": theirs.municipality_id,
            "status": "published",
        },
    )
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
    assert response.status_code != HTTPStatus.OK or b"Hacked" not in response.content


def test_admin_secretariat_sees_all(client_for, secretariat_user, mine_and_theirs):
    changelist = client_for(secretariat_user).get(
        reverse("admin:entities_entity_changelist")
    )
    assert b"Mine" in changelist.content and b"Theirs" in changelist.content


# API ---------------------------------------------------------------------------


def _token(user):
    from teixit.accounts.services import api_token_create

    result = api_token_create(user=user, name="test")
    return result[1] if isinstance(result, tuple) else result


def test_api_public_read_shows_only_published_and_public_contacts(client_for, places):
    EntityFactory(
        name="Pub",
        municipality=places["bcn"],
        email="secret@example.org",
        email_public=False,
        phone="93",
        phone_public=True,
    )
    EntityFactory(
        name="Prop", municipality=places["bcn"], status=Entity.Status.PROPOSED
    )
    response = client_for().get("/api/v1/entities/")
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert [item["name"] for item in data["items"]] == ["Pub"]
    assert data["items"][0]["email"] == "" and data["items"][0]["phone"] == "93"
    assert "secret@example.org" not in response.content.decode()
    detail = client_for().get(f"/api/v1/entities/{data['items'][0]['id']}/")
    assert detail.json()["municipality_code"] == "080193"


def test_api_writes_follow_municipality_rules(
    client_for, technician_user, mine_and_theirs, places
):
    mine, theirs = mine_and_theirs
    client = client_for(technician_user)
    ok = client.patch(
        f"/api/v1/entities/{mine.pk}/",
        json.dumps({"name": "Mine 2"}),
        content_type="application/json",
    )
    assert ok.status_code == HTTPStatus.OK, ok.content
    refused = client.patch(
        f"/api/v1/entities/{theirs.pk}/",
        json.dumps({"name": "X"}),
        content_type="application/json",
    )
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert refused.json()["code"] == "permission_denied"
    moved = client.patch(
        f"/api/v1/entities/{mine.pk}/",
        json.dumps({"municipality": "082852"}),
        content_type="application/json",
    )
    assert moved.status_code == HTTPStatus.FORBIDDEN
    created = client.post(
        "/api/v1/entities/",
        json.dumps({"name": "New", "municipality": "080193", "tax_id": "B12345674"}),
        content_type="application/json",
    )
    assert created.status_code == HTTPStatus.CREATED, created.content
    bad = client.post(
        "/api/v1/entities/",
        json.dumps({"name": "Bad", "municipality": "080193", "tax_id": "B12345675"}),
        content_type="application/json",
    )
    assert (
        bad.status_code == HTTPStatus.BAD_REQUEST and "tax_id" in bad.json()["errors"]
    )
    elsewhere = client.post(
        "/api/v1/entities/",
        json.dumps({"name": "N", "municipality": "082852"}),
        content_type="application/json",
    )
    assert elsewhere.status_code == HTTPStatus.FORBIDDEN


def test_api_publish_and_anonymous_write(client_for, technician_user, mine_and_theirs):
    mine, theirs = mine_and_theirs
    Entity.objects.filter(pk__in=[mine.pk, theirs.pk]).update(
        status=Entity.Status.PROPOSED
    )
    client = client_for(technician_user)
    assert (
        client.post(f"/api/v1/entities/{mine.pk}/publish/").status_code == HTTPStatus.OK
    )
    assert client.post(f"/api/v1/entities/{theirs.pk}/publish/").status_code in (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.NOT_FOUND,
    )
    assert (
        client_for().post(f"/api/v1/entities/{mine.pk}/archive/").status_code
        == HTTPStatus.UNAUTHORIZED
    )


def test_api_token_auth_for_writes(client_for, secretariat_user, places):
    from django.test import Client

    token = _token(secretariat_user)
    response = Client().post(
        "/api/v1/entities/", json.dumps({"name": "By token", "municipality": "080193"}),
        content_type="application/json", headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.CREATED, response.content


# Imports -----------------------------------------------------------------------


def _upload_and_run(client, text: str, *, source: str, valid_only: bool = False):
    """Upload a CSV on the import page and run it with a mapping (the task runs
    at once in tests); returns the batch."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from teixit.entities.models import ImportBatch

    upload = SimpleUploadedFile("list.csv", text.encode())
    response = client.post(
        reverse("entities:import_list"), {"file": upload, "source_name": source}
    )
    assert response.status_code == HTTPStatus.FOUND, response.content[:500]
    batch = ImportBatch.objects.latest("pk")
    mapping = {"col_name": "nom", "col_municipality": "poble", "key": "id"}
    if valid_only:
        mapping["valid_only"] = "on"
    client.post(response.url, mapping)
    batch.refresh_from_db()
    return batch


def _errors(batch) -> dict[str, str]:
    return {
        row["name"]: " ".join(row["messages"])
        for row in batch.report["rows"]
        if row["action"] == "error"
    }


def test_technician_import_refuses_rows_of_other_municipalities(
    client_for, technician_user, mine_and_theirs
):
    from teixit.entities.models import ImportBatch

    before = Entity.objects.count()
    batch = _upload_and_run(
        client_for(technician_user),
        "id,nom,poble\n1,Coop Here,Barcelona\n2,Coop There,Torelló\n",
        source="llista",
    )
    assert batch.status == ImportBatch.Status.REFUSED
    assert _errors(batch) == {
        "Coop There": "You may not manage the entities of this municipality."
    }
    assert Entity.objects.count() == before  # all or nothing


def test_technician_import_cannot_overwrite_another_municipality_by_key(
    client_for, technician_user, mine_and_theirs
):
    """Re-using another source's name and key to take over its entity."""
    _mine, theirs = mine_and_theirs
    theirs.source, theirs.source_key = "their-list", "k1"
    theirs.save()
    batch = _upload_and_run(
        client_for(technician_user),
        "id,nom,poble\nk1,Hacked,Barcelona\n",
        source="their-list",
    )
    assert batch.report["counts"]["updated"] == 0
    assert list(_errors(batch)) == ["Hacked"]
    assert f"entity #{theirs.pk}" in _errors(batch)["Hacked"]
    municipality = theirs.municipality_id
    theirs.refresh_from_db()
    assert (theirs.name, theirs.municipality_id) == ("Theirs", municipality)


def test_technician_import_cannot_move_own_entity_to_another_municipality(
    client_for, technician_user, mine_and_theirs, places
):
    mine, _theirs = mine_and_theirs
    mine.source, mine.source_key = "my-list", "m1"
    mine.save()
    batch = _upload_and_run(
        client_for(technician_user),
        "id,nom,poble\nm1,Mine,Torelló\n",
        source="my-list",
    )
    assert list(_errors(batch)) == ["Mine"]
    mine.refresh_from_db()
    assert mine.municipality == places["bcn"]


def test_technician_import_valid_only_writes_only_own_municipality(
    client_for, technician_user, mine_and_theirs, places
):
    batch = _upload_and_run(
        client_for(technician_user),
        "id,nom,poble\n1,Coop Here,Barcelona\n2,Coop There,Torelló\n",
        source="llista",
        valid_only=True,
    )
    assert batch.report["counts"]["created"] == 1
    assert Entity.objects.get(name="Coop Here").municipality == places["bcn"]
    assert not Entity.objects.filter(name="Coop There").exists()


def test_secretariat_import_writes_in_every_municipality(
    client_for, secretariat_user, mine_and_theirs
):
    _mine, theirs = mine_and_theirs
    theirs.source, theirs.source_key = "their-list", "k1"
    theirs.save()
    batch = _upload_and_run(
        client_for(secretariat_user),
        "id,nom,poble\nk1,Renamed,Torelló\n2,Coop Here,Barcelona\n",
        source="their-list",
    )
    assert _errors(batch) == {}
    assert batch.report["counts"]["created"] == 1
    assert batch.report["counts"]["updated"] == 1
    theirs.refresh_from_db()
    assert theirs.name == "Renamed"


# Redirects and the merge page (issue 10, point 11) -------------------------------


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example.com/phish",
        "//evil.example.com/phish",
        "/\\evil.example.com",
        "javascript:alert(1)",
    ],
)
@pytest.mark.parametrize("action", ["publish", "archive", "verify"])
def test_moderation_post_never_redirects_off_site(
    client_for, technician_user, mine_and_theirs, action, next_url
):
    mine, _theirs = mine_and_theirs
    response = client_for(technician_user).post(
        reverse(f"entities:{action}", args=[mine.pk]), {"next": next_url}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == mine.get_absolute_url()


def test_moderation_post_follows_a_next_on_the_site(
    client_for, technician_user, mine_and_theirs
):
    mine, _theirs = mine_and_theirs
    target = reverse("entities:unverified") + "?page=2"
    response = client_for(technician_user).post(
        reverse("entities:verify", args=[mine.pk]), {"next": target}
    )
    assert response["Location"] == target


def test_merge_page_hides_other_municipalities_unpublished_entities(
    client_for, technician_user, mine_and_theirs, places
):
    mine, _theirs = mine_and_theirs
    mine.tax_id = "B12345674"
    mine.save()
    hidden = EntityFactory(
        name="Secret Proposal",
        municipality=places["torello"],
        status=Entity.Status.PROPOSED,
        tax_id="B12345674",
    )
    public = EntityFactory(
        name="Public Twin", municipality=places["torello"], tax_id="B12345674"
    )
    client = client_for(technician_user)
    page = client.get(reverse("entities:merge", args=[mine.pk])).content.decode()
    assert "Public Twin" in page
    assert "Secret Proposal" not in page
    selected = client.get(
        reverse("entities:merge", args=[mine.pk]), {"duplicate": hidden.pk}
    ).content.decode()
    assert "Secret Proposal" not in selected
    assert public.pk
    detail = client.get(mine.get_absolute_url()).content.decode()
    assert "Secret Proposal" not in detail and "Public Twin" in detail


def test_merge_page_shows_everything_to_the_secretariat(
    client_for, secretariat_user, mine_and_theirs, places
):
    mine, _theirs = mine_and_theirs
    mine.tax_id = "B12345674"
    mine.save()
    EntityFactory(
        name="Secret Proposal",
        municipality=places["torello"],
        status=Entity.Status.PROPOSED,
        tax_id="B12345674",
    )
    page = client_for(secretariat_user).get(reverse("entities:merge", args=[mine.pk]))
    assert "Secret Proposal" in page.content.decode()


def test_admin_history_of_another_municipality_is_refused(
    client_for, technician_user, mine_and_theirs
):
    """The history holds every past value (private contacts too): it follows
    the changelist, not only the view permission of a published entity."""
    mine, theirs = mine_and_theirs
    client = client_for(technician_user)
    own = client.get(reverse("admin:entities_entity_history", args=[mine.pk]))
    assert own.status_code == HTTPStatus.OK
    other = client.get(reverse("admin:entities_entity_history", args=[theirs.pk]))
    assert other.status_code == HTTPStatus.FORBIDDEN
    version = theirs.history.latest().history_id
    past = client.get(
        reverse("admin:entities_entity_simple_history", args=[theirs.pk, version])
    )
    assert past.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    "body",
    [
        {"description": None},
        {"name": None},
        {"sectors": None},
        {"legal_form": ""},
        {"name": ""},
        [None, None],
        "text",
    ],
)
def test_api_patch_refuses_nulls_empty_codes_and_non_objects(
    client_for, secretariat_user, places, body
):
    entity = EntityFactory(name="Coop", municipality=places["bcn"], description="D")
    response = client_for().patch(
        f"/api/v1/entities/{entity.pk}/",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {_token(secretariat_user)}"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.content
    assert response.json()["code"] == "invalid"
    entity.refresh_from_db()
    assert entity.name == "Coop" and entity.description == "D"


@pytest.mark.parametrize(
    "change",
    [{"description": None}, {"legal_form": ""}, {"sectors": None}, {"status": ""}],
)
def test_api_create_refuses_nulls_empty_codes_and_unknown_status(
    client_for, secretariat_user, places, change
):
    body = {"name": "Nova", "municipality": "080193", **change}
    response = client_for().post(
        "/api/v1/entities/",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {_token(secretariat_user)}"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.content
    assert not Entity.objects.exists()


def test_api_entity_status_is_an_enum_in_the_schema(client_for):
    schema = client_for().get("/api/v1/openapi.json").json()
    entity_in = schema["components"]["schemas"]["EntityIn"]["properties"]
    assert entity_in["status"]["enum"] == ["published", "proposed"]


def test_manage_list_counts_each_status_in_queries_that_do_not_grow(
    client_for, technician_user, mine_and_theirs, places
):
    """The four status badges are one grouped query (it was a COUNT per
    status), and without filters the pagination takes its total from it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mine, _theirs = mine_and_theirs
    client = client_for(technician_user)
    client.get(reverse("entities:manage"))
    with CaptureQueriesContext(connection) as few:
        small = client.get(reverse("entities:manage"))
    for i in range(60):
        EntityFactory(
            name=f"Meva {i:02d}",
            municipality=mine.municipality,
            status=Entity.Status.PROPOSED if i % 3 else Entity.Status.PUBLISHED,
        )
    # The filters' options are read again once after a write to the register
    # (`entities.forms._filter_choices`), as on the first visit.
    client.get(reverse("entities:manage"))
    with CaptureQueriesContext(connection) as many:
        large = client.get(reverse("entities:manage"))
    assert small.status_code == large.status_code == HTTPStatus.OK
    assert len(many.captured_queries) <= len(few.captured_queries)
    counts = large.context["counts"]
    assert counts[Entity.Status.PROPOSED] == 40
    assert (
        counts[Entity.Status.PUBLISHED]
        == Entity.objects.filter(
            municipality=mine.municipality, status=Entity.Status.PUBLISHED
        ).count()
    )
    assert large.context["page_obj"].paginator.count == sum(counts.values())
    assert large.context["page_obj"].paginator.num_pages == 2
    # the rows show no sector: none is read
    read = [q["sql"] for q in many.captured_queries]
    assert not [sql for sql in read if "entities_entity_sectors" in sql], read
    proposed = client.get(reverse("entities:manage"), {"status": "proposed"})
    assert proposed.context["page_obj"].paginator.count == 40
    filtered = client.get(reverse("entities:manage"), {"q": "Meva 0"})
    assert filtered.context["page_obj"].paginator.count == 10


def test_unverified_list_keeps_its_total_a_minute(
    client_for, technician_user, mine_and_theirs
):
    from django.core.cache import cache

    mine, _theirs = mine_and_theirs
    client = client_for(technician_user)
    first = client.get(reverse("entities:unverified"))
    total = first.context["page_obj"].paginator.count
    assert total >= 1
    EntityFactory(municipality=mine.municipality, name="Nova sense verificar")
    kept = client.get(reverse("entities:unverified"))
    assert kept.context["page_obj"].paginator.count == total  # from the cache
    assert b"Nova sense verificar" in kept.content  # the rows are always read
    cache.clear()
    fresh = client.get(reverse("entities:unverified"))
    assert fresh.context["page_obj"].paginator.count == total + 1


# Committed writes (transactional_db): on PostgreSQL the stamp changes at the
# commit, and a transaction that wrote has none (it counts again).
@pytest.mark.django_db(transaction=True)
def test_the_secretariat_s_counts_read_the_published_once_per_register_stamp(
    client_for, secretariat_user
):
    """The whole register's badges: the published counted once while the
    register's stamp holds (any write that touches a published entity renews
    it, raw SQL included), proposals and archived counted on every page."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    def truth() -> dict:
        found = dict.fromkeys(Entity.Status.values, 0)
        found.update(
            Entity.objects.order_by().values_list("status").annotate(n=Count("pk"))
        )
        return found

    published = [EntityFactory(name=f"Publicada {i}") for i in range(3)]
    EntityFactory.create_batch(2, status=Entity.Status.PROPOSED)
    EntityFactory(status=Entity.Status.ARCHIVED)
    client = client_for(secretariat_user)
    assert client.get(reverse("entities:manage")).context["counts"] == truth()

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("entities:manage"))
    assert (
        page.context["counts"]
        == truth()
        == {
            "published": 3,
            "proposed": 2,
            "archived": 1,
        }
    )
    counted = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and '"entities_entity"' in q["sql"]
    ]
    # only the grouped count of the statuses other than published
    assert len(counted) == 1 and "GROUP BY" in counted[0], counted
    assert "'proposed'" in counted[0] and "'published'" not in counted[0], counted
    assert page.context["page_obj"].paginator.count == 6

    # A proposal does not renew the stamp: it is counted on the next page.
    EntityFactory(status=Entity.Status.PROPOSED)
    assert client.get(reverse("entities:manage")).context["counts"] == truth()
    # Archiving a published entity behind the ORM's back renews the stamp.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE entities_entity SET status = 'archived' WHERE id = %s",
            [published[0].pk],
        )
    counts = client.get(reverse("entities:manage")).context["counts"]
    assert counts == truth() == {"published": 2, "proposed": 3, "archived": 2}
    published[1].delete()
    assert client.get(reverse("entities:manage")).context["counts"]["published"] == 1
