"""A member registers for a training with one seat; the next person is put on
the waiting list and sees their position."""

import pytest

from teixit.accounts.tests.factories import UserFactory
from teixit.trainings.models import Registration

from .factories import TrainingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_second_member_is_waitlisted_when_training_is_full(
    browser_page, browser_login, live_server, technician_user
):
    training = TrainingFactory(title="Taller de mercats socials", seats=1)
    page = browser_page
    url = f"{live_server.url}/trainings/{training.pk}/"

    browser_login(page, technician_user)
    page.goto(live_server.url + "/trainings/")
    page.click("text=Taller de mercats socials")
    page.click("#register-button")
    page.wait_for_selector("#registration-status")
    assert Registration.objects.get(user=technician_user).status == "registered"

    other = UserFactory()
    page.context.clear_cookies()
    browser_login(page, other)
    page.goto(url)
    page.click("#register-button")
    status = page.wait_for_selector("#registration-status").inner_text()
    assert "1" in status
    registration = Registration.objects.get(user=other)
    assert registration.status == "waitlisted"
    assert registration.waitlist_position == 1
