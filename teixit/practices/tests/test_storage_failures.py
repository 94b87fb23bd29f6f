"""A failed save keeps what was typed (issue 10, point 16)."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from teixit.core.tests.storage import make_media_unwritable
from teixit.materials.tests.factories import pdf_bytes, upload
from teixit.practices.models import Practice

from .test_practices import _form_data

pytestmark = pytest.mark.django_db


def test_practice_document_on_unwritable_media_keeps_what_was_typed(
    client_for, technician_user, settings, tmp_path
):
    make_media_unwritable(settings, tmp_path)
    data = _form_data(
        document=upload("avaluacio.pdf", pdf_bytes()), document_title="Avaluació"
    )
    with translation.override("en"):
        url = reverse("practices:create")
        response = client_for(technician_user).post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "The file could not be stored, so nothing was saved." in html
    assert "Les lliçons: cal implicar el comerç des del principi." in html
    assert "Avaluació" in html
    assert not Practice.objects.exists()
