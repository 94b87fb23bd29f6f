"""Where uploaded files of the knowledge bank are kept.

Files live under MEDIA_ROOT/private/ in folders with random names and are
only served through views that check permissions (a members-only material
is never downloadable by the public). The web server must not publish
MEDIA_ROOT/private/ directly.
"""

import uuid
from pathlib import Path

# Kept here too: migrations name `teixit.materials.storage.private_storage`.
from teixit.core.storage import PrivateStorage, private_storage  # noqa: F401


def material_upload_to(instance, filename: str) -> str:
    return f"materials/{uuid.uuid4().hex}/{Path(filename).name}"


def preview_upload_to(instance, filename: str) -> str:
    return f"materials/previews/{uuid.uuid4().hex}.png"


def practice_document_upload_to(instance, filename: str) -> str:
    return f"practices/{uuid.uuid4().hex}/{Path(filename).name}"
