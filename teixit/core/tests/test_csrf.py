"""CSRF secrets and masks drawn with one read of os.urandom
(teixit/core/csrf.py): the same alphabet, length and uniform draw as
Django's, and tokens Django's middleware accepts."""

from collections import Counter

import pytest
from django.middleware import csrf as django_csrf
from django.test import Client, RequestFactory

from teixit.core.csrf import new_csrf_string


def test_django_draws_its_strings_with_ours():
    assert django_csrf._get_new_csrf_string is new_csrf_string


def test_length_and_alphabet_as_djangos():
    for _ in range(200):
        value = new_csrf_string()
        assert len(value) == django_csrf.CSRF_SECRET_LENGTH
        assert set(value) <= set(django_csrf.CSRF_ALLOWED_CHARS)


def test_every_character_drawn_evenly_and_strings_differ():
    drawn = [new_csrf_string() for _ in range(4000)]
    assert len(set(drawn)) == len(drawn)
    counts = Counter("".join(drawn))
    # 128,000 characters over 62: ~2,065 each; a draw biased towards the
    # first eight (byte % 62 without dropping 248–255) gives them ~2,580.
    assert set(counts) == set(django_csrf.CSRF_ALLOWED_CHARS)
    expected = 4000 * 32 / 62
    assert all(abs(n - expected) < 0.12 * expected for n in counts.values()), counts
    first = sum(counts[c] for c in django_csrf.CSRF_ALLOWED_CHARS[:8]) / 8
    last = sum(counts[c] for c in django_csrf.CSRF_ALLOWED_CHARS[8:]) / 54
    assert abs(first - last) < 0.06 * expected


def test_masked_tokens_unmask_to_the_cookies_secret():
    request = RequestFactory().get("/")
    django_csrf.CsrfViewMiddleware(lambda r: None).process_request(request)
    first, second = django_csrf.get_token(request), django_csrf.get_token(request)
    assert first != second  # a new mask each time, as Django's
    secret = request.META["CSRF_COOKIE"]
    assert django_csrf._unmask_cipher_token(first) == secret
    assert django_csrf._unmask_cipher_token(second) == secret


@pytest.mark.django_db
def test_a_form_posted_with_the_pages_token_is_accepted_and_without_refused():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/")
    html = page.content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert len(token) == django_csrf.CSRF_TOKEN_LENGTH
    answer = client.post(
        "/i18n/setlang/", {"language": "es", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302
    refused = client.post("/i18n/setlang/", {"language": "es"})
    assert refused.status_code == 403
