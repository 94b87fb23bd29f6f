"""Where uploaded files of the knowledge bank are kept.

Files live under MEDIA_ROOT/private/ in folders with random names and are
only served through views that check permissions (a members-only material
is never downloadable by the public). The web server must not publish
MEDIA_ROOT/private/ directly.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private, following MEDIA_ROOT when settings change (tests)."""

    @property
    def base_location(self):
        return str(Path(settings.MEDIA_ROOT) / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_private = PrivateStorage()


def private_storage() -> FileSystemStorage:
    return _private


def material_upload_to(instance, filename: str) -> str:
    return f"materials/{uuid.uuid4().hex}/{Path(filename).name}"


def preview_upload_to(instance, filename: str) -> str:
    return f"materials/previews/{uuid.uuid4().hex}.png"


def practice_document_upload_to(instance, filename: str) -> str:
    return f"practices/{uuid.uuid4().hex}/{Path(filename).name}"
