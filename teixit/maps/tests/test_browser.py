import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from teixit.territories.tests.factories import ComarcaFactory, MunicipalityFactory

from .factories import EntityFactory, sector


@pytest.mark.browser
def test_visitor_filters_the_map_by_sector_and_opens_an_entity(
    browser_page, live_server, settings
):
    settings.TEIXIT_MAP_TILE_URL = ""  # no tiles from the network in tests
    food, care = sector("food", "Alimentació"), sector("care", "Cures")
    town = MunicipalityFactory(name="Vilafranca", latitude=41.35, longitude=1.7)
    bakery = EntityFactory(
        name="Forn Cooperatiu",
        municipality=town,
        sectors=[food],
        latitude=41.4,
        longitude=2.1,
    )
    EntityFactory(
        name="Cures en Xarxa",
        municipality=town,
        sectors=[care],
        latitude=41.9,
        longitude=1.0,
    )
    EntityFactory(
        name="Xarxa de Cures",
        municipality=town,
        sectors=[care],
        latitude=42.2,
        longitude=2.8,
    )
    page = browser_page
    asked = []
    page.on(
        "request",
        lambda request: (
            asked.append(request.url) if "/api/v1/map/" in request.url else None
        ),
    )

    page.goto(live_server.url + "/map/")
    page.wait_for_selector("#map[data-count='3']")
    # The first clusters came with the page: no request to the map's API.
    assert asked == []
    page.locator(".map-filter-panel summary").click()
    page.select_option("#id_sector", "food")

    # The list and the map follow the filter, and the address can be bookmarked.
    page.wait_for_selector("#map[data-count='1']")
    assert any("sector=food" in url for url in asked)
    results = page.locator("#map-results")
    # The list is swapped by htmx after the map redraws: wait for the swap.
    expect(results.get_by_text("Cures en Xarxa")).to_have_count(0)
    expect(results.get_by_text("Forn Cooperatiu")).to_be_visible()
    page.wait_for_url(re.compile(r"sector=food"))

    page.locator(".map-entity").first.click()
    link = page.locator(".map-popup-link")
    link.wait_for()
    assert "Forn Cooperatiu" in page.locator(".map-popup").inner_text()
    close = page.locator(".leaflet-popup-close-button")
    assert close.get_attribute("aria-label") == "Tanca"  # not Leaflet's English
    link.click()
    page.wait_for_url(
        re.compile(
            re.escape(reverse("entities:detail", kwargs={"pk": bakery.pk})) + "$"
        ),
        wait_until="domcontentloaded",  # not every image: a loaded machine is slow
    )
    assert "Forn Cooperatiu" in page.content()


@pytest.mark.browser
def test_entities_on_one_centroid_open_as_a_list_at_high_zoom(
    browser_page, live_server, settings
):
    settings.TEIXIT_MAP_TILE_URL = ""
    town = MunicipalityFactory(name="Tàrrega", latitude=41.647, longitude=1.14)
    names = ["Cooperativa Arrels", "Cabàs Solidari", "Banc del Temps"]
    for name in names:
        EntityFactory(name=name, municipality=town, latitude=None, longitude=None)
    page = browser_page

    page.goto(live_server.url + "/map/")
    page.wait_for_selector("#map[data-count='3']")
    with page.expect_response(lambda response: "zoom=18" in response.url):
        page.evaluate("window.teixitMap.setView([41.647, 1.14], 18)")
    # A selector, not wait_for_function: Playwright evaluates a string predicate
    # with eval in the page, which the site's CSP (script-src 'self') refuses.
    page.wait_for_selector("#map:not([aria-busy])", state="attached")
    page.wait_for_selector("#map[data-features='1']")
    page.locator(".map-cluster").first.click()
    stack = page.locator(".map-popup-stack")
    stack.wait_for()
    listed = stack.locator("li").all_inner_texts()
    assert [text.split(" (")[0] for text in listed] == sorted(names)
    assert stack.locator(".map-stack-approximate").count() == 3


@pytest.mark.browser
def test_the_list_beside_the_map_marks_entities_without_coordinates_approximate(
    browser_page, live_server, settings
):
    settings.TEIXIT_MAP_TILE_URL = ""
    town = MunicipalityFactory(name="Manlleu", latitude=42.0, longitude=2.28)
    EntityFactory(
        name="Teixidores de Manlleu", municipality=town, latitude=41.4, longitude=2.1
    )
    EntityFactory(
        name="Menjador Comunitari", municipality=town, latitude=None, longitude=None
    )
    page = browser_page

    page.goto(live_server.url + "/map/")
    page.wait_for_selector("#map[data-count='2']")
    rows = page.locator("#map-results tbody tr")
    expect(rows).to_have_count(2)
    approximate = rows.filter(has_text="Menjador Comunitari")
    exact = rows.filter(has_text="Teixidores de Manlleu")
    mark = approximate.locator(".map-list-approximate")
    expect(mark).to_be_visible()
    expect(mark).to_have_text("ubicació aproximada")
    assert "centre" in mark.get_attribute("title")
    expect(exact.locator(".map-list-approximate")).to_have_count(0)
    # On the map, the same entity is drawn as an approximate marker.
    expect(page.locator(".map-entity-approximate")).to_have_count(1)


@pytest.mark.browser
def test_map_comes_first_with_translated_controls_and_a_notice_without_tiles(
    browser_page, live_server, settings
):
    settings.TEIXIT_MAP_TILE_URL = live_server.url + "/no-tiles/{z}/{x}/{y}.png"
    penedes = ComarcaFactory(
        code="05", name="Alt Penedès", boundary=_square(1.5, 41.2, 0.4)
    )
    town = MunicipalityFactory(name="Vilafranca", latitude=41.35, longitude=1.7, comarca=penedes,
                               boundary=_square(1.65, 41.3, 0.1))  # fmt: skip
    EntityFactory(
        name="Forn Cooperatiu", municipality=town, latitude=41.4, longitude=2.1
    )
    page = browser_page
    page.route("**/no-tiles/**", lambda route: route.abort())
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + "/map/")
        page.wait_for_selector("#map[data-count='1']")
        box = page.locator("#map").bounding_box()
        assert box["y"] < height, f"the map starts below the first screen at {width}"
        assert not page.locator("#id_sector").is_visible()  # filters folded
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Apropa"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("title") == "Allunya"
    credit = page.locator(
        ".leaflet-control-attribution a[href='https://leafletjs.com']"
    )
    assert "biblioteca" in credit.get_attribute("title")
    notice = page.locator(".map-tiles-notice")
    notice.wait_for()
    assert "pogut carregar el mapa de fons" in notice.inner_text()
    # The tiles blocked, the site's own outlines are the background: the
    # comarques at once, the municipalities once zoomed in.
    page.wait_for_selector("#map[data-outlines-drawn='comarques']")
    outlines = page.locator(".leaflet-outlines-pane path")
    assert outlines.count() == 1
    assert outlines.first.get_attribute("d")
    page.evaluate("window.teixitMap.setView([41.35, 1.7], 11)")
    page.wait_for_selector("#map[data-outlines-drawn='comarques municipalities']")
    assert page.locator(".leaflet-outlines-pane path").count() == 2
    page.evaluate("window.teixitMap.setView([41.35, 1.7], 8)")
    page.wait_for_selector("#map[data-outlines-drawn='comarques']")
    assert page.locator(".leaflet-outlines-pane path").count() == 1


def _square(west, south, size):
    ring = [[west, south], [west + size, south], [west + size, south + size],
            [west, south + size], [west, south]]  # fmt: skip
    return {"type": "Polygon", "coordinates": [ring]}
