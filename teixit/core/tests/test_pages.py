from http import HTTPStatus

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_home_page_is_catalan_by_default_and_spanish_under_es(client):
    assert 'lang="ca"' in client.get("/").content.decode()
    assert 'lang="es"' in client.get("/es/").content.decode()
    assert 'lang="en"' in client.get("/en/").content.decode()


def test_home_page_text_is_translated(client):
    assert "Inici" in client.get("/").content.decode()
    assert "Inicio" in client.get("/es/").content.decode()
    assert "Home" in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    ("language", "start", "target"),
    [("es", "/", "/es/"), ("en", "/es/network/", "/en/network/"), ("ca", "/en/", "/")],
)
def test_language_switcher_posts_to_set_language(client, language, start, target):
    import re

    page = client.get(start).content.decode()
    assert 'action="/i18n/setlang/"' in page
    next_url = re.search(r'name="next" type="hidden" value="([^"]*)"', page).group(1)
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == target


def test_unknown_page_answers_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "404.html" in [t.name for t in response.templates]
    assert (
        "Go to the home page" in response.content.decode()
        or "inici" in response.content.decode()
    )


def test_unknown_page_in_spanish_answers_in_spanish(client):
    response = client.get("/es/no-existe/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert 'lang="es"' in response.content.decode()


@override_settings(ROOT_URLCONF="teixit.core.tests.urls_error")
def test_server_error_answers_the_friendly_500():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    content = response.content.decode()
    assert "<main" in content
    assert "/static/css/teixit.css" in content
    assert "Traceback" not in content and "a failure on purpose" not in content


@override_settings(ROOT_URLCONF="teixit.core.tests.urls_error")
def test_permission_denied_answers_the_friendly_403(client):
    response = client.get("/forbidden/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "403.html" in [t.name for t in response.templates]
    assert "/accounts/login/" in response.content.decode()


def test_every_page_sends_a_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy


def test_error_pages_send_the_content_security_policy_too(client):
    assert (
        "script-src 'self'" in client.get("/no-such-page/")["Content-Security-Policy"]
    )


def test_pages_use_no_inline_script_or_style(client, member):
    import re

    for url in [
        "/",
        "/network/",
        member.get_absolute_url(),
        "/accounts/login/",
        "/no-such/",
    ]:
        content = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", content), url
        assert " style=" not in content and "<style" not in content, url
        assert not re.search(r"\son[a-z]+=", content), url


def test_base_layout_has_landmarks_and_skip_link(client):
    content = client.get("/en/").content.decode()
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content
    assert "<header" in content and "<footer" in content
    assert 'aria-label="Main navigation"' in content
    assert '<meta name="viewport"' in content


def test_language_select_has_a_label(client):
    content = client.get("/").content.decode()
    assert '<label for="language-select"' in content
    assert 'id="language-select"' in content


def test_static_assets_are_served_from_the_project(client):
    content = client.get("/").content.decode()
    head = content.split("<body")[0]
    assert "/static/vendor/htmx/" in head
    assert "/static/css/teixit.css" in head
    assert "http://" not in head and "https://" not in head


def test_api_docs_page_uses_ninjas_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in content
    assert "cdn" not in content.lower()
    assert "unpkg" not in content and "jsdelivr" not in content
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy


def test_admin_allows_inline_styles_but_not_scripts(client):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy


def test_form_fields_are_described_by_their_help_and_errors():
    from django import forms
    from django.template import Context, Template

    class SampleForm(forms.Form):
        name = forms.CharField(label="Name", help_text="Your full name.")

    form = SampleForm(data={"name": ""})
    form.is_valid()
    html = Template(
        '{% include "components/field.html" with field=form.name %}'
    ).render(Context({"form": form}))
    assert '<label for="id_name">' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_name_error"' in html and 'id="id_name_helptext"' in html


@pytest.mark.parametrize("prefix", ["", "/es", "/en"])
def test_embed_paths_may_be_framed_in_every_language(client, prefix):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from teixit.core.middleware import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))
    response = middleware(RequestFactory().get(f"{prefix}/embed/map"))
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    other = middleware(RequestFactory().get(f"{prefix}/map/"))
    assert "frame-ancestors 'self'" in other["Content-Security-Policy"]


def test_api_docs_page_sits_in_the_sites_frame_with_a_way_back(client):
    """Issue 12.7: /api/v1/docs is one of the site's pages (header, menu,
    footer) with a link back; Swagger UI runs from the site's own static files."""
    response = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="ca")
    assert response.status_code == HTTPStatus.OK
    assert "core/api_docs.html" in [t.name for t in response.templates]
    assert "base.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert 'class="site-footer"' in content
    assert 'id="main"' in content and "<nav" in content
    assert 'id="api-docs-back"' in content
    assert "Torna al web" in content
    assert 'href="/" id="api-docs-back"' in content
    assert 'id="swagger-ui"' in content
    assert "/static/ninja/swagger-ui-bundle.js" in content
    assert "/static/js/api-docs.js" in content
    assert "https://" not in content.split("<body")[0]
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_api_docs_link_back_returns_to_the_page_the_visitor_came_from(client):
    response = client.get(
        "/api/v1/docs", HTTP_REFERER="http://testserver/map/", HTTP_HOST="testserver"
    )
    assert (
        'href="http://testserver/map/" id="api-docs-back"' in response.content.decode()
    )
    # Another site's address is not followed.
    response = client.get("/api/v1/docs", HTTP_REFERER="https://evil.example/")
    assert 'href="/" id="api-docs-back"' in response.content.decode()


@pytest.mark.parametrize(
    ("path", "title", "lang"),
    [
        ("/no-such-page/", "No s'ha trobat la pàgina", "ca"),
        ("/es/no-such-page/", "Página no encontrada", "es"),
        ("/en/no-such-page/", "Page not found", "en"),
    ],
)
def test_error_pages_titles_come_from_teixits_catalogue(client, path, title, lang):
    """Not from the admin's catalogue, which says "No s'ha pogut trobar la
    pàgina" for the same English words."""
    import html

    response = client.get(path)
    content = html.unescape(response.content.decode())
    assert f"<title>{title} · " in content
    assert f"<h1>{title}</h1>" in content
    assert "pogut trobar" not in content


def test_forbidden_and_server_error_pages_are_translated(rf):
    from django.utils import translation

    from teixit.core.views import permission_denied, server_error

    with translation.override("ca"):
        request = rf.get("/")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        forbidden = permission_denied(request).content.decode()
        broken = server_error(request).content.decode()
    assert "<title>Accés denegat · " in forbidden
    assert "<title>Error del servidor</title>" in broken
    assert "Alguna cosa ha fallat" in broken
