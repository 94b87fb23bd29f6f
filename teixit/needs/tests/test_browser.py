"""A member raises a need in Chromium and finds SSE suppliers on the map."""

import pytest

from teixit.needs.models import Need, SupplierMark

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_raises_a_need_and_finds_suppliers_on_the_map(
    browser_page, browser_login, live_server, technician_user, place, suppliers
):
    page = browser_page
    browser_login(page, technician_user)

    page.goto(live_server.url + "/needs/")
    page.click("#new-need")
    page.fill("input[name=title]", "Càtering de proximitat per a escoles")
    page.fill(
        "textarea[name=description]", "Les escoles de Salt no troben càtering local."
    )
    page.check("label:has-text('Alimentació')")
    page.fill("textarea[name=municipalities]", "Salt")
    page.fill("input[name=population_affected]", "900")
    page.click("#need-form button[type=submit]")

    page.wait_for_selector("#matches")
    need = Need.objects.get(title="Càtering de proximitat per a escoles")
    assert need.status == "raised" and need.raised_by == technician_user
    assert page.url.endswith(need.get_absolute_url())

    # The list: nearest first, each with why it matches.
    items = page.locator("#matches > li")
    assert items.count() == 3
    assert "Horta de Salt" in items.nth(0).inner_text()
    assert "sector Alimentació, a Salt" in items.nth(0).inner_text()
    assert "a 3 km" in items.nth(1).inner_text()

    # The map: one marker per supplier; a marker's popup names it.
    page.wait_for_selector("#match-map[data-ready='3']")
    markers = page.locator("#match-map .needs-marker")
    assert markers.count() == 3
    page.locator("#match-map .needs-marker[title='Horta de Salt']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Horta de Salt" in popup.inner_text()

    # The member marks the nearest supplier as contacted.
    first = suppliers["salt_food"]
    page.select_option(f"#state-{first.pk}", "contacted")
    page.fill(f"#note-{first.pk}", "Enviat un correu")
    page.locator(f"#match-{first.pk} button[type=submit]").click()
    page.wait_for_selector(f"#match-{first.pk} .mark-state")
    mark = SupplierMark.objects.get()
    assert (mark.entity, mark.state, mark.note) == (
        first,
        "contacted",
        "Enviat un correu",
    )
