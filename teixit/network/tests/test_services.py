import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.network.models import Body, BodyMembership, Member, Network, Technician
from teixit.network.roles import is_secretariat, is_technician_of_member
from teixit.network.services import (
    body_membership_create,
    body_membership_end,
    demo_network_load,
    technician_create,
    technician_end,
)
from teixit.network.tests.factories import BodyFactory, MemberFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def test_body_membership_create_seats_the_person(technical_commission, member):
    user = UserFactory()
    seat = body_membership_create(
        body=technical_commission, user=user, member=member, role="  presidència ",
        start_on=TODAY,
    )  # fmt: skip
    seat.refresh_from_db()
    assert seat.role == "presidència"
    assert seat.member == member
    assert seat.history.count() == 1


def test_body_membership_in_secretariat_grants_admin_access(secretariat_body):
    user = UserFactory(is_staff=False)
    assert not is_secretariat(user)
    body_membership_create(body=secretariat_body, user=user)
    user.refresh_from_db()
    assert user.is_staff
    assert is_secretariat(user)


def test_body_membership_elsewhere_does_not_grant_admin_access(technical_commission):
    user = UserFactory(is_staff=False)
    body_membership_create(body=technical_commission, user=user)
    user.refresh_from_db()
    assert not user.is_staff


def test_body_membership_refuses_end_before_start(technical_commission):
    with pytest.raises(ValidationError) as exc:
        body_membership_create(
            body=technical_commission, user=UserFactory(), start_on=TODAY,
            end_on=TODAY - datetime.timedelta(days=1),
        )  # fmt: skip
    assert "end_on" in exc.value.message_dict
    assert not BodyMembership.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "clashes"),
    [
        (None, None, True),
        (datetime.date(2025, 6, 1), datetime.date(2025, 12, 31), True),
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), False),
        (datetime.date(2027, 1, 1), None, False),
    ],
)
def test_body_membership_refuses_overlapping_seats(
    technical_commission, start, end, clashes
):
    user = UserFactory()
    body_membership_create(
        body=technical_commission, user=user, start_on=datetime.date(2025, 1, 1),
        end_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    if clashes:
        with pytest.raises(ValidationError) as exc:
            body_membership_create(
                body=technical_commission, user=user, start_on=start, end_on=end
            )
        assert exc.value.code == "overlap"
        assert BodyMembership.objects.count() == 1
    else:
        body_membership_create(
            body=technical_commission, user=user, start_on=start, end_on=end
        )
        assert BodyMembership.objects.count() == 2


def test_same_person_may_sit_in_two_bodies(technical_commission, secretariat_body):
    user = UserFactory()
    body_membership_create(body=technical_commission, user=user)
    body_membership_create(body=secretariat_body, user=user)
    assert BodyMembership.objects.filter(user=user).count() == 2


def test_body_membership_end_removes_the_role(secretariat_body):
    user = UserFactory()
    seat = body_membership_create(
        body=secretariat_body,
        user=user,
        start_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    assert is_secretariat(user)
    body_membership_end(
        membership=seat, end_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not is_secretariat(user)
    assert not user.has_perm("network.change_member")


def test_technician_create_and_end(member, other_member):
    user = UserFactory()
    post = technician_create(member=member, user=user, position="Tècnica d'ESS")
    assert is_technician_of_member(user, member)
    assert not is_technician_of_member(user, other_member)
    technician_end(post=post, end_on=timezone.localdate() - datetime.timedelta(days=1))
    assert not is_technician_of_member(user, member)
    assert post.history.count() == 2


def test_technician_create_refuses_overlap(member):
    user = UserFactory()
    technician_create(member=member, user=user)
    with pytest.raises(ValidationError) as exc:
        technician_create(member=member, user=user, start_on=TODAY)
    assert exc.value.code == "overlap"
    assert Technician.objects.count() == 1


def test_technician_create_refuses_member_that_left():
    gone = MemberFactory(
        joined_on=datetime.date(2016, 1, 1), left_on=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        technician_create(
            member=gone, user=UserFactory(), start_on=datetime.date(2021, 1, 1)
        )
    assert "member" in exc.value.message_dict
    assert not Technician.objects.exists()


def test_member_cannot_leave_before_joining():
    member = MemberFactory.build(
        joined_on=datetime.date(2020, 1, 1), left_on=datetime.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        member.full_clean(exclude=["municipality", "comarca"])
    assert "left_on" in exc.value.message_dict


def test_demo_network_load_is_idempotent():
    first = demo_network_load()
    assert first["network"] == 1 and first["members"] == 9 and first["bodies"] == 4
    second = demo_network_load()
    assert sum(second.values()) == 0
    assert Network.objects.count() == 1
    assert Member.objects.count() == 9
    secretary = BodyMembership.objects.get(body__kind=Body.Kind.SECRETARIAT).user
    assert secretary.is_staff and not secretary.is_superuser
    assert is_secretariat(secretary)


def test_body_kinds_include_the_work_plan_bodies():
    kinds = {choice for choice, _ in Body.Kind.choices}
    assert {
        "secretariat",
        "technical_commission",
        "executive_commission",
        "promoter_commission",
        "assembly",
    } <= kinds
    extra = BodyFactory(kind=Body.Kind.OTHER, name="Grup de treball de compra pública")
    assert extra.pk
