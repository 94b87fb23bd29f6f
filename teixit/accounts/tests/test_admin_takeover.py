"""A secretariat member who is not a superuser cannot take over the accounts
that run the site from the admin (issue 10, point 8): only superusers edit
superusers and staff; tokens never change owner nor come back from revocation."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from teixit.accounts.models import ApiToken
from teixit.accounts.services import api_token_create
from teixit.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(request):
    """The account under attack: a superuser, or a staff member."""
    if request.param == "superuser":
        return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    return UserFactory(email="staff@example.org", is_staff=True)


@pytest.mark.parametrize("target", ["superuser", "staff"], indirect=True)
def test_secretariat_cannot_set_the_password_of_superusers_or_staff(
    client_for, secretariat_user, target
):
    client = client_for(secretariat_user)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    response = client.post(
        url, {"password1": "Taken-over-2026", "password2": "Taken-over-2026"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    target.refresh_from_db()
    assert target.check_password("password")


@pytest.mark.parametrize("target", ["superuser", "staff"], indirect=True)
def test_secretariat_cannot_change_or_delete_superusers_or_staff(
    client_for, secretariat_user, target
):
    client = client_for(secretariat_user)
    change = reverse("admin:accounts_user_change", args=[target.pk])
    page = client.get(change)
    # Viewing stays possible, read-only.
    assert page.status_code == HTTPStatus.OK
    assert b'name="_save"' not in page.content
    response = client.post(
        change,
        {
            "email": "attacker@example.org",
            "name": "x",
            "language": "ca",
            "is_active": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    delete = client.post(
        reverse("admin:accounts_user_delete", args=[target.pk]), {"post": "yes"}
    )
    assert delete.status_code == HTTPStatus.FORBIDDEN
    bulk = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )
    assert bulk.status_code in (HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    target.refresh_from_db()
    assert target.email != "attacker@example.org"


@pytest.mark.parametrize("target", ["superuser", "staff"], indirect=True)
def test_secretariat_cannot_revert_superusers_or_staff_to_an_old_version(
    client_for, secretariat_user, target
):
    first = target.history.earliest()
    target.email = "new-address@example.org"
    target.save()
    response = client_for(secretariat_user).post(
        reverse(
            "admin:accounts_user_simple_history", args=[target.pk, first.history_id]
        ),
        {"email": "attacker@example.org", "name": "x", "language": "ca"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    target.refresh_from_db()
    assert target.email == "new-address@example.org"


def test_secretariat_still_manages_ordinary_people(client_for, secretariat_user):
    person = UserFactory(email="person@example.org")
    client = client_for(secretariat_user)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    response = client.post(
        url, {"password1": "A-new-one-2026", "password2": "A-new-one-2026"}
    )
    assert response.status_code == HTTPStatus.FOUND
    person.refresh_from_db()
    assert person.check_password("A-new-one-2026")


def test_superuser_sets_the_password_of_a_staff_member(client_for, superuser):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    response = client_for(superuser).post(
        reverse("admin:auth_user_password_change", args=[staff.pk]),
        {"password1": "A-new-one-2026", "password2": "A-new-one-2026"},
    )
    assert response.status_code == HTTPStatus.FOUND
    staff.refresh_from_db()
    assert staff.check_password("A-new-one-2026")


@pytest.mark.parametrize("who", ["secretariat_user", "superuser"])
def test_token_owner_cannot_change_in_the_admin(request, client_for, who):
    editor = request.getfixturevalue(who)
    victim = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    token, _raw = api_token_create(user=editor, name="mine")
    response = client_for(editor).post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        {"name": "renamed", "user": victim.pk, "revoked_at_0": "", "revoked_at_1": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    token.refresh_from_db()
    assert token.name == "renamed"
    assert token.user == editor


@pytest.mark.parametrize("who", ["secretariat_user", "superuser"])
def test_revoked_token_cannot_be_unrevoked_in_the_admin(request, client_for, who):
    editor = request.getfixturevalue(who)
    token, _raw = api_token_create(user=editor, name="old")
    revoked_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=revoked_at)
    response = client_for(editor).post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        {"name": "old", "user": editor.pk, "revoked_at_0": "", "revoked_at_1": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    token.refresh_from_db()
    assert token.revoked_at == revoked_at


def test_secretariat_revokes_tokens_with_the_admin_action(
    client_for, secretariat_user, registered_user
):
    token, _raw = api_token_create(user=registered_user, name="leaked")
    response = client_for(secretariat_user).post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_group_form_lists_every_permission_as_django_does(client_for, superuser):
    """The group's permissions select (teixit/accounts/admin.py,
    `PermissionsField`): every permission, in Django's order, labelled as
    `str(permission)`; a group saved with some keeps them."""
    import re

    from django.contrib.auth.models import Group, Permission
    from django.utils.html import escape

    client = client_for(superuser)
    page = client.get(reverse("admin:auth_group_add")).content.decode()
    select = page.split('name="permissions"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option value="(\d+)">([^<]*)</option>', select)
    expected = [
        (str(p.pk), escape(str(p)))
        for p in Permission.objects.select_related("content_type")
    ]
    assert options == expected
    chosen = Permission.objects.filter(codename__in=["view_entity", "add_province"])
    response = client.post(
        reverse("admin:auth_group_add"),
        {"name": "Readers", "permissions": [p.pk for p in chosen]},
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Readers")
    assert set(group.permissions.all()) == set(chosen)
    change = client.get(reverse("admin:auth_group_change", args=[group.pk]))
    for permission in chosen:
        assert f'<option value="{permission.pk}" selected>' in change.content.decode()
