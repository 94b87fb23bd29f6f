"""The glossary search updates the results as one types (htmx) and keeps a
bookmarkable URL; an anchor link points at the term."""

import pytest
from playwright.sync_api import expect

from .factories import ConceptFactory, ConceptSchemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_glossary_search_updates_results_and_url(browser_page, live_server):
    sectors = ConceptSchemeFactory(code="sectors", label_ca="Sectors d'activitat")
    ConceptFactory(
        scheme=sectors,
        code="energia",
        label_ca="Energia",
        definition_ca="Energia renovable.",
    )
    ConceptFactory(
        scheme=sectors,
        code="habitatge",
        label_ca="Habitatge",
        definition_ca="Accés a l'habitatge.",
    )
    page = browser_page
    page.goto(live_server.url + "/glossary/")
    expect(page.locator("#sectors-habitatge")).to_be_visible()
    page.fill("#glossary-q", "ENERGÍA")
    expect(page.locator("#sectors-habitatge")).to_have_count(0)
    expect(page.locator("#sectors-energia")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/glossary/?q=ENERG%C3%8DA&scheme=")
    page.reload()
    expect(page.locator("#sectors-energia")).to_be_visible()
    expect(page.locator("#glossary-q")).to_have_value("ENERGÍA")
