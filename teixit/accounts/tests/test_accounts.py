import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from teixit.accounts.models import ApiToken
from teixit.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from teixit.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_logs_in_with_email_case_insensitively(client):
    user = UserFactory(email="marta@example.org")
    response = client.post(
        "/accounts/login/", {"username": "Marta@Example.org", "password": "password"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/profile/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_form_has_labels_and_shows_errors(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">' in page and '<label for="id_password">' in page
    response = client.post(
        "/accounts/login/", {"username": "nobody@example.org", "password": "x"}
    )
    assert response.status_code == HTTPStatus.OK
    assert 'class="form-errors"' in response.content.decode()
    # What the user typed is kept.
    assert 'value="nobody@example.org"' in response.content.decode()


def test_logout_is_a_post_and_goes_home(client_for, registered_user):
    client = client_for(registered_user)
    response = client.post("/accounts/logout/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_profile_needs_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("secretariat_user", "Technical secretariat", "Technician of a member"),
        ("body_member_user", "Member of a governance body", "Technical secretariat"),
        ("technician_user", "Technician of a member", "Member of a governance body"),
        ("registered_user", "Registered member", "Technical secretariat"),
    ],
)
def test_profile_shows_the_roles(request, client_for, who, shown, hidden):
    user = request.getfixturevalue(who)
    content = client_for(user).get("/en/accounts/profile/").content.decode()
    roles = content.split("Your roles:")[1].split("</p>")[0]
    assert shown in roles
    assert hidden not in roles


def test_profile_saves_name_and_language(client_for, registered_user):
    client = client_for(registered_user)
    response = client.post("/accounts/profile/", {"name": "Nom Nou", "language": "es"})
    assert response.status_code == HTTPStatus.FOUND
    registered_user.refresh_from_db()
    assert (registered_user.name, registered_user.language) == ("Nom Nou", "es")


def test_password_reset_sends_an_email_with_a_working_link(client):
    user = UserFactory(email="reset@example.org")
    response = client.post("/accounts/password/reset/", {"email": "reset@example.org"})
    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reset@example.org"]
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == HTTPStatus.OK
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url,
        {
            "new_password1": "una-clau-nova-llarga",
            "new_password2": "una-clau-nova-llarga",
        },
    )
    assert done.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.check_password("una-clau-nova-llarga")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == HTTPStatus.FOUND
    assert mail.outbox == []


def test_login_is_throttled_after_five_failures(client):
    user = UserFactory(email="lock@example.org")
    for attempt in range(1, 6):
        response = client.post(
            "/accounts/login/", {"username": user.email, "password": "wrong"}
        )
        # The fifth failure already answers with the lockout page.
        expected = HTTPStatus.OK if attempt < 5 else HTTPStatus.TOO_MANY_REQUESTS
        assert response.status_code == expected
    locked = client.post(
        "/accounts/login/", {"username": user.email, "password": "password"}
    )
    assert locked.status_code in (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.FORBIDDEN)
    assert "accounts/lockout.html" in [t.name for t in locked.templates]
    assert "_auth_user_id" not in client.session


# Personal API tokens ------------------------------------------------------------


def test_token_is_created_on_the_profile_and_shown_once(client_for, registered_user):
    client = client_for(registered_user)
    response = client.post(
        "/accounts/profile/tokens/", {"name": "importació"}, follow=True
    )
    content = response.content.decode()
    raw = re.search(
        r'id="new-token" type="text" readonly value="(tx_[^"]+)"', content
    ).group(1)
    assert api_token_authenticate(raw) == registered_user
    token = ApiToken.objects.get(user=registered_user)
    assert token.token_hash != raw and raw not in token.token_hash
    again = client.get("/accounts/profile/").content.decode()
    assert raw not in again
    assert "importació" in again


def test_token_without_name_is_refused(client_for, registered_user):
    response = client_for(registered_user).post(
        "/accounts/profile/tokens/", {"name": " "}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert not ApiToken.objects.exists()


def test_token_is_revoked_on_the_profile(client_for, registered_user):
    token, raw = api_token_create(user=registered_user, name="web")
    client = client_for(registered_user)
    response = client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == HTTPStatus.FOUND
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(raw) is None


def test_someone_elses_token_cannot_be_revoked(client_for, registered_user):
    token, raw = api_token_create(user=UserFactory(), name="web")
    response = client_for(registered_user).post(
        f"/accounts/profile/tokens/{token.pk}/revoke/"
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert api_token_authenticate(raw) is not None
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, by=registered_user)


def test_token_of_inactive_user_is_refused(registered_user):
    _token, raw = api_token_create(user=registered_user, name="web")
    registered_user.is_active = False
    registered_user.save()
    assert api_token_authenticate(raw) is None
    assert api_token_authenticate("tx_made-up") is None
    assert api_token_authenticate("") is None


def test_user_changes_keep_history_without_the_password(registered_user):
    registered_user.name = "Canviat"
    registered_user.save()
    assert registered_user.history.count() == 2
    assert not hasattr(registered_user.history.first(), "password")
