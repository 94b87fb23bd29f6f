import pytest

from teixit.entities.models import Entity

from .factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_technician_imports_a_csv_and_publishes_a_proposal(
    browser_page, browser_login, live_server, technician_user, member, places, tmp_path
):
    member.municipality = places["bcn"]
    member.save()
    proposed = EntityFactory(
        name="Proposta del veïnat",
        municipality=places["bcn"],
        status=Entity.Status.PROPOSED,
    )
    csv_file = tmp_path / "llista.csv"
    csv_file.write_text(
        "Nom;Població;CP\nCoop del Barri;Barcelona;8001\nForn Comunitari;BARCELONA;08002\n",
        encoding="utf-8",
    )

    page = browser_page
    browser_login(page, technician_user)
    page.goto(live_server.url + "/entities/imports/")
    page.set_input_files("#import-upload input[type=file]", str(csv_file))
    # Without a preset's identifier column, the list needs a source name (issue 11.7).
    page.fill("#import-upload input[name=source_name]", "llista")
    page.click("#import-upload button[type=submit]")
    page.wait_for_selector("#mapping-form")
    # Columns named in Catalan are chosen (issue 12.6), and the first rows are
    # shown as they will be stored: the postcode repaired, the place found.
    assert page.input_value("select[name=col_name]") == "Nom"
    assert page.input_value("select[name=col_municipality]") == "Població"
    assert page.input_value("select[name=col_postcode]") == "CP"
    preview = page.locator("#mapping-preview")
    assert "08001" in preview.inner_text()
    assert preview.locator("tbody tr").count() == 2
    page.click("#mapping-form button[type=submit]:not([name=preview])")
    page.wait_for_selector("#import-message")
    assert "2" in page.inner_text("#import-status")
    assert set(
        Entity.objects.filter(source="llista").values_list("name", flat=True)
    ) == {"Coop del Barri", "Forn Comunitari"}
    assert Entity.objects.get(name="Coop del Barri").postcode == "08001"

    page.goto(live_server.url + proposed.get_absolute_url())
    page.click("#publish-button")
    page.wait_for_load_state("networkidle")
    proposed.refresh_from_db()
    assert proposed.status == Entity.Status.PUBLISHED
    assert page.locator("#publish-button").count() == 0
