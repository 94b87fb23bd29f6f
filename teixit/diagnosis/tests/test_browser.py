"""A technician fills in and submits a diagnosis (autosave), the secretariat
validates it, and the comparison page shows the new values."""

import pytest
from django.utils import timezone

from teixit.diagnosis.models import Answer, Diagnosis
from teixit.diagnosis.services import methodology_load
from teixit.territories.tests.factories import PopulationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_technician_fills_and_submits_secretariat_validates_comparison_shows_values(
    browser_page, browser_login, live_server, technician_user, secretariat_user, member
):
    methodology_load()
    PopulationFactory(municipality=member.municipality, year=2020, total=10000)
    page = browser_page
    year = timezone.localdate().year

    browser_login(page, technician_user)
    page.goto(live_server.url + "/diagnosis/")
    page.select_option("#start-member", str(member.pk))
    page.fill("#start-year", str(year))
    page.click("text=Comença o continua")
    page.wait_for_selector("#diagnosis-form")
    diagnosis = Diagnosis.objects.get(member=member, year=year)

    # Autosave: typing is enough, no button pressed.
    page.fill("#q_sse_budget", "25.000")
    page.locator("#q_sse_budget").blur()
    page.wait_for_selector("#status-sse_budget .autosave-ok")
    page.fill("#q_needs", "Espais per a cooperatives")
    page.wait_for_selector("#status-needs .autosave-ok")
    page.fill("#q_sse_staff_fte", "molts")
    page.locator("#q_sse_staff_fte").blur()
    page.wait_for_selector("#status-sse_staff_fte .error")
    assert (
        Answer.objects.get(diagnosis=diagnosis, question__code="sse_budget").value
        == "25000.00"
    )

    # Nothing is lost on reload; finish with the save button.
    page.reload()
    assert page.input_value("#q_sse_budget") == "25000,00"
    page.fill("#q_sse_staff_fte", "2")
    page.check("#q_sse_plan-yes")
    page.check("#q_sse_mapping_done-yes")
    page.wait_for_selector("#status-sse_mapping_done .autosave-ok")
    # Let the last autosaves finish: the live server shares one SQLite
    # connection between its threads, so requests must not overlap here.
    page.focus("button[value=submit]")
    page.wait_for_timeout(1000)
    page.wait_for_load_state("networkidle")
    page.click("button[value=submit]")
    page.wait_for_selector("#submit")
    page.click("#submit button")
    page.wait_for_selector("#diagnosis-status")
    assert Diagnosis.objects.get(pk=diagnosis.pk).status == Diagnosis.Status.SUBMITTED

    page.context.clear_cookies()
    browser_login(page, secretariat_user)
    page.goto(live_server.url + diagnosis.get_absolute_url())
    page.click("text=Valida")
    page.wait_for_selector("#diagnosis-status")
    assert Diagnosis.objects.get(pk=diagnosis.pk).status == Diagnosis.Status.VALIDATED

    page.goto(
        live_server.url + f"/diagnosis/municipalities/{member.municipality.code}/"
    )
    table = page.locator("table.indicator-table").inner_text()
    assert "Pressupost municipal d'ESS per habitant" in table
    assert "2,50" in table  # 25,000 € / 10,000 inhabitants
    assert "2,00" in table  # 2 technicians per 10,000 inhabitants


def test_secretariat_validates_a_diagnosis_and_the_comparison_keeps_last_year(
    browser_page, browser_login, live_server, secretariat_user
):
    """Validating one municipality's diagnosis of the current year must not
    empty the network comparison: it keeps showing the values of the year
    they were measured in."""
    from teixit.diagnosis.services import indicator_snapshot_take

    from .factories import small_world, submitted_this_year

    methodology_load()
    world = small_world()
    indicator_snapshot_take(year=2020)
    diagnosis = submitted_this_year(world, secretariat_user)
    page = browser_page

    browser_login(page, secretariat_user)
    page.goto(live_server.url + diagnosis.get_absolute_url())
    page.click("text=Valida")
    page.wait_for_selector("#diagnosis-status")
    assert Diagnosis.objects.get(pk=diagnosis.pk).status == Diagnosis.Status.VALIDATED

    page.goto(live_server.url + "/diagnosis/network/?indicator=entities_per_10k")
    assert page.locator("#year").input_value() == "2020"
    ranking = page.locator("table.ranking").inner_text()
    assert "Alfa" in ranking and "Gamma" in ranking  # the network's members
    assert "2,00" in ranking  # Alfa: 4 entities / 20,000 inhabitants × 10,000
    assert "No hi ha valors" not in page.content()
