from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_network_and_its_members(client, member):
    from teixit.network.tests.factories import NetworkFactory

    NetworkFactory(name="Xarxa de proves")
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Xarxa de proves" in content
    assert member.name in content


def test_home_page_is_catalan_by_default_and_spanish_under_es(client):
    assert 'lang="ca"' in client.get("/").content.decode()
    assert 'lang="es"' in client.get("/es/").content.decode()
    assert 'lang="en"' in client.get("/en/").content.decode()


def test_unknown_page_answers_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "404.html" in [t.name for t in response.templates]


def test_every_page_sends_a_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'self'" in policy


def test_base_layout_has_landmarks_and_skip_link(client):
    content = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content
    assert "<nav" in content and 'role="contentinfo"' in content


def test_static_assets_are_served_from_the_project(client):
    content = client.get("/").content.decode()
    assert "/static/vendor/htmx/" in content
    assert "http://" not in content.split("<body")[0].replace("http://www.mess.cat", "")
    assert "https://" not in content.split("<body")[0]
