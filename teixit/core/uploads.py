"""Uploaded files: the one content check, random stored names, and the one
way private files are served. Every upload field of the project uses them.

    from teixit.core.uploads import validate_upload
    content_type = validate_upload(uploaded_file)            # all kinds
    validate_upload(f, allowed={"pdf", "png", "jpeg"})       # some kinds

    file = models.FileField(upload_to=RandomName("diagnosis/documents"),
                            storage=private_storage,
                            validators=[UploadValidator(DOCUMENT_KINDS)])

    return private_file_response(field_file, filename="acta.pdf")

The type is recognised from the CONTENT (magic bytes, the inside of ZIP
containers), never from the file name or the browser's declared type, so an
executable renamed "report.pdf" is refused. Markup that a browser would run
(HTML, SVG, XML, JavaScript) is refused whatever its name, and so is any file
named as such (`.html`, `.svg`, `.js`…). Raises ValidationError with code
"file_too_large", "file_empty" or "file_type_not_allowed".

TEIXIT_MAX_UPLOAD_SIZE: largest accepted upload in bytes (default 20 MB).
"""

import re
import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

DEFAULT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024


def max_upload_size() -> int:
    return int(getattr(settings, "TEIXIT_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE))


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
SPREADSHEET_KINDS = frozenset({"csv", "text", "xlsx"})

# Names a browser (or a web server guessing types from them) would run, and
# names the downloader's computer would run: refused whatever the content.
ACTIVE_EXTENSIONS = frozenset(
    {
        ".htm", ".html", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl",
        ".js", ".mjs", ".cjs", ".css", ".swf", ".hta", ".php", ".jsp", ".asp",
        ".exe", ".com", ".bat", ".cmd", ".scr", ".msi", ".dll", ".pif", ".lnk",
        ".ps1", ".vbs", ".vbe", ".wsf", ".jar", ".sh", ".reg", ".url",
    }
)  # fmt: skip
# Names of binary kinds: a file so named must have that content.
_EXTENSION_KINDS = {
    ".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif",
    ".webp": "webp", ".odt": "odt", ".ods": "ods", ".odp": "odp", ".odg": "odg",
    ".docx": "docx", ".xlsx": "xlsx", ".pptx": "pptx",
}  # fmt: skip
# The start of markup or scripts, after optional white space and a BOM.
_MARKUP = re.compile(
    rb"\s*(<\?xml|<!doctype|<html|<head|<body|<svg|<script|<iframe|<object|<embed"
    rb"|<meta|<link|<style|<img|<a\s|<div|<!--)",
    re.IGNORECASE,
)
_SCRIPT_ANYWHERE = re.compile(rb"<script|<svg|<iframe", re.IGNORECASE)

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
    if _MARKUP.match(head.removeprefix(b"\xef\xbb\xbf")) or _SCRIPT_ANYWHERE.search(
        head
    ):
        return None  # HTML, SVG, XML: a browser would run it
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
    suffix = PurePath(getattr(file, "name", "") or "").suffix.lower()
    if suffix in ACTIVE_EXTENSIONS:
        kind = None
    elif kind is not None and _EXTENSION_KINDS.get(suffix, kind) != kind:
        raise ValidationError(
            _("The content of the file does not match its “%(ext)s” extension.")
            % {"ext": suffix},
            code="file_type_not_allowed",
        )
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


@deconstructible
class UploadValidator:
    """`validate_upload` as a field validator (model fields, forms, admin)."""

    def __init__(self, allowed=ALL_KINDS, max_size: int | None = None):
        self.allowed = frozenset(allowed)
        self.max_size = max_size

    def __call__(self, file) -> None:
        if not hasattr(file, "read"):
            return  # a stored name (history rows)
        if getattr(file, "_committed", False):
            return  # already stored, checked when it was uploaded
        validate_upload(file, allowed=self.allowed, max_size=self.max_size)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.allowed == other.allowed
            and self.max_size == other.max_size
        )


def safe_filename(filename: str, default: str = "file") -> str:
    """The last part of an uploaded file's name, reduced to safe characters."""
    name = PurePath(str(filename).replace("\\", "/")).name
    try:
        return get_valid_filename(name)[:120] or default
    except Exception:  # SuspiciousFileOperation for "." or ".."
        return default


@deconstructible
class RandomName:
    """`upload_to` storing each file in a folder with a random name:
    `<prefix>/<32 hex digits>/<safe original name>`. The path cannot be guessed
    and two uploads never collide; the name is kept for the download."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        return f"{self.prefix}/{uuid.uuid4().hex}/{safe_filename(filename)}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and self.prefix == other.prefix


def private_file_response(
    field_file, *, filename: str | None = None, content_type: str | None = None
) -> FileResponse:
    """Serve a stored file from a view that has checked permissions: always as
    a download, with a content type recognised from its content (never HTML),
    and `nosniff`. 404 when the file is missing."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    if content_type is None:
        kind = detect_kind(handle)
        content_type = KINDS.get(kind, "application/octet-stream")
    if "html" in content_type or "svg" in content_type or "xml" in content_type:
        content_type = "application/octet-stream"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(filename or field_file.name.rsplit("/", 1)[-1]),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def move_files_to_private(model, field: str, upload_to) -> int:
    """For data migrations: move the files of `model.field` into private storage
    under the name `upload_to(row, original name)` gives (a random folder), from
    the public media folder or from their old private name, and store the new
    names. Files already missing are left alone. Returns how many moved."""
    import shutil
    from pathlib import Path

    media = Path(settings.MEDIA_ROOT)
    moved = 0
    for row in model.objects.exclude(**{field: ""}).iterator():
        old = getattr(row, field).name
        source = next(
            (path for path in (media / old, media / "private" / old) if path.is_file()),
            None,
        )
        if source is None:
            continue
        new = upload_to(row, PurePath(old).name)
        target = media / "private" / new
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        model.objects.filter(pk=row.pk).update(**{field: new})
        moved += 1
    return moved
