import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.network.roles import (
    body_ids_of,
    forget_roles,
    is_body_member,
    is_member_of_body,
    is_registered,
    is_secretariat,
    is_technician,
    is_technician_of_member,
    member_ids_of,
    role_names,
)
from teixit.network.tests.factories import BodyMembershipFactory, TechnicianFactory

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = [
    "secretariat_user",
    "body_member_user",
    "technician_user",
    "registered_user",
]


def _user(request, name):
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("secretariat_user", ["secretariat", "body_member", "registered"]),
        ("superuser", ["secretariat", "registered"]),
        ("body_member_user", ["body_member", "registered"]),
        ("technician_user", ["technician", "registered"]),
        ("registered_user", ["registered"]),
        ("anonymous", ["public"]),
    ],
)
def test_role_names_per_role(request, who, expected):
    assert role_names(_user(request, who)) == expected


@pytest.mark.parametrize(
    ("predicate", "holders"),
    [
        (is_secretariat, {"secretariat_user", "superuser"}),
        (is_body_member, {"secretariat_user", "body_member_user"}),
        (is_technician, {"technician_user"}),
        (
            is_registered,
            {
                "secretariat_user",
                "superuser",
                "body_member_user",
                "technician_user",
                "registered_user",
            },
        ),
    ],
)
def test_role_predicates_hold_exactly_for_their_role(request, predicate, holders):
    for who in [*ROLE_FIXTURES, "superuser", "anonymous"]:
        assert bool(predicate(_user(request, who))) == (who in holders), who


def test_technician_of_member_only_for_their_own_member(
    technician_user, member, other_member
):
    assert is_technician_of_member(technician_user, member)
    assert not is_technician_of_member(technician_user, other_member)
    assert member_ids_of(technician_user) == frozenset({member.pk})


def test_member_of_body_only_for_their_own_body(
    body_member_user, technical_commission, secretariat_body
):
    assert is_member_of_body(body_member_user, technical_commission)
    assert not is_member_of_body(body_member_user, secretariat_body)
    assert body_ids_of(body_member_user) == frozenset({technical_commission.pk})


def test_past_and_future_seats_give_no_role(secretariat_body):
    today = timezone.localdate()
    past = UserFactory()
    BodyMembershipFactory(
        user=past, body=secretariat_body, start_on=today - datetime.timedelta(days=400),
        end_on=today - datetime.timedelta(days=1),
    )  # fmt: skip
    future = UserFactory()
    TechnicianFactory(user=future, start_on=today + datetime.timedelta(days=3))
    assert role_names(past) == ["registered"]
    assert role_names(future) == ["registered"]


def test_inactive_user_has_no_role(secretariat_body):
    user = UserFactory(is_active=False)
    BodyMembershipFactory(user=user, body=secretariat_body)
    assert role_names(user) == ["public"]
    assert not user.has_perm("network.change_member")


def test_roles_are_cached_until_forgotten(registered_user, secretariat_body):
    assert not is_secretariat(registered_user)
    BodyMembershipFactory(user=registered_user, body=secretariat_body)
    assert not is_secretariat(registered_user)  # cached for this request
    forget_roles(registered_user)
    assert is_secretariat(registered_user)


# Permission rules, per role ----------------------------------------------------

PERMISSIONS = {
    # permission: roles that hold it (besides the secretariat, who holds all)
    "network.view_member": {
        "body_member_user",
        "technician_user",
        "registered_user",
        "anonymous",
    },
    "network.view_body": {
        "body_member_user",
        "technician_user",
        "registered_user",
        "anonymous",
    },
    "network.view_network": {
        "body_member_user",
        "technician_user",
        "registered_user",
        "anonymous",
    },
    "network.view_bodymembership": {
        "body_member_user",
        "technician_user",
        "registered_user",
    },
    "network.view_technician": {
        "body_member_user",
        "technician_user",
        "registered_user",
    },
    "network.view_institution": {
        "body_member_user",
        "technician_user",
        "registered_user",
    },
    "network.add_member": set(),
    "network.change_member": set(),
    "network.delete_member": set(),
    "network.change_network": set(),
    "network.change_body": set(),
    "network.add_bodymembership": set(),
    "network.add_technician": set(),
    "network.change_institution": set(),
    "network.manage_memberships": set(),
}


@pytest.mark.parametrize("perm", sorted(PERMISSIONS))
@pytest.mark.parametrize("who", [*ROLE_FIXTURES, "anonymous"])
def test_network_permissions_per_role(request, perm, who):
    user = _user(request, who)
    expected = who == "secretariat_user" or who in PERMISSIONS[perm]
    assert user.has_perm(perm) == expected


def test_secretariat_may_do_everything_even_in_other_apps(secretariat_user):
    assert secretariat_user.has_perm("anything.change_whatever")
    assert secretariat_user.has_module_perms("network")


def test_module_permission_only_for_secretariat(technician_user, body_member_user):
    assert not technician_user.has_module_perms("network")
    assert not body_member_user.has_module_perms("network")


def test_the_secretariat_may_do_everything_through_an_authentication_backend(
    settings, secretariat_user
):
    """Issue 18.4: a backend listed in settings, not a rule in the User model.
    (The User model keeps each request's answers and loads the backends once
    per user object, for the admin's many checks; it asks the backends listed
    in settings and holds no rule of its own: without the backend, the
    secretariat's power is gone.)"""
    import inspect

    from teixit.accounts.models import User

    for method in (User.has_perm, User.has_module_perms, User._ask_backends):
        source = inspect.getsource(method).lower()
        assert "secretariat" not in source and "role" not in source
    assert "teixit.network.backends.SecretariatBackend" in (
        settings.AUTHENTICATION_BACKENDS
    )
    settings.AUTHENTICATION_BACKENDS = [
        name
        for name in settings.AUTHENTICATION_BACKENDS
        if name != "teixit.network.backends.SecretariatBackend"
    ]
    forget_roles(secretariat_user)
    assert not secretariat_user.has_perm("anything.change_whatever")
    # (The rules still open the network's admin section to the secretariat.)
    assert not secretariat_user.has_module_perms("anything")


