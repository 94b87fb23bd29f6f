"""Issue 10, point 1: a deploy that follows docs/deploy.md serves its pages.

With `config.settings.production` (DEBUG off): `collectstatic` into a temporary
STATIC_ROOT, `check --deploy` without a warning, then gunicorn on a loopback
port and a small crawl of the public pages, the login pages, the API docs, a
404 and the static files they name — no 5xx, hashed static URLs served
(compressed, cached for good). The database is a copy of the suite's migrated
test database (SQLite or PostgreSQL, whichever the suite runs on)."""

import re
import subprocess
import sys

import pytest

from .servers import (
    ROOT,
    Browser,
    copy_test_database,
    drop_postgres_database,
    production_env,
    start_gunicorn,
)

PAGES = [
    "/",
    "/es/",
    "/en/",
    "/map/",
    "/network/",
    "/entities/propose/",
    "/plan/",
    "/diagnosis/",
    "/practices/",
    "/materials/",
    "/trainings/",
    "/glossary/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/admin/login/",
    "/api/v1/docs",
    "/api/v1/openapi.json",
]
# The suite's test database is only set up when a test asks for it.
pytestmark = pytest.mark.django_db

HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
STATIC_REFERENCE = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")


@pytest.fixture(scope="module")
def production_site(
    collected_static, django_db_setup, django_db_blocker, tmp_path_factory
):
    """(port, environment, seconds collectstatic took) of a gunicorn serving
    the production settings."""
    static_root, collect_seconds = collected_static
    tmp = tmp_path_factory.mktemp("production")
    with django_db_blocker.unblock():
        database_url = copy_test_database(tmp, "crawl")
    env = production_env(
        tmp, DATABASE_URL=database_url, DJANGO_STATIC_ROOT=str(static_root)
    )
    server, port = start_gunicorn(env, tmp / "gunicorn.log", workers=1)
    try:
        yield port, env, collect_seconds
    finally:
        server.stop()
        if database_url.startswith("postgres"):
            drop_postgres_database(database_url)


def test_check_deploy_with_production_settings_prints_no_warning(production_site):
    _port, env, _seconds = production_site
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output.upper(), output
    assert "System check identified no issues" in output


def test_every_page_of_the_crawl_answers_without_a_server_error(production_site):
    port, _env, collect_seconds = production_site
    browser = Browser()
    answers = {path: browser.get(port, path) for path in PAGES}
    errors = {path: r.status for path, r in answers.items() if r.status != 200}
    assert errors == {}, errors
    missing = browser.get(port, "/this-page-does-not-exist/")
    assert missing.status == 404
    assert "<html" in missing.text  # the site's own 404 page, not a bare error
    for path, response in answers.items():
        if path.startswith("/api/v1/openapi"):
            continue
        assert response.headers["Content-Type"].startswith("text/html"), path
        assert "Strict-Transport-Security" in response.headers, path
    print(f"collectstatic took {collect_seconds:.1f} s")


def test_pages_name_hashed_static_files_that_are_served(production_site):
    port, _env, _seconds = production_site
    browser = Browser()
    references = set()
    for path in ("/", "/map/", "/admin/login/", "/api/v1/docs"):
        references |= set(STATIC_REFERENCE.findall(browser.get(port, path).text))
    assert references
    unhashed = {url for url in references if not HASHED.search(url.split("?")[0])}
    assert unhashed == set(), "templates must name the collected, hashed copies"
    for url in references:
        response = browser.get(port, url, **{"Accept-Encoding": "gzip, br"})
        assert response.status == 200, url
        assert "immutable" in response.headers["Cache-Control"], url
    script = next(
        url
        for url in references
        if "/vendor/leaflet/leaflet." in url and url.endswith(".js")
    )
    assert (
        browser.get(port, script, **{"Accept-Encoding": "br"}).headers.get(
            "Content-Encoding"
        )
        == "br"
    )


def test_files_named_inside_stylesheets_are_hashed_and_served(production_site):
    """Leaflet's stylesheet names its images relatively; the collected copy
    names their hashed copies, which are served."""
    port, _env, _seconds = production_site
    browser = Browser()
    page = browser.get(port, "/map/").text
    stylesheet = re.search(
        r'href="(/static/vendor/leaflet/leaflet\.[0-9a-f]{12}\.css)"', page
    )
    assert stylesheet, "the map page links Leaflet's stylesheet"
    css = browser.get(port, stylesheet.group(1)).text
    images = re.findall(r'url\("?(images/[^")]+)"?\)', css)
    assert images and all(HASHED.search(image) for image in images), images
    for image in images:
        response = browser.get(port, f"/static/vendor/leaflet/{image}")
        assert response.status == 200, image
        assert response.headers["Content-Type"] == "image/png"
