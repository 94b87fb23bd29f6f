"""Two members discuss a municipal service model; the moderator closes the
debate with conclusions, which then show on the service's page."""

import pytest

from teixit.debates.models import Debate, Reply, Space
from teixit.municipal_services.tests.factories import MunicipalServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page_for(browser, login, user):
    context = browser.new_context(locale="ca-ES")
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, user)
    return context, page


def test_two_members_discuss_a_service_model_and_the_moderator_closes_it(
    _playwright_browser,
    live_server,
    browser_login,
    body_member_user,
    technician_user,
    secretariat_user,
):
    body_member_user.name = "Anna Puig"
    body_member_user.save(update_fields=["name"])
    technician_user.name = "Pere Soler"
    technician_user.save(update_fields=["name"])
    service = MunicipalServiceFactory(name="Model de servei d'ESS de Sabadell")
    Space.objects.create(
        name="Xarxa", slug="xarxa", kind="network", visibility="members"
    )

    anna_context, anna = _page_for(_playwright_browser, browser_login, body_member_user)
    anna.goto(live_server.url + service.get_absolute_url())
    anna.click("text=Inicia un debat sobre això")
    anna.fill("#id_title", "Com organitzem el servei?")
    anna.fill(
        "#id_body", "Proposo una cooperativa de segon grau. @pere-soler, què en dius?"
    )
    anna.click("#debate-form button[type=submit]")
    anna.wait_for_selector("#debate-status")
    debate = Debate.objects.get()
    assert debate.target == service

    pere_context, pere = _page_for(_playwright_browser, browser_login, technician_user)
    pere.goto(live_server.url + "/")
    assert pere.inner_text("#notification-count") == "1"  # the mention
    pere.click("#notification-bell")
    pere.click("#notification-groups a >> nth=0")
    pere.wait_for_selector("#reply-form")
    pere.fill("#id_body", "D'acord, però amb el suport de l'Ajuntament.")
    pere.click("#reply-form button[type=submit]")
    pere.wait_for_selector(".reply-body")
    assert Reply.objects.filter(author=technician_user).count() == 1

    # Anna sees the reply counted on her bell and answers it.
    anna.goto(live_server.url + "/debates/")
    assert int(anna.inner_text("#notification-count")) >= 1
    anna.goto(live_server.url + debate.get_absolute_url())
    anna.click(".reply-link")
    anna.fill("#id_body", "Fet, ho proposem a la comissió.")
    anna.click("#reply-form button[type=submit]")
    anna.wait_for_selector(".thread-children .reply-body")

    moderator_context, moderator = _page_for(
        _playwright_browser, browser_login, secretariat_user
    )
    moderator.goto(live_server.url + debate.get_absolute_url())
    moderator.click("#close-link")
    moderator.fill("#id_conclusions", "Es crea una **cooperativa de segon grau**.")
    moderator.click("#close-form button[type=submit]")
    moderator.wait_for_selector("#conclusions")
    assert "cooperativa de segon grau" in moderator.inner_text("#conclusions")
    assert moderator.locator("#reply-form").count() == 0

    # The conclusions show on the service's page, for the members.
    pere.goto(live_server.url + service.get_absolute_url())
    assert "cooperativa de segon grau" in pere.inner_text(".object-debates")
    for context in (anna_context, pere_context, moderator_context):
        context.close()
