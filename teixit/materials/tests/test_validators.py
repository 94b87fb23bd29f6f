import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from teixit.materials.tests.factories import EXE_BYTES, pdf_bytes, png_bytes, upload
from teixit.materials.validators import IMAGE_KINDS, detect_kind, validate_upload


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.pdf", pdf_bytes(), "application/pdf"),
        ("a.png", png_bytes(), "image/png"),
        ("no-extension", png_bytes(), "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        (
            "a.odt",
            _zip(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.text",
                    "content.xml": b"<x/>",
                }
            ),
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "a.docx",
            _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "a.xlsx",
            _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "notes.txt",
            "Lliçons apreses: la cooperació és clau.\n".encode(),
            "text/plain",
        ),
        ("data.csv", b"municipi;entitats\nManresa;12\nVic;8\n", "text/csv"),
    ],
)
def test_validate_upload_accepts_real_types(name, content, expected):
    assert validate_upload(upload(name, content)) == expected


def test_validate_upload_refuses_executable_renamed_pdf():
    with translation.override("en"), pytest.raises(ValidationError) as info:
        validate_upload(upload("informe.pdf", EXE_BYTES, "application/pdf"))
    assert info.value.code == "file_type_not_allowed"
    assert "whatever its name says" in info.value.messages[0]


def test_validate_upload_refuses_plain_zip_and_binary():
    assert detect_kind(upload("x.docx", _zip({"evil.exe": EXE_BYTES}))) is None
    with pytest.raises(ValidationError):
        validate_upload(upload("x.docx", _zip({"evil.exe": EXE_BYTES})))
    with pytest.raises(ValidationError):
        validate_upload(upload("x.txt", b"\x00\x01\x02binary"))


def test_validate_upload_refuses_oversized_file_with_sizes_in_message():
    with pytest.raises(ValidationError) as info:
        validate_upload(upload("big.pdf", pdf_bytes()), max_size=100)
    assert info.value.code == "file_too_large"


def test_validate_upload_uses_size_setting(settings):
    settings.TEIXIT_MAX_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError) as info:
        validate_upload(upload("a.png", png_bytes()))
    assert info.value.code == "file_too_large"


def test_validate_upload_refuses_empty_file():
    with pytest.raises(ValidationError) as info:
        validate_upload(upload("a.pdf", b""))
    assert info.value.code == "file_empty"


def test_validate_upload_limits_to_allowed_kinds():
    with pytest.raises(ValidationError):
        validate_upload(upload("a.pdf", pdf_bytes()), allowed=IMAGE_KINDS)
    assert (
        validate_upload(upload("a.png", png_bytes()), allowed=IMAGE_KINDS)
        == "image/png"
    )
