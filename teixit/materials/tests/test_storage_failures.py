"""A failed save keeps what was typed (issue 10, point 16)."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from teixit.core.tests.storage import make_media_unwritable
from teixit.materials.models import Material
from teixit.materials.tests.factories import pdf_bytes, upload
from teixit.practices.tests.factories import MaterialTypeFactory

pytestmark = pytest.mark.django_db


def test_material_upload_on_unwritable_media_keeps_what_was_typed(
    client_for, technician_user, settings, tmp_path
):
    make_media_unwritable(settings, tmp_path)
    kind = MaterialTypeFactory()
    with translation.override("en"):
        url = reverse("materials:create")
        response = client_for(technician_user).post(
            url,
            {"title": "Títol escrit amb cura", "kind": kind.pk, "language": "ca", "licence": "CC BY 4.0",
             "visibility": "public", "description": "Descripció llarga", "file": upload("guia.pdf", pdf_bytes())},
        )  # fmt: skip
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "The file could not be stored, so nothing was saved." in html
    assert "Títol escrit amb cura" in html and "Descripció llarga" in html
    assert not Material.objects.exists()
