"""Fixtures shared by every app's tests.

- people in each role: `secretariat_user`, `body_member_user` (technical
  commission), `technician_user` (of `member`), `registered_user`, and
  `client_for(user)` to get a logged-in test client;
- `shared_data(*parts)`: a path in ../shared/data, skipping the test with a
  visible reason when it is absent (failing instead under CI=true); tests that
  use it (or `real_files`) are marked `needs_shared_data`, so a run from a bare
  clone deselects them with `-m "not needs_shared_data"` (see `.ci/run`);
- `browser_page`: a Playwright page in Debian's Chromium, for tests marked
  `@pytest.mark.browser` that use `live_server`.
"""

import os
from pathlib import Path

import pytest
from django.test import Client

from teixit.accounts.tests.factories import UserFactory
from teixit.network.tests.factories import (
    BodyFactory,
    BodyMembershipFactory,
    MemberFactory,
    TechnicianFactory,
)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("TEIXIT_CHROMIUM", "/usr/bin/chromium")


def skip_or_fail(reason: str):
    """Skip with a visible reason, except under CI=true where it is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fresh_language_and_cache():
    """Each test starts in the site's default language with an empty cache.
    A request to a /es/ page leaves Spanish active in the test's thread, so a
    later test's `reverse()` gave /es/… addresses (a browser test then waited
    for a Catalan page that never came); and the test settings' cache lives as
    long as the process, so values cached by one test (the current network,
    kept 30 s) would otherwise outlive the rows a transactional test flushed."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from teixit.home.selectors import forget_showcase

    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()
    # kept per process like the cache (rolled-back rows send no signal)
    forget_showcase()
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Fixtures that read the publishers' raw files in ../shared/data.
SHARED_DATA_FIXTURES = frozenset({"shared_data", "real_files"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SHARED_DATA_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.needs_shared_data)


@pytest.fixture
def shared_data():
    from teixit.core.shared_data import shared_data_dir

    def _path(*parts: str) -> Path:
        path = shared_data_dir().joinpath(*parts)
        if not path.exists():
            skip_or_fail(f"public data file {path} is not present")
        return path

    return _path


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def other_member(db):
    return MemberFactory()


@pytest.fixture
def secretariat_body(db):
    return BodyFactory(
        kind="secretariat", name="Secretaria tècnica", slug="secretaria-tecnica"
    )


@pytest.fixture
def technical_commission(db):
    return BodyFactory(
        kind="technical_commission", name="Comissió tècnica", slug="comissio-tecnica"
    )


@pytest.fixture
def secretariat_user(db, secretariat_body):
    user = UserFactory(is_staff=True)
    BodyMembershipFactory(user=user, body=secretariat_body)
    return user


@pytest.fixture
def body_member_user(db, technical_commission):
    user = UserFactory()
    BodyMembershipFactory(user=user, body=technical_commission)
    return user


@pytest.fixture
def technician_user(db, member):
    user = UserFactory(is_staff=True)
    TechnicianFactory(user=user, member=member)
    return user


@pytest.fixture
def registered_user(db):
    return UserFactory()


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(db):
    def _client(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return _client


# Browser tests ---------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright_browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium is not installed at {CHROMIUM}: browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        skip_or_fail("playwright is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_playwright_browser, live_server):
    """A fresh browser context and page; `page.goto(live_server.url + path)`."""
    context = _playwright_browser.new_context(locale="ca-ES")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_login(live_server):
    """Log a user in through the real login form."""

    def _login(page, user, password: str = "password"):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", password)
        page.click("form.stacked button[type=submit]")
        page.wait_for_load_state("networkidle")

    return _login
