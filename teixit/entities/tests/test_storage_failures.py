"""A failed save keeps what was typed (issue 10, point 16)."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from teixit.core.tests.storage import make_media_unwritable
from teixit.entities.models import ImportBatch

pytestmark = pytest.mark.django_db


def test_import_upload_on_unwritable_media_keeps_the_source_name(
    client_for, secretariat_user, settings, tmp_path
):
    make_media_unwritable(settings, tmp_path)
    with translation.override("en"):
        url = reverse("entities:import_list")
        response = client_for(secretariat_user).post(
            url,
            {
                "source_name": "Cens de cooperatives 2026",
                "file": SimpleUploadedFile("cens.csv", b"nom,poble\nCoop,Barcelona\n"),
            },
        )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "The file could not be stored, so nothing was saved." in html
    assert 'value="Cens de cooperatives 2026"' in html
    assert not ImportBatch.objects.exists()
