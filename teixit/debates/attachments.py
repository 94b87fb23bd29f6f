"""The one upload check of debate attachments.

Debates accept the same files as the materials, checked the same way: the
type is recognised from the content and the size is capped. Everything goes
through `validate_attachment`, so when the check moves to a shared validator
in `core`, only this function changes."""

from teixit.materials.validators import validate_upload


def validate_attachment(upload) -> str:
    """The content type of an acceptable upload; ValidationError otherwise
    (codes "file_too_large", "file_empty", "file_type_not_allowed")."""
    return validate_upload(upload)
