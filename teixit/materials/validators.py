"""The one check of uploaded files, reused by every app that accepts files.

    from teixit.materials.validators import validate_upload
    content_type = validate_upload(uploaded_file)            # all kinds
    validate_upload(f, allowed={"pdf", "png", "jpeg"})       # some kinds

The type is recognised from the CONTENT (magic bytes, the inside of ZIP
containers), never from the file name or the browser's declared type, so an
executable renamed "report.pdf" is refused. Raises ValidationError with code
"file_too_large", "file_empty" or "file_type_not_allowed".
"""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .conf import max_upload_size

# kind → content type served for it
KINDS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "odg": "application/vnd.oasis.opendocument.graphics",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "text": "text/plain",
    "csv": "text/csv",
}
ALL_KINDS = frozenset(KINDS)
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
DOCUMENT_KINDS = ALL_KINDS

_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.graphics": "odg",
}
_OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def _zip_kind(file) -> str | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return _ODF_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _text_kind(head: bytes, name: str) -> str | None:
    if b"\x00" in head:
        return None
    sample = head[:-4] if len(head) >= 8192 else head  # a cut multi-byte character
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = sample.decode("cp1252")
        except UnicodeDecodeError:
            return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls:
        return None
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    separators = [";", ",", "\t"]
    for sep in separators:
        if len(lines) >= 2 and all(
            line.count(sep) == lines[0].count(sep) > 0 for line in lines[:-1]
        ):
            return "csv"
    return "text"


def detect_kind(file) -> str | None:
    """The kind of a file from its first bytes (None when unknown)."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if head:
        return _text_kind(head, getattr(file, "name", "") or "")
    return None


def validate_upload(file, allowed=ALL_KINDS, max_size: int | None = None) -> str:
    """Check an uploaded file's size and real type; return its content type."""
    limit = max_size if max_size is not None else max_upload_size()
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    kind = detect_kind(file)
    if (
        kind in ("text", "csv")
        and kind not in allowed
        and {"text", "csv"} & set(allowed)
    ):
        kind = "text" if "text" in allowed else "csv"
    if kind is None or kind not in allowed:
        names = ", ".join(
            sorted(k.upper() if k != "text" else _("plain text") for k in allowed)
        )
        raise ValidationError(
            _(
                "The content of this file is not an accepted type, whatever its name says. "
                "Accepted: %(kinds)s."
            )
            % {"kinds": names},
            code="file_type_not_allowed",
        )
    return KINDS[kind]
