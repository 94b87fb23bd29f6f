"""Tunables of the materials app, read when needed (never at import time).

TEIXIT_MAX_UPLOAD_SIZE: largest accepted upload in bytes (default 20 MB), shared
by every upload (`teixit.core.uploads`).
"""

from teixit.core.uploads import DEFAULT_MAX_UPLOAD_SIZE, max_upload_size  # noqa: F401
