"""The whole life of a network meeting in Chromium: the secretariat creates
it, invites institutions by theme, an invitee answers through the link, a
member registers, attendance is taken on a phone, and an agreement of the
minutes linked to a plan action appears on that action's page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from teixit.events.models import Event, Invitation, Registration
from teixit.network.tests.factories import InstitutionFactory
from teixit.workplans.tests.factories import ActionFactory

from .factories import EventFactory, RegistrationFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_creates_invites_and_invitee_answers(
    browser_page, browser_login, live_server, secretariat_user, technician_user
):
    theme = ThemeFactory(label_ca="Habitatge cooperatiu")
    invited = InstitutionFactory(name="Federació d'habitatge", email="fed@example.org")
    invited.themes.set([theme])
    InstitutionFactory(name="Institució sense tema", email="cap@example.org")
    page = browser_page
    browser_login(page, secretariat_user)

    page.goto(live_server.url + "/events/")
    page.click("#new-event")
    start = timezone.localtime() + timedelta(days=20)
    page.select_option("select[name=kind]", "network_meeting")
    page.fill("input[name=title]", "Trobada de primavera")
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT10:00"))
    page.fill("input[name=ends_at]", start.strftime("%Y-%m-%dT14:00"))
    page.fill("input[name=address]", "Sala d'actes")
    page.check("text=Habitatge cooperatiu")
    page.select_option("select[name=audience]", "members_institutions")
    page.fill("textarea[name=agenda]", "10:00 | Benvinguda | Secretaria")
    page.click("#event-form button[type=submit]")
    page.wait_for_selector("#publish-button")
    event = Event.objects.get(title="Trobada de primavera")
    assert event.status == "draft" and list(event.themes.all()) == [theme]
    page.click("#publish-button")
    page.wait_for_selector("#invitations-link")
    page.click("#invitations-link")

    page.wait_for_selector("#candidates-form")
    assert page.locator("text=Federació d'habitatge").count() == 1
    assert page.locator("text=Institució sense tema").count() == 0
    page.click("#add-candidates")
    page.wait_for_selector("#send-invitations")
    page.click("#send-invitations")
    page.wait_for_selector(".message")
    page.click("#send-invitations")  # re-sending the pending ones sends nothing
    page.wait_for_load_state("networkidle")
    assert Invitation.objects.filter(event=event).count() == 1
    sent = [m for m in mail.outbox if m.to == ["fed@example.org"]]
    assert len(sent) == 1
    link = re.search(r"https?://\S+/events/invitation/\S+/", sent[0].body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    page.check("input[name=answer][value=yes]")
    page.fill("textarea[name=attendees]", "Núria Puig, presidenta")
    page.click("#answer-form button[type=submit]")
    page.wait_for_selector("#current-answer")
    invitation = Invitation.objects.get(event=event)
    assert invitation.answer == "yes"
    assert invitation.attendees == "Núria Puig, presidenta"

    browser_login(page, secretariat_user)
    page.goto(live_server.url + f"/events/{event.pk}/")
    summary = page.inner_text("#invitation-summary")
    assert "1" in summary

    page.context.clear_cookies()
    browser_login(page, technician_user)
    page.goto(live_server.url + f"/events/{event.pk}/")
    page.click("#register-link")
    page.fill("textarea[name=needs]", "Menú sense gluten")
    page.check("input[name=consent]")
    page.click("#registration-form button[type=submit]")
    page.wait_for_selector("#registration-status")
    registration = Registration.objects.get(event=event, user=technician_user)
    assert registration.status == "registered"
    assert registration.needs == "Menú sense gluten"


def test_attendance_on_a_phone(
    _playwright_browser, live_server, browser_login, secretariat_user
):
    event = EventFactory(starts_at=timezone.now() - timedelta(hours=1))
    came = RegistrationFactory(event=event, name="Marta Vila")
    RegistrationFactory(event=event, name="Joan Pi")
    context = _playwright_browser.new_context(
        locale="ca-ES", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    try:
        browser_login(page, secretariat_user)
        page.goto(live_server.url + f"/events/{event.pk}/attendance/")
        box = page.get_by_label(re.compile("Marta Vila"))
        box.check()
        # The list fits the phone: no sideways scrolling.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        page.click("#attendance-form button[type=submit]")
        page.wait_for_selector(".message")
        came.refresh_from_db()
        assert came.attended
        assert Registration.objects.filter(event=event, attended=True).count() == 1
    finally:
        context.close()


def test_agreement_linked_to_an_action_appears_on_its_page(
    browser_page, browser_login, live_server, secretariat_user
):
    action = ActionFactory(text="Organitzar i promoure 3 trobades anuals")
    event = EventFactory(status="held", starts_at=timezone.now() - timedelta(days=1))
    page = browser_page
    browser_login(page, secretariat_user)
    page.goto(live_server.url + f"/events/{event.pk}/")
    page.click("#minutes-link")
    page.fill("textarea[name=minutes]", "S'aprova el calendari de trobades.")
    page.click("#minutes-form button[type=submit]")
    page.wait_for_selector("#minutes")
    page.click("text=Afegeix un acord")
    page.fill("#agreement-form textarea[name=text]", "Convocar la trobada de tardor")
    page.select_option("#agreement-form select[name=action]", str(action.pk))
    page.click("#agreement-form button[type=submit]")
    page.wait_for_selector("text=Convocar la trobada de tardor")
    page.goto(live_server.url + action.get_absolute_url())
    assert page.locator("text=Convocar la trobada de tardor").count() == 1
    assert page.locator(f"a[href*='/events/{event.pk}/']").count() >= 1
