import importlib
import io
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import clear_url_caches

from teixit.core.uploads import (
    IMAGE_KINDS,
    RandomName,
    UploadValidator,
    private_file_response,
    validate_upload,
)
from teixit.core.views import public_media

HTML = b'<!DOCTYPE html><html><script src="/media/x.js"></script></html>'
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", HTML),
        ("page.txt", HTML),  # markup whatever the name
        ("notes.txt", b"\xef\xbb\xbf  <html><body>hi</body></html>"),
        ("logo.svg", SVG),
        ("logo.txt", b"<?xml version='1.0'?>\n" + SVG),
        ("script.js", b"alert(document.cookie)\n"),  # text, named as a script
        ("data.csv", b"a;b\n1;<script>alert(1)</script>\n"),
    ],
)
def test_validate_upload_refuses_markup_and_scripts(name, content):
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile(name, content))
    assert info.value.code == "file_type_not_allowed"


def test_upload_validator_checks_new_files_only_and_limits_kinds():
    check = UploadValidator(IMAGE_KINDS, max_size=10)
    with pytest.raises(ValidationError) as info:
        check(SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20))
    assert info.value.code == "file_too_large"
    with pytest.raises(ValidationError):
        check(SimpleUploadedFile("a.txt", b"text"))
    check("stored/name.png")  # history rows hold names only


def test_random_name_keeps_a_safe_file_name_in_a_random_folder():
    first = RandomName("diagnosis/documents")(None, "../../Acta 2024 (final).pdf")
    second = RandomName("diagnosis/documents")(None, "../../Acta 2024 (final).pdf")
    assert first != second
    prefix, folder, name = first.rsplit("/", 2)
    assert prefix == "diagnosis/documents" and len(folder) == 32
    assert name == "Acta_2024_final.pdf"


def test_private_file_response_is_a_download_never_html(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("x/page.txt", io.BytesIO(HTML))
    field_file = type("F", (), {})()
    field_file.name = name
    field_file.open = lambda mode: storage.open(name, mode)
    response = private_file_response(field_file, content_type="text/html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_development_media_serves_only_public_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "network").mkdir()
    (tmp_path / "network" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")
    for folder in ("private/workplans", "diagnosis/1/documents", "imports/entities"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "secret.txt").write_bytes(b"secret")
    request = RequestFactory().get("/")
    assert public_media(request, "network/logo.png").status_code == HTTPStatus.OK
    for path in (
        "private/workplans/secret.txt",
        "network/../private/workplans/secret.txt",
        "diagnosis/1/documents/secret.txt",
        "imports/entities/secret.txt",
        "network",
    ):
        with pytest.raises(Exception) as info:
            public_media(request, path)
        assert info.type.__name__ == "Http404", path


def test_debug_urls_do_not_publish_private_media(client, settings, tmp_path):
    """Under DEBUG, /media/private/… is a 404, not the file."""
    import config.urls

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "private" / "practices").mkdir(parents=True)
    (tmp_path / "private" / "practices" / "secret.txt").write_bytes(b"secret")
    (tmp_path / "network").mkdir()
    (tmp_path / "network" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")
    settings.DEBUG = True
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        assert client.get("/media/private/practices/secret.txt").status_code == 404
        assert client.get("/media/network/logo.png").status_code == 200
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()
    assert Path(tmp_path / "private" / "practices" / "secret.txt").exists()
