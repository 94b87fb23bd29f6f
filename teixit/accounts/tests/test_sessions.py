"""The session store (teixit.accounts.sessions) and the person's read by key
(UserManager.get): what Django's own do, on the same rows, with less ORM."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teixit.accounts.models import User
from teixit.accounts.sessions import SessionStore

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_site_uses_this_store():
    assert settings.SESSION_ENGINE == "teixit.accounts.sessions"


def test_a_session_saved_by_either_store_is_read_by_the_other():
    ours = SessionStore()
    ours["who"] = "Aina"
    ours.create()
    assert DjangoStore(ours.session_key).load() == {"who": "Aina"}

    django = DjangoStore()
    django["who"] = "Pau"
    django.create()
    assert SessionStore(django.session_key).load() == {"who": "Pau"}


def test_an_expired_unknown_or_missing_key_reads_as_empty_and_is_forgotten():
    store = SessionStore()
    store["who"] = "Aina"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None

    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None

    assert SessionStore(None).load() == {}


def test_a_tampered_session_reads_as_empty():
    store = SessionStore()
    store["who"] = "Aina"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        session_data="not-signed-data"
    )
    assert SessionStore(store.session_key).load() == {}


def test_login_logout_and_an_expired_session_through_the_site(client):
    user = UserFactory(password="una contrasenya llarga 2026")
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 302  # to the login page

    client.force_login(user)
    page = client.get(profile)
    assert page.status_code == 200 and user.email in page.content.decode()

    Session.objects.update(expire_date=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(profile).status_code == 302

    client.force_login(user)
    assert client.get(profile).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(profile).status_code == 302
    assert not Session.objects.filter(
        session_key=client.cookies[settings.SESSION_COOKIE_NAME].value
    ).exists()


def test_a_deactivated_person_is_logged_out_at_the_next_request():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_get_by_key_is_the_orms_get():
    user = UserFactory(name="Aina Puig")
    got = User.objects.get(pk=user.pk)
    assert got == user and got.name == "Aina Puig" and got.email == user.email
    # A change shows at the next read (nothing is kept but the SQL).
    User.objects.filter(pk=user.pk).update(name="Aina Puig i Serra")
    assert User.objects.get(pk=user.pk).name == "Aina Puig i Serra"
    with pytest.raises(User.DoesNotExist, match="User matching query does not exist"):
        User.objects.get(pk=user.pk + 1000)
    # Other lookups and string keys go through the ORM as before.
    assert User.objects.get(pk=str(user.pk)) == user
    assert User.objects.get(email=user.email) == user
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=str(user.pk + 1000))
