"""A member proposes an amendment to one paragraph of the ethical code; the
commission accepts it, approves the version and publishes it; the public
page shows the amended text with the version and its date."""

import pytest
from django.utils import timezone

from teixit.core.dates import long_date
from teixit.documents import services
from teixit.documents.models import Amendment, Document

from .factories import DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page_for(browser, login, user):
    context = browser.new_context(locale="ca-ES")
    context.set_default_timeout(15_000)
    page = context.new_page()
    if user is not None:
        login(page, user)
    return context, page


def test_an_amendment_is_accepted_approved_and_published(
    _playwright_browser,
    live_server,
    browser_login,
    technician_user,
    body_member_user,
    technical_commission,
):
    code = DocumentFactory(
        title="Codi ètic",
        slug="codi-etic",
        text="Actuem amb transparència.\n\nCooperem entre municipis.",
        approving_body=technical_commission,
        is_public=True,
    )
    services.document_open_consultation(document=code, user=None)

    context, member = _page_for(_playwright_browser, browser_login, technician_user)
    member.goto(live_server.url + code.get_absolute_url())
    member.fill("#amend_paragraph", "2")
    member.select_option("#amend_kind", "replace")
    member.fill("#amend_text", "Cooperem entre municipis i amb les entitats.")
    member.fill("#amend_reason", "Les entitats també hi són.")
    member.click("#amend-form button[type=submit]")
    member.wait_for_selector(".amendment")
    amendment = Amendment.objects.get()
    assert amendment.author == technician_user and amendment.paragraph == 2
    context.close()

    context, commission = _page_for(
        _playwright_browser, browser_login, body_member_user
    )
    commission.goto(live_server.url + code.get_absolute_url())
    commission.click("button[value=close]")
    commission.wait_for_selector(f"#answer-form-{amendment.pk}")
    commission.select_option(f"#answer{amendment.pk}_status", "accepted")
    commission.fill(f"#answer{amendment.pk}_reply", "D'acord, ho afegim.")
    commission.click(f"#answer-form-{amendment.pk} button[type=submit]")
    commission.wait_for_selector("#amended-text")
    assert "amb les entitats" in commission.inner_text("#amended-text")
    commission.click("button[value=approve]")
    commission.wait_for_selector("#versions")
    commission.click("button[value=publish]")
    commission.wait_for_selector("button[value=publish]", state="detached")
    context.close()
    code.refresh_from_db()
    assert code.stage == Document.Stage.PUBLISHED

    context, visitor = _page_for(_playwright_browser, browser_login, None)
    visitor.goto(live_server.url + code.get_public_url())
    text = visitor.inner_text("#public-document")
    assert "Cooperem entre municipis i amb les entitats." in text
    note = visitor.inner_text("#version-note")
    assert "Versió 1" in note
    assert long_date(timezone.localdate(), "ca") in note
    context.close()
