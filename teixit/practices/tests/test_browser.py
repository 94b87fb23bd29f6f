"""A technician publishes a failed practice with its lessons and a document;
the secretariat publishes it; another member finds it by searching a word of
the lessons written with a different accent."""

import re

import pytest
from playwright.sync_api import expect

from teixit.accounts.tests.factories import UserFactory
from teixit.materials.tests.factories import pdf_bytes
from teixit.network.tests.factories import (
    BodyFactory,
    BodyMembershipFactory,
    MemberFactory,
    TechnicianFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page):
    page.context.clear_cookies()


def test_failed_practice_is_published_and_found_without_accents(
    browser_page, browser_login, live_server
):
    page = browser_page
    technician = UserFactory(name="Tècnica Autora")
    TechnicianFactory(
        user=technician, member=MemberFactory(name="Ajuntament de Proves")
    )
    secretary = UserFactory(name="Secretaria")
    BodyMembershipFactory(
        user=secretary, body=BodyFactory(kind="secretariat", slug="secretaria")
    )
    colleague = UserFactory(name="Altre Membre")
    TechnicianFactory(user=colleague, member=MemberFactory(name="Ajuntament Veí"))

    # The technician writes the practice, with a document, and submits it.
    browser_login(page, technician)
    page.goto(live_server.url + "/practices/new/")
    page.fill("input[name=title]", "Moneda local que no va funcionar")
    page.fill("textarea[name=summary]", "Una moneda local per al comerç de proximitat.")
    page.select_option("select[name=outcome]", "failure")
    page.fill(
        "textarea[name=lessons]",
        "Les lliçons apreses: implicar el comerç des del principi.",
    )
    page.set_input_files(
        "input[name=document]",
        files=[
            {
                "name": "avaluacio.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf_bytes(),
            }
        ],
    )
    page.fill("input[name=document_title]", "Informe d'avaluació")
    page.click("form.stacked button[type=submit]")
    expect(page.locator("h1")).to_have_text("Moneda local que no va funcionar")
    expect(page.get_by_role("link", name="Informe d'avaluació")).to_be_visible()
    page.click("form[action$='/submit/'] button")
    detail_url = page.url
    assert re.search(r"/practices/\d+/$", detail_url)
    _logout(page)

    # The secretariat publishes it.
    browser_login(page, secretary)
    page.goto(detail_url)
    page.click("form[action$='/publish/'] button")
    expect(page.locator(".badge-warning")).to_have_count(0)
    _logout(page)

    # Another member searches "llicons" (no cedilla) and finds it.
    browser_login(page, colleague)
    page.goto(live_server.url + "/search/")
    page.fill("input[name=q]", "llicons")
    page.keyboard.press("Enter")
    result = page.locator("#search-results").get_by_role(
        "link", name="Moneda local que no va funcionar"
    )
    expect(result).to_be_visible()
    expect(page.locator("#search-results .badge-failure")).to_be_visible()
    result.click()
    expect(page.locator("#lessons")).to_contain_text("lliçons apreses")
    expect(page.get_by_role("link", name="Informe d'avaluació")).to_be_visible()
