"""Browser tests in Chromium (Playwright): log in, switch language, open the
glossary, see a 404 page, and an axe-core accessibility check (no serious or
critical violations) on the home page, the glossary and the login page."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from teixit.accounts.tests.factories import UserFactory
from teixit.network.tests.factories import MemberFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _glossary_path() -> str:
    try:
        with translation.override("ca"):
            return reverse("vocabulary:glossary")
    except NoReverseMatch:
        pytest.skip("the glossary page (url vocabulary:glossary) is not built yet")


@pytest.fixture
def demo_site(db):
    NetworkFactory(name="Xarxa de proves", short_name="XP")
    MemberFactory(name="Ajuntament de Proves")


def test_log_in_and_out(browser_page, live_server, browser_login, demo_site):
    user = UserFactory(email="laia@example.org", name="Laia Prova")
    page = browser_page
    browser_login(page, user)
    assert page.url.endswith("/accounts/profile/")
    assert page.locator("h2#profile-details").inner_text() == "laia@example.org"
    page.locator(".account-links button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator(".account-links a[href^='/accounts/login/']").is_visible()


def test_switch_language_to_spanish(browser_page, live_server, demo_site):
    page = browser_page
    page.goto(live_server.url + "/network/")
    assert page.locator("html").get_attribute("lang") == "ca"
    page.select_option("#language-select", "es")
    page.locator(".language-switcher button[type=submit]").click()
    page.wait_for_url(live_server.url + "/es/network/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "La red"
    page.select_option("#language-select", "ca")
    page.locator(".language-switcher button[type=submit]").click()
    page.wait_for_url(live_server.url + "/network/")
    assert page.locator("html").get_attribute("lang") == "ca"


def test_skip_link_appears_on_keyboard_focus(browser_page, live_server, demo_site):
    page = browser_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


def test_open_the_glossary(browser_page, live_server, demo_site):
    path = _glossary_path()
    page = browser_page
    page.goto(live_server.url + "/")
    page.locator(".nav-group-knowledge summary").click()
    page.locator(f".main-nav a[href='{path}']").click()
    page.wait_for_url(live_server.url + path)
    assert page.locator("h1").is_visible()


def test_unknown_page_shows_the_friendly_404(browser_page, live_server, demo_site):
    page = browser_page
    response = page.goto(live_server.url + "/en/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("a[href='/en/']").count() >= 1


def test_api_docs_page_renders_without_other_sites(browser_page, live_server):
    page = browser_page
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url)
            and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Teixit API" in page.locator(".swagger-ui .info .title").inner_text()
    assert outside == []


# Accessibility ----------------------------------------------------------------


def _serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # page.evaluate runs axe-core through the DevTools protocol, which the
    # page's Content-Security-Policy does not restrict.
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_pages_have_no_serious_accessibility_violations(
    browser_page, live_server, demo_site
):
    page = browser_page
    found = []
    for path in ["/", "/accounts/login/", "/en/", "/network/", "/en/no-such-page/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found += [f"{path}: {violation}" for violation in _serious_violations(page)]
    assert found == [], "\n".join(found)


def test_glossary_has_no_serious_accessibility_violations(
    browser_page, live_server, demo_site
):
    path = _glossary_path()
    page = browser_page
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    violations = _serious_violations(page)
    assert violations == [], "\n".join(violations)


def test_login_page_with_errors_has_no_serious_accessibility_violations(
    browser_page, live_server, demo_site
):
    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "nobody@example.org")
    page.fill("input[name=password]", "wrong")
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".form-errors").is_visible()
    violations = _serious_violations(page)
    assert violations == [], "\n".join(violations)
    assert re.search(r"nobody@example\.org", page.content())
