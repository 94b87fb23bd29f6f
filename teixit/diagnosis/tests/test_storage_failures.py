"""A failed save keeps what was typed (issue 10, point 16)."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from teixit.core.tests.storage import make_media_unwritable
from teixit.diagnosis.models import Answer
from teixit.diagnosis.services import diagnosis_create

pytestmark = pytest.mark.django_db

STORAGE_FAILED = "The file could not be stored, so nothing was saved."


@pytest.fixture
def diagnosis(version, member):
    return diagnosis_create(member=member, year=2024)


def _pdf():
    return SimpleUploadedFile(
        "pla.pdf", b"%PDF-1.4 pla", content_type="application/pdf"
    )


def test_answers_with_a_file_on_unwritable_media_keep_the_text(
    client_for, technician_user, diagnosis, settings, tmp_path
):
    make_media_unwritable(settings, tmp_path)
    with translation.override("en"):
        response = client_for(technician_user).post(
            f"/en/diagnosis/{diagnosis.pk}/edit/",
            {
                "q_needs": "Més espais per a les cooperatives",
                "q_sse_plan_document": _pdf(),
            },
        )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert STORAGE_FAILED in html
    assert "Més espais per a les cooperatives" in html
    # The other answers are saved, as with any invalid answer.
    assert Answer.objects.get(question__code="needs").value == (
        "Més espais per a les cooperatives"
    )
    assert not Answer.objects.filter(question__code="sse_plan_document").exists()


def test_autosaved_file_answer_on_unwritable_media_says_so(
    client_for, technician_user, diagnosis, settings, tmp_path
):
    make_media_unwritable(settings, tmp_path)
    question = diagnosis.version.questions().get(code="sse_plan_document")
    with translation.override("en"):
        response = client_for(technician_user).post(
            f"/en/diagnosis/{diagnosis.pk}/answers/{question.pk}/",
            {question.field_name: _pdf()},
        )
    assert response.status_code == HTTPStatus.OK
    assert STORAGE_FAILED in response.content.decode()
    assert not Answer.objects.filter(question=question).exists()


def test_document_on_unwritable_media_keeps_the_title(
    client_for, technician_user, diagnosis, settings, tmp_path
):
    make_media_unwritable(settings, tmp_path)
    doc = SimpleUploadedFile("acta.txt", b"Acta", content_type="text/plain")
    with translation.override("en"):
        response = client_for(technician_user).post(
            f"/en/diagnosis/{diagnosis.pk}/documents/",
            {"title": "Acta de la reunió de març", "file": doc},
        )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert STORAGE_FAILED in html
    assert 'value="Acta de la reunió de març"' in html
    assert not diagnosis.documents.exists()
