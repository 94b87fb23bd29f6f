"""The commission opens the overlap matrix and follows an overlap to both
lines."""

import pytest

from .factories import make_line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commission_follows_an_overlap_from_the_matrix_to_both_lines(
    browser_page, browser_login, live_server, body_member_user, secretariat_user, places, themes
):  # fmt: skip
    by = secretariat_user
    province = make_line(
        by=by,
        title="Impulsem l'economia social",
        administration="Diputació de Barcelona",
        themes=[themes["market"]],
        comarques=[places["valles"]],
    )
    town = make_line(
        by=by,
        title="Sabadell coopera",
        level="municipality",
        administration="Ajuntament de Sabadell",
        themes=[themes["market"]],
        municipalities=[places["sabadell"]],
    )
    make_line(by=by, title="Girona associa", themes=[themes["housing"]], municipalities=[places["girona"]])  # fmt: skip
    page = browser_page

    browser_login(page, body_member_user)
    page.goto(live_server.url + "/funding-lines/")
    page.click("#overlap-matrix-link")
    page.wait_for_selector("#administration-matrix")
    # One overlap, between the two administrations, counted in both cells.
    assert page.locator("#administration-matrix td.num", has_text="1").count() == 2
    pairs = page.locator("#overlap-pairs tbody tr")
    assert pairs.count() == 1
    assert "Girona associa" not in page.locator("#overlap-pairs").inner_text()

    pairs.first.locator("a", has_text="Impulsem l'economia social").click()
    page.wait_for_url(f"**{province.get_absolute_url()}")
    assert page.inner_text("#line-title") == province.title
    overlap = page.locator("#overlaps li.overlap")
    assert overlap.count() == 1
    assert "Sabadell" in overlap.locator("[data-reason=territory]").inner_text()

    page.go_back()
    page.locator("#overlap-pairs a", has_text="Sabadell coopera").click()
    page.wait_for_url(f"**{town.get_absolute_url()}")
    assert page.inner_text("#line-title") == town.title
    page.locator("#overlaps a", has_text="Impulsem l'economia social").click()
    page.wait_for_url(f"**{province.get_absolute_url()}")
