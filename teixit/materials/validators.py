"""The upload check lives in `teixit.core.uploads` (every app uses it); these
names stay importable from here."""

from teixit.core.uploads import (  # noqa: F401
    ALL_KINDS,
    DOCUMENT_KINDS,
    IMAGE_KINDS,
    KINDS,
    detect_kind,
    validate_upload,
)
