"""A failed save keeps what was typed (issue 10, point 16)."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from teixit.core.tests.storage import make_media_unwritable
from teixit.workplans.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_progress_update_with_evidence_on_unwritable_media_keeps_the_note(
    client_for, seed_plan, body_member_user, settings, tmp_path
):
    make_media_unwritable(settings, tmp_path)
    action = (
        Action.objects.for_plan(seed_plan)
        .filter(
            responsibilities__body__slug="comissio-tecnica",
            responsibilities__role="execution",
        )
        .order_by("pk")
        .first()
    )
    before = (action.status, action.progress)
    with translation.override("en"):
        url = reverse("workplans:action_detail", args=[action.pk])
        response = client_for(body_member_user).post(
            url,
            {
                "form": "progress",
                "on": "2018-03-01",
                "status": "in_progress",
                "percent": "45",
                "note": "Una nota llarga escrita amb cura",
                "links": "https://example.org/acta",
                "files": SimpleUploadedFile("acta.txt", b"acta"),
            },
        )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "The file could not be stored, so nothing was saved." in html
    assert "Una nota llarga escrita amb cura" in html
    assert "https://example.org/acta" in html
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert (action.status, action.progress) == before


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_a_failed_evidence_upload_keeps_the_note(
    browser_page, browser_login, live_server, seed_plan, body_member_user, settings,
    tmp_path,
):  # fmt: skip
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
    make_media_unwritable(settings, tmp_path)
    page.goto(f"{live_server.url}/plan/actions/{action.pk}/")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "50")
    page.fill("#id_note", "Acta de la reunió amb les entitats")
    page.set_input_files(
        "#id_files",
        files=[{"name": "acta.txt", "mimeType": "text/plain", "buffer": b"acta"}],
    )
    page.click("#progress-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    errors = page.locator("#progress-form .form-errors").inner_text()
    assert "No s'ha pogut desar el fitxer" in errors  # the page is in Catalan
    assert page.input_value("#id_note") == "Acta de la reunió amb les entitats"
    assert page.input_value("#id_percent") == "50"
    assert not ProgressUpdate.objects.exists()
