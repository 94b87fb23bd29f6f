"""In a browser: the support body comments on an action's page, the executing
body is told and reads it there."""

import pytest

from teixit.accounts.tests.factories import UserFactory
from teixit.network.tests.factories import BodyFactory, BodyMembershipFactory
from teixit.notifications.models import Notification
from teixit.workplans.models import ActionComment

from .factories import ActionFactory, ResponsibilityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member_of(body):
    user = UserFactory()
    BodyMembershipFactory(user=user, body=body)
    return user


def test_the_support_body_comments_and_the_executing_body_reads_it(
    browser_page, browser_login, live_server
):
    support = BodyFactory(kind="promoter_commission", name="Promotora")
    execution = BodyFactory(kind="executive_commission", name="Executiva")
    action = ActionFactory()
    ResponsibilityFactory(action=action, body=support, role="support")
    ResponsibilityFactory(action=action, body=execution, role="execution")
    supporter, executor = _member_of(support), _member_of(execution)
    page = browser_page
    url = f"{live_server.url}/plan/actions/{action.pk}/"

    browser_login(page, supporter)
    page.goto(url)
    page.fill("#comment-body", "Podem aportar dades del nostre municipi")
    page.click("#comment-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    comment = ActionComment.objects.get()
    assert page.locator(f"#comment-{comment.pk}").is_visible()
    assert Notification.objects.filter(
        recipient=executor, verb="workplans.comment"
    ).exists()

    page.context.clear_cookies()
    browser_login(page, executor)
    page.goto(url)
    text = page.locator(f"#comment-{comment.pk}").inner_text()
    assert "Podem aportar dades del nostre municipi" in text
    assert str(supporter) in text