def test_an_inactive_secretariat_member_may_not_do_everything(secretariat_user):
    secretariat_user.is_active = False
    forget_roles(secretariat_user)
    assert not secretariat_user.has_perm("anything.change_whatever")
    assert not secretariat_user.has_module_perms("network")


def _fresh(user):
    """The user as the next request loads it (no facts kept on the object)."""
    return type(user).objects.get(pk=user.pk)


def test_role_facts_are_kept_between_requests_without_a_query(
    technician_user, django_assert_num_queries
):
    assert is_technician(_fresh(technician_user))
    user = _fresh(technician_user)
    with django_assert_num_queries(0):
        assert is_technician(user)
        assert member_ids_of(user)


def test_kept_role_facts_follow_every_change_of_seats_posts_and_bodies(
    secretariat_body, technical_commission, member
):
    user = UserFactory()
    assert not is_secretariat(_fresh(user)) and not is_technician(_fresh(user))
    seat = BodyMembershipFactory(user=user, body=technical_commission)
    assert is_body_member(_fresh(user)) and not is_secretariat(_fresh(user))
    # A body becomes the secretariat: its members are the secretariat at once.
    technical_commission.kind = "secretariat"
    technical_commission.save()
    assert is_secretariat(_fresh(user))
    technical_commission.kind = "technical_commission"
    technical_commission.save()
    assert not is_secretariat(_fresh(user))
    # A seat that ended yesterday no longer counts.
    seat.end_on = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    assert not is_body_member(_fresh(user))
    seat.delete()
    post = TechnicianFactory(user=user, member=member)
    assert member_ids_of(_fresh(user)) == {member.pk}
    post.delete()
    assert not is_technician(_fresh(user))
    # Superuser and active flags are read from the user, not kept.
    user.is_superuser = True
    user.save()
    assert is_secretariat(_fresh(user))
    user.is_active = False
    user.save()
    assert not is_secretariat(_fresh(user))


def test_the_menu_shows_management_as_soon_as_a_seat_is_given_and_hides_it_when_it_ends(
    client_for, secretariat_body
):
    user = UserFactory()
    client = client_for(user)
    assert "nav-group-manage" not in client.get("/credits/").content.decode()
    seat = BodyMembershipFactory(user=user, body=secretariat_body)
    assert "nav-group-manage" in client.get("/credits/").content.decode()
    seat.end_on = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    assert "nav-group-manage" not in client.get("/credits/").content.decode()


def test_kept_role_facts_are_not_trusted_again_when_the_generation_is_lost(
    secretariat_body,
):
    """The counter of generations may be evicted while the facts it guarded
    stay (or the cache may lose keys unevenly): counting again from the start
    must not match facts kept under an earlier number."""
    from django.core.cache import cache

    from teixit.network import roles

    user = UserFactory()
    seat = BodyMembershipFactory(user=user, body=secretariat_body)
    cache.delete(roles._GENERATION_KEY)  # lost: the count starts again
    assert is_secretariat(_fresh(user))  # kept under that new start
    # The seat ends without a signal (a bulk write), then the counter is lost.
    type(seat).objects.filter(pk=seat.pk).update(
        end_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    cache.delete(roles._GENERATION_KEY)
    assert not is_secretariat(_fresh(user))


def test_a_backend_that_grants_everything_answers_once_a_request(
    settings, secretariat_user, technician_user
):
    """The secretariat's backend, first asked, says it grants everything:
    the person's answers are the walk's (Django's `_user_has_perm`) for every
    permission, with or without an object, and the backend is asked once."""
    from django.contrib.auth.models import _user_has_module_perms, _user_has_perm

    from teixit.network.backends import SecretariatBackend
    from teixit.network.models import Member

    member = Member.objects.first()
    for user in (_fresh(secretariat_user), _fresh(technician_user)):
        for perm in ("network.change_member", "anything.do_whatever", "wiki.view_page"):
            for obj in (None, member):
                assert user.has_perm(perm, obj) == _user_has_perm(user, perm, obj)
        for label in ("network", "anything"):
            assert user.has_module_perms(label) == _user_has_module_perms(user, label)
    assert _fresh(secretariat_user).has_perm("anything.do_whatever", member)

    asked = []
    original = SecretariatBackend.grants_everything

    def counted(self, user_obj):
        asked.append(user_obj)
        return original(self, user_obj)

    SecretariatBackend.grants_everything = counted
    try:
        user = _fresh(secretariat_user)
        for i in range(20):
            assert user.has_perm(f"app{i}.change_x")
        assert len(asked) == 1
        # Not first among the backends: not asked, the walk answers.
        settings.AUTHENTICATION_BACKENDS = [
            "django.contrib.auth.backends.ModelBackend",
            *[
                b
                for b in settings.AUTHENTICATION_BACKENDS
                if b != "django.contrib.auth.backends.ModelBackend"
            ],
        ]
        user = _fresh(secretariat_user)
        assert user.has_perm("anything.do_whatever")
        assert len(asked) == 1
    finally:
        SecretariatBackend.grants_everything = original
