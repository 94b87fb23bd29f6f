"""A person's model permissions read with queries compiled once
(teixit/accounts/model_permissions.py): Django's answers, for every kind of
person and source of permission."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from teixit.accounts import model_permissions
from teixit.accounts.models import User
from teixit.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _djangos(user, from_name):
    fresh = User.objects.get(pk=user.pk)
    return model_permissions._DJANGOS[0](ModelBackend(), fresh, None, from_name)


def _ours(user):
    fresh = User.objects.get(pk=user.pk)
    backend = ModelBackend()
    return (
        backend.get_user_permissions(fresh),
        backend.get_group_permissions(fresh),
        backend.get_all_permissions(fresh),
        backend.has_perm(fresh, "network.change_member"),
        backend.has_module_perms(fresh, "network"),
    )


def test_it_is_in_djangos_place():
    assert ModelBackend._get_permissions is model_permissions._get_permissions
    assert model_permissions._DJANGOS[0].__module__ == "django.contrib.auth.backends"


def test_the_same_permissions_as_djangos_for_every_source():
    change = Permission.objects.get(codename="change_member")
    view = Permission.objects.get(codename="view_member")
    add_event = Permission.objects.get(codename="add_event")
    editors, readers = Group.objects.create(name="ed"), Group.objects.create(name="rd")
    editors.permissions.add(change, add_event)
    readers.permissions.add(view)

    nobody = UserFactory()
    own = UserFactory()
    own.user_permissions.add(view)
    grouped = UserFactory()
    grouped.groups.add(editors, readers)
    both = UserFactory()
    both.user_permissions.add(change)
    both.groups.add(readers)
    inactive = UserFactory(is_active=False)
    inactive.user_permissions.add(change)
    superuser = UserFactory(is_superuser=True)

    for user in (nobody, own, grouped, both, inactive, superuser):
        user_perms, group_perms, all_perms, *_ = _ours(user)
        assert user_perms == _djangos(user, "user"), user
        assert group_perms == _djangos(user, "group"), user
        assert all_perms == _djangos(user, "user") | _djangos(user, "group")
    assert _ours(grouped)[1] == {
        "network.change_member",
        "events.add_event",
        "network.view_member",
    }
    assert _ours(both)[3] and _ours(both)[4]
    assert not _ours(nobody)[3] and not _ours(inactive)[3]
    assert len(_ours(superuser)[2]) == Permission.objects.count()

    # A permission given later is read by the next request's person.
    nobody.groups.add(editors)
    assert _ours(nobody)[3]


def test_two_queries_a_person_then_none(django_assert_num_queries):
    user = User.objects.get(pk=UserFactory().pk)
    backend = ModelBackend()
    with django_assert_num_queries(2):
        backend.get_all_permissions(user)
    with django_assert_num_queries(0):
        backend.get_all_permissions(user)
        backend.has_perm(user, "network.change_member")


def test_a_backend_with_its_own_reads_is_asked_as_django_asks_it():
    class OnlyGroups(ModelBackend):
        def _get_user_permissions(self, user_obj):
            return Permission.objects.none()

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_member"))
    assert OnlyGroups().get_user_permissions(User.objects.get(pk=user.pk)) == set()
    assert ModelBackend().get_user_permissions(User.objects.get(pk=user.pk)) == {
        "network.view_member"
    }
