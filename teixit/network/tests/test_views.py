import datetime
from http import HTTPStatus

import pytest

from teixit.network.tests.factories import BodyMembershipFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_member_list_shows_active_members_and_bodies(
    client, member, technical_commission
):
    gone = MemberFactory(
        name="Ajuntament que va marxar", left_on=datetime.date(2020, 1, 1)
    )
    response = client.get("/network/")
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert member.name in content
    assert gone.name not in content
    assert technical_commission.name in content
    assert '<th scope="col">' in content


def test_member_list_reads_no_outline_and_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    members = MemberFactory.create_batch(5)
    for member in members:
        member.comarca.boundary = {"type": "Point", "coordinates": [2.0, 41.0]}
        member.comarca.save()
    with django_assert_max_num_queries(4) as captured:
        response = client.get("/network/")
    content = response.content.decode()
    for member in members:
        assert member.name in content
        assert member.comarca.name in content
    assert not any('"boundary"' in query["sql"] for query in captured.captured_queries)


def test_member_detail_page(client, member):
    response = client.get(member.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert member.name in response.content.decode()
    assert member.official_code in response.content.decode()


def test_member_detail_unknown_slug_is_404(client):
    assert (
        client.get("/network/members/no-such-member/").status_code
        == HTTPStatus.NOT_FOUND
    )


def test_body_page_hides_people_from_the_public(client, technical_commission):
    seat = BodyMembershipFactory(body=technical_commission, user__name="Anna Persona")
    response = client.get(technical_commission.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert seat.user.name not in response.content.decode()


def test_body_page_shows_current_people_to_registered_users(
    client_for, registered_user, technical_commission
):
    seat = BodyMembershipFactory(
        body=technical_commission, user__name="Anna Persona", role="presidència"
    )
    old = BodyMembershipFactory(
        body=technical_commission,
        user__name="Antic Membre",
        end_on=datetime.date(2019, 1, 1),
    )
    content = (
        client_for(registered_user)
        .get(technical_commission.get_absolute_url())
        .content.decode()
    )
    assert seat.user.name in content
    assert "presidència" in content
    assert old.user.name not in content


def test_network_pages_in_spanish(client, member):
    response = client.get(f"/es/network/members/{member.slug}/")
    assert response.status_code == HTTPStatus.OK
    assert 'lang="es"' in response.content.decode()


def test_member_list_is_paged_by_a_hundred(client):
    MemberFactory.create_batch(105)
    first = client.get("/network/").content.decode()
    assert first.count('<td><a href="/network/members/') == 100
    assert 'rel="next"' in first
    second = client.get("/network/", {"page": 2}).content.decode()
    assert second.count('<td><a href="/network/members/') == 5
    assert 'rel="prev"' in second
