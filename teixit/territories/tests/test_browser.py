"""Browser test (Chromium): the municipality combobox, by keyboard only."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teixit.territories.tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_municipality_autocomplete_by_keyboard(browser_page, live_server):
    MunicipalityFactory(code="081017", name="l'Hospitalet de Llobregat")
    MunicipalityFactory(code="170869", name="Hostalric")
    page = browser_page
    page.goto(live_server.url + reverse("entities:propose"))
    field = page.locator("#id_municipality")
    assert field.get_attribute("role") == "combobox"
    field.focus()
    page.keyboard.type("hospi")
    listbox = page.locator("#id_municipality-listbox")
    # The suggestions for the whole word (under load a pause while typing can
    # first show those for "hos", Hostalric among them, before "hospi"'s).
    expect(listbox.locator("[role=option]")).to_have_count(1)
    listbox.locator("#municipality-option-081017").wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    assert active == "municipality-option-081017"
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    assert field.input_value() == "l'Hospitalet de Llobregat"
    assert field.get_attribute("aria-expanded") == "false"
    assert not listbox.is_visible()
    page.keyboard.press("Escape")  # nothing open: Escape leaves the value
    assert field.input_value() == "l'Hospitalet de Llobregat"
