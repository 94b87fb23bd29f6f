"""A technician submits a diagnosis; the secretariat sees the bell count rise
and follows the link to the diagnosis."""

import re

import pytest
from django.core import mail

from teixit.diagnosis.models import Diagnosis

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page_for(browser, live_server, login, user):
    context = browser.new_context(locale="ca-ES")
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, user)
    return context, page


def test_submitted_diagnosis_raises_the_secretariats_bell_and_links_to_it(
    _playwright_browser,
    live_server,
    browser_login,
    ready_diagnosis,
    technician_user,
    secretariat_user,
):
    secretariat, secretariat_page = _page_for(
        _playwright_browser, live_server, browser_login, secretariat_user
    )
    secretariat_page.goto(live_server.url + "/")
    assert secretariat_page.locator("#notification-count").count() == 0

    technician, page = _page_for(
        _playwright_browser, live_server, browser_login, technician_user
    )
    page.goto(live_server.url + f"/diagnosis/{ready_diagnosis.pk}/")
    page.click("#submit button")
    page.wait_for_load_state("networkidle")
    assert (
        Diagnosis.objects.get(pk=ready_diagnosis.pk).status
        == Diagnosis.Status.SUBMITTED
    )
    # The technician is not told about their own action.
    assert page.locator("#notification-count").count() == 0

    secretariat_page.reload()
    assert secretariat_page.inner_text("#notification-count") == "1"
    secretariat_page.click("#notification-bell")
    secretariat_page.wait_for_selector("#notification-groups")
    link = secretariat_page.locator("#notification-groups a").first
    assert "ha enviat a validar la diagnosi" in link.inner_text()
    link.click()
    secretariat_page.wait_for_load_state("networkidle")
    assert secretariat_page.url.endswith(f"/diagnosis/{ready_diagnosis.pk}/")
    # Read now: the bell is back to zero.
    assert secretariat_page.locator("#notification-count").count() == 0
    # And the e-mail went out at once, in Catalan, with an unsubscribe link.
    assert [m.to for m in mail.outbox] == [[secretariat_user.email]]
    assert re.search(r"/notifications/unsubscribe/\S+/", mail.outbox[0].body)
    technician.close()
    secretariat.close()
