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
    from django.template.defaultfilters import floatformat

    from teixit.workplans.selectors import plan_tree

    progress = plan_tree(seed_plan).progress  # one action of the plan at 50 %
    assert 0 < progress < 5
    shown = page.locator('[data-testid="plan-progress"]').inner_text()
    assert f"{floatformat(progress, 0)}%" in shown
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


def test_commission_approves_guidelines_and_confirms_the_secretariats_done(
    browser_page,
    browser_login,
    live_server,
    seed_plan,
    body_member_user,
    secretariat_user,
):
    from teixit.workplans.models import ActionGovernance

    page = browser_page
    action = Action.objects.for_plan(seed_plan).get(
        text__startswith="Organitzar i promoure 3 trobades anuals"
    )
    action_url = f"{live_server.url}/plan/actions/{action.pk}/"

    # The technical commission (Línies bàsiques) writes and approves the guidelines.
    browser_login(page, body_member_user)
    page.goto(action_url)
    assert "pendents" in page.locator("#guidelines-state").inner_text()
    assert page.locator("#progress-form").count() == 0  # it does not execute
    page.fill("#guidelines-form textarea", "Tres trobades l'any, rotatives.")
    page.click("#guidelines-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.click("#approve-guidelines-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "aprovades" in page.locator("#guidelines-state").inner_text()

    # The secretariat (Execució) records progress and proposes done.
    page.context.clear_cookies()
    browser_login(page, secretariat_user)
    page.goto(action_url)
    assert page.locator("#approve-guidelines-form").count() == 0
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "90")
    page.fill("#id_note", "Tercera trobada feta")
    page.click("#progress-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.fill("#propose-done-form textarea", "Les tres trobades s'han fet.")
    page.click("#propose-done-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#confirm-done-form").count() == 0  # not alone
    assert page.locator("#done-state").is_visible()

    # The commission confirms.
    page.context.clear_cookies()
    browser_login(page, body_member_user)
    page.goto(action_url)
    page.click("#confirm-done-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert ActionGovernance.objects.get(action=action).guidelines_approved

    page.goto(f"{live_server.url}/plan/{seed_plan.pk}/dashboard/")
    assert page.locator('a[data-status="done"]').inner_text() == "1"
    page.goto(f"{live_server.url}/plan/{seed_plan.pk}/assembly/")
    article = page.locator(f"#assembly-action-{action.pk}")
    assert "Feta" in article.inner_text()
    assert "Tres trobades l'any" in article.inner_text()
    assert "aprovades" in article.inner_text()


def test_timeline_and_schedule_fit_a_phone_as_vertical_lists(
    browser_page, browser_login, live_server, seed_plan, secretariat_user
):
    """At 390×844 the timeline is a vertical list (the drawing is hidden) and
    neither the timeline nor the schedule scrolls sideways as a whole."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, secretariat_user)
    for path in (
        f"/plan/{seed_plan.pk}/timeline/",
        f"/plan/{seed_plan.pk}/schedule/",
    ):
        response = page.goto(live_server.url + path, wait_until="domcontentloaded")
        assert response.status == 200, path
        scroll, inner = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, f"{path}: {scroll} > {inner}"
    page.goto(live_server.url + f"/plan/{seed_plan.pk}/timeline/")
    assert not page.locator("svg.tl").is_visible()
    actions = page.locator(".timeline-list .timeline-action")
    assert actions.count() == Action.objects.for_plan(seed_plan).count()
    first = actions.first
    assert first.is_visible()
    box = first.bounding_box()
    assert box["width"] <= 390 and box["x"] >= 0
    # One action under another: a vertical list, not columns.
    second = actions.nth(1).bounding_box()
    assert second["y"] > box["y"] + box["height"] - 1
    # On a wide screen the drawing is back and the list hidden.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator("svg.tl").is_visible()
    assert not first.is_visible()
