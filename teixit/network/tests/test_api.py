import datetime
from http import HTTPStatus

import pytest

from teixit.accounts.services import api_token_create
from teixit.accounts.tests.factories import UserFactory
from teixit.network.models import BodyMembership
from teixit.network.tests.factories import (
    BodyMembershipFactory,
    InstitutionFactory,
    MemberFactory,
)

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "detail", "errors"}


def _bearer(user) -> dict:
    _token, raw = api_token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_members_list_is_public_and_paginated(client, member):
    MemberFactory(name="Ajuntament antic", left_on=datetime.date(2018, 1, 1))
    response = client.get("/api/v1/members/")
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["slug"] == member.slug
    assert item["municipality_code"] == member.municipality.code
    assert item["active"] is True
    every = client.get("/api/v1/members/", {"active": "false"}).json()
    assert every["count"] == 2


def test_member_detail_and_404_shape(client, member):
    assert client.get(f"/api/v1/members/{member.slug}/").json()["name"] == member.name
    response = client.get("/api/v1/members/no-such/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == "not_found"


def test_bodies_list_counts_current_members(client, technical_commission):
    BodyMembershipFactory(body=technical_commission)
    BodyMembershipFactory(body=technical_commission, end_on=datetime.date(2019, 1, 1))
    data = client.get("/api/v1/bodies/").json()
    assert data["items"][0]["slug"] == technical_commission.slug
    assert data["items"][0]["current_members"] == 1


def test_body_detail_hides_people_from_the_public(client, technical_commission):
    BodyMembershipFactory(body=technical_commission)
    data = client.get(f"/api/v1/bodies/{technical_commission.slug}/").json()
    assert data["seats"] is None


def test_body_detail_shows_people_to_token_users(
    client, technical_commission, registered_user
):
    seat = BodyMembershipFactory(body=technical_commission, user__name="Anna Persona")
    response = client.get(
        f"/api/v1/bodies/{technical_commission.slug}/", **_bearer(registered_user)
    )
    assert response.status_code == HTTPStatus.OK
    assert [s["person"] for s in response.json()["seats"]] == [seat.user.name]


def test_bad_token_on_a_public_read_is_401(client, member):
    response = client.get(
        "/api/v1/members/", HTTP_AUTHORIZATION="Bearer tx_not-a-token"
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == "not_authenticated"


def test_institutions_need_a_registered_user(client, client_for, registered_user):
    InstitutionFactory(name="Diputació de Prova")
    anonymous = client.get("/api/v1/institutions/")
    assert anonymous.status_code == HTTPStatus.UNAUTHORIZED
    assert set(anonymous.json()) == ERROR_KEYS
    by_session = client_for(registered_user).get("/api/v1/institutions/")
    assert by_session.status_code == HTTPStatus.OK
    assert by_session.json()["items"][0]["name"] == "Diputació de Prova"
    by_token = client.get("/api/v1/institutions/", **_bearer(registered_user))
    assert by_token.status_code == HTTPStatus.OK


# Writing: seat a person in a body ----------------------------------------------


def test_membership_create_without_token_is_401(client, technical_commission):
    response = client.post(
        f"/api/v1/bodies/{technical_commission.slug}/memberships/",
        {"user_email": "x@example.org"},
        content_type="application/json",
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert set(response.json()) == ERROR_KEYS


@pytest.mark.parametrize(
    "who", ["body_member_user", "technician_user", "registered_user"]
)
def test_membership_create_by_other_roles_is_403(
    request, client, technical_commission, who
):
    person = UserFactory()
    response = client.post(
        f"/api/v1/bodies/{technical_commission.slug}/memberships/",
        {"user_email": person.email},
        content_type="application/json",
        **_bearer(request.getfixturevalue(who)),
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["code"] == "permission_denied"
    assert set(response.json()) == ERROR_KEYS
    assert not BodyMembership.objects.filter(user=person).exists()


def test_membership_create_by_secretariat_token(
    client, secretariat_user, technical_commission, member
):
    person = UserFactory(email="anna@example.org")
    response = client.post(
        f"/api/v1/bodies/{technical_commission.slug}/memberships/",
        {
            "user_email": "ANNA@example.org",
            "member": member.slug,
            "role": "vocal",
            "start_on": "2026-01-01",
        },
        content_type="application/json",
        **_bearer(secretariat_user),
    )
    assert response.status_code == HTTPStatus.CREATED, response.json()
    assert response.json()["on_behalf_of"] == member.slug
    seat = BodyMembership.objects.get(user=person)
    assert seat.body == technical_commission
    assert seat.start_on == datetime.date(2026, 1, 1)
    assert seat.history.first().history_user is None or seat.history.exists()


def test_membership_create_bad_input_is_400_with_reasons(
    client, secretariat_user, technical_commission
):
    response = client.post(
        f"/api/v1/bodies/{technical_commission.slug}/memberships/",
        {"user_email": "nobody@example.org", "member": "no-such"},
        content_type="application/json",
        **_bearer(secretariat_user),
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert set(body["errors"]) == {"user_email", "member"}


def test_membership_create_schema_error_is_400(
    client, secretariat_user, technical_commission
):
    response = client.post(
        f"/api/v1/bodies/{technical_commission.slug}/memberships/",
        {"user_email": "x@example.org", "start_on": "not a date"},
        content_type="application/json",
        **_bearer(secretariat_user),
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "start_on" in response.json()["errors"]


def test_membership_create_overlap_is_400(
    client, secretariat_user, technical_commission
):
    person = UserFactory()
    BodyMembershipFactory(body=technical_commission, user=person)
    response = client.post(
        f"/api/v1/bodies/{technical_commission.slug}/memberships/",
        {"user_email": person.email},
        content_type="application/json",
        **_bearer(secretariat_user),
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "overlap"


def test_membership_create_unknown_body_is_404(client, secretariat_user):
    response = client.post(
        "/api/v1/bodies/no-such/memberships/",
        {"user_email": "x@example.org"},
        content_type="application/json",
        **_bearer(secretariat_user),
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert set(response.json()) == ERROR_KEYS


def test_revoked_token_is_refused(client, secretariat_user, technical_commission):
    from teixit.accounts.services import api_token_revoke

    token, raw = api_token_create(user=secretariat_user, name="old")
    api_token_revoke(token=token, by=secretariat_user)
    response = client.post(
        f"/api/v1/bodies/{technical_commission.slug}/memberships/",
        {"user_email": secretariat_user.email},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_openapi_lists_network_operations(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == HTTPStatus.OK
    operations = {
        op["operationId"]
        for path in response.json()["paths"].values()
        for op in path.values()
    }
    assert {
        "network_members_list",
        "network_members_get",
        "network_bodies_list",
        "network_bodies_get",
        "network_memberships_create",
        "network_institutions_list",
    } <= operations


def test_members_list_reads_only_the_page(client, django_assert_max_num_queries):
    from teixit.network.tests.factories import MemberFactory

    MemberFactory.create_batch(30)
    with django_assert_max_num_queries(3) as captured:
        data = client.get("/api/v1/members/", {"limit": 5, "offset": 10}).json()
    assert data["count"] == 30 and len(data["items"]) == 5
    page = [q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"]]
    assert page and all("LIMIT 5" in sql for sql in page)
