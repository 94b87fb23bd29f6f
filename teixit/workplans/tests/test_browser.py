import io

import pytest

from teixit.workplans.models import Action, ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_body_member_records_progress_and_sees_the_dashboard_change(
    browser_page, browser_login, live_server, seed_plan, body_member_user
):
    page = browser_page
    action = (
        Action.objects.for_plan(seed_plan)
        .filter(
            responsibilities__body__slug="comissio-tecnica",
            responsibilities__role="execution",
        )
        .order_by("pk")
        .first()
    )
    browser_login(page, body_member_user)
    dashboard = f"{live_server.url}/plan/{seed_plan.pk}/dashboard/"
    page.goto(dashboard)
    assert page.locator('a[data-status="in_progress"]').inner_text() == "0"

    page.goto(f"{live_server.url}/plan/my-actions/")
    page.click(f'a[href="/plan/actions/{action.pk}/"]')
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "50")
    page.fill("#id_note", "Primera reunió feta")
    page.click("#progress-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Primera reunió feta" in page.content()

    page.goto(dashboard)
    assert page.locator('a[data-status="in_progress"]').inner_text() == "1"
    assert "1%" in page.locator('[data-testid="plan-progress"]').inner_text()
    assert ProgressUpdate.objects.get().author == body_member_user


def test_secretariat_downloads_the_pdf_report(
    browser_page, browser_login, live_server, seed_plan, secretariat_user
):
    from pypdf import PdfReader

    page = browser_page
    browser_login(page, secretariat_user)
    page.goto(f"{live_server.url}/plan/{seed_plan.pk}/report/")

    with page.expect_download() as info:
        page.click(f'a[href^="/plan/{seed_plan.pk}/report.pdf"]')
    data = open(info.value.path(), "rb").read()

    assert data.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Pla de treball 2017-2019" in text
