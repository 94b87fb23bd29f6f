"""Browser tests (Chromium): the main menu folds on a phone and opens without
JavaScript, a technician's home shows their pending work and its links work,
and the new pages pass axe-core."""

import pytest

from teixit.accounts.tests.factories import UserFactory
from teixit.core.tests.test_browser import _serious_violations
from teixit.entities.models import Entity
from teixit.entities.tests.factories import EntityFactory
from teixit.network.tests.factories import (
    MemberFactory,
    NetworkFactory,
    TechnicianFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(db):
    NetworkFactory(name="Xarxa de proves", short_name="XP")
    return MemberFactory(name="Ajuntament de Proves")


def test_menu_folds_on_a_phone_and_opens(browser_page, live_server, site):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    groups = page.locator(".nav-groups")
    assert not groups.is_visible()
    page.locator(".menu-button").click()
    assert groups.is_visible()
    page.locator(".nav-group-network summary").click()
    link = page.locator(".nav-group-network a[href='/network/']")
    assert link.is_visible()
    link.click()
    page.wait_for_url(live_server.url + "/network/")


def test_menu_opens_by_keyboard_without_javascript(
    _playwright_browser, live_server, site
):
    context = _playwright_browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + "/")
        page.focus("#menu-toggle")
        page.keyboard.press("Space")
        assert page.locator(".nav-groups").is_visible()
        page.locator(".nav-group-map summary").focus()
        page.keyboard.press("Enter")
        assert page.locator(".nav-group-map a[href='/map/']").is_visible()
    finally:
        context.close()


def test_desktop_menu_shows_groups_and_management_only_to_managers(
    browser_page, live_server, browser_login, site
):
    page = browser_page
    page.goto(live_server.url + "/")
    assert not page.locator(".menu-button").is_visible()
    assert page.locator(".nav-group").count() <= 6
    assert page.locator(".nav-group-manage").count() == 0
    technician = UserFactory(is_staff=True)
    TechnicianFactory(user=technician, member=site)
    browser_login(page, technician)
    page.goto(live_server.url + "/")
    page.locator(".nav-group-manage summary").click()
    manage = page.locator(".nav-group-manage a[href='/entities/manage/']")
    assert manage.is_visible()


def test_technician_home_shows_pending_work_and_links_work(
    browser_page, live_server, browser_login, site
):
    EntityFactory(municipality=site.municipality, status=Entity.Status.PROPOSED)
    technician = UserFactory(is_staff=True)
    TechnicianFactory(user=technician, member=site)
    page = browser_page
    browser_login(page, technician)
    page.goto(live_server.url + "/")
    section = page.locator("#work-entities")
    assert section.is_visible()
    assert "1" in section.locator(".work-count").first.inner_text()
    with page.expect_navigation():
        section.locator("a").first.click()
    assert "/entities/manage/" in page.url
    assert page.locator("h1").is_visible()
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    violations = _serious_violations(page)
    assert violations == [], "\n".join(violations)


def test_visitor_home_has_no_serious_accessibility_violations(
    browser_page, live_server, site
):
    page = browser_page
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_server.url + "/")
        page.wait_for_load_state("networkidle")
        violations = _serious_violations(page)
        assert violations == [], "\n".join(violations)


def test_search_with_no_results_says_so_and_suggests(browser_page, live_server, site):
    page = browser_page
    page.goto(live_server.url + "/")
    page.fill("#nav-search-q", "zzxxqq")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=zzxxqq")
    empty = page.locator("#search-empty")
    assert empty.is_visible()
    assert "zzxxqq" in empty.inner_text()
    assert empty.locator("a[href='/glossary/?q=zzxxqq']").is_visible()
    violations = _serious_violations(page)
    assert violations == [], "\n".join(violations)
