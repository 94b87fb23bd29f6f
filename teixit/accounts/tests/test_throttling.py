"""Login throttling keyed on the normalised e-mail address and the client's
address behind trusted proxies (issue 10, points 6 and 7)."""

from http import HTTPStatus

import pytest

from teixit.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED = (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.FORBIDDEN)


def _fail(client, identifier, times=5, **headers):
    for _attempt in range(times):
        response = client.post(
            "/accounts/login/",
            {"username": identifier, "password": "wrong"},
            headers=headers,
        )
    return response


def _login(client, identifier, **headers):
    return client.post(
        "/accounts/login/",
        {"username": identifier, "password": "password"},
        headers=headers,
    )


@pytest.mark.parametrize(
    "variant",
    [
        "COMISSIO@teixit.local",
        " comissio@teixit.local",
        "Comissio@Teixit.Local ",
    ],
)
def test_variants_of_a_locked_address_are_locked_too(client, variant):
    user = UserFactory(email="comissio@teixit.local")
    assert _fail(client, user.email).status_code in LOCKED
    response = _login(client, variant)
    assert response.status_code in LOCKED
    assert "_auth_user_id" not in client.session


def test_failures_in_any_case_count_towards_one_lock(client):
    user = UserFactory(email="comissio@teixit.local")
    for identifier in [
        "comissio@teixit.local",
        "COMISSIO@teixit.local",
        " Comissio@teixit.local",
        "comissio@TEIXIT.local",
        "comissio@teixit.local ",
    ]:
        _fail(client, identifier, times=1)
    assert _login(client, user.email).status_code in LOCKED
    assert "_auth_user_id" not in client.session


def test_a_variant_of_the_address_logs_in_when_not_locked(client):
    user = UserFactory(email="comissio@teixit.local")
    response = _login(client, "  COMISSIO@Teixit.local ")
    assert response.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(user.pk)


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    settings.TEIXIT_TRUSTED_PROXIES = 1
    user = UserFactory(email="comissio@teixit.local")
    # Both come through the proxy at 127.0.0.1 (the test client's address).
    attacker = {"X-Forwarded-For": "203.0.113.66"}
    assert _fail(client, user.email, **attacker).status_code in LOCKED
    assert _login(client, user.email, **attacker).status_code in LOCKED
    real = _login(client, user.email, **{"X-Forwarded-For": "198.51.100.7"})
    assert real.status_code == HTTPStatus.FOUND


def test_a_forged_forwarded_address_does_not_escape_the_lock(client, settings):
    """Only the entry the trusted proxy appended counts; what the client sent
    before it is ignored."""
    settings.TEIXIT_TRUSTED_PROXIES = 1
    user = UserFactory(email="comissio@teixit.local")
    _fail(client, user.email, **{"X-Forwarded-For": "203.0.113.66"})
    forged = _login(client, user.email, **{"X-Forwarded-For": "1.2.3.4, 203.0.113.66"})
    assert forged.status_code in LOCKED


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, settings):
    settings.TEIXIT_TRUSTED_PROXIES = 0
    user = UserFactory(email="comissio@teixit.local")
    _fail(client, user.email, **{"X-Forwarded-For": "203.0.113.66"})
    other = _login(client, user.email, **{"X-Forwarded-For": "198.51.100.7"})
    assert other.status_code in LOCKED


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "127.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "198.51.100.7", "127.0.0.1"),  # shorter than the proxies: not trusted
        (1, "not-an-address", "127.0.0.1"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(
    rf, settings, proxies, forwarded, expected
):
    from teixit.core.clients import client_ip

    settings.TEIXIT_TRUSTED_PROXIES = proxies
    request = rf.get("/", headers={"X-Forwarded-For": forwarded})
    assert client_ip(request) == expected


# Password reset (issue 10, point 11) ---------------------------------------------


@pytest.fixture
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _reset(client, email, **headers):
    return client.post("/accounts/password/reset/", {"email": email}, headers=headers)


@pytest.mark.usefixtures("_fresh_cache")
def test_password_reset_is_throttled_per_address_with_the_same_answer(client):
    from django.core import mail

    UserFactory(email="reset@example.org")
    answers = [_reset(client, variant) for variant in ["reset@example.org"] * 3]
    answers += [_reset(client, v) for v in ["RESET@example.org", " reset@example.org"]]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (HTTPStatus.FOUND, "/accounts/password/reset/sent/")
    }
    assert len(mail.outbox) == 3


@pytest.mark.usefixtures("_fresh_cache")
def test_password_reset_is_throttled_per_client(client, settings):
    from django.core import mail

    settings.TEIXIT_TRUSTED_PROXIES = 1
    for number in range(18):
        UserFactory(email=f"person{number}@example.org")
    answers = [
        _reset(client, f"person{n}@example.org", **{"X-Forwarded-For": "203.0.113.9"})
        for n in range(18)
    ]
    assert {a["Location"] for a in answers} == {"/accounts/password/reset/sent/"}
    assert len(mail.outbox) == 10
    # Another client behind the same proxy is not affected.
    _reset(client, "person17@example.org", **{"X-Forwarded-For": "198.51.100.7"})
    assert len(mail.outbox) == 11
