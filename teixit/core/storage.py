"""Storage for uploaded files that only permission-checked views serve.

Files live under MEDIA_ROOT/private/ and are read through views that check
who may see them (a members-only material, a diagnosis document, the evidence
of a members-only work plan). The web server must not publish
MEDIA_ROOT/private/ directly (docs/deploy.md).
"""

import os
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
