"""Tunables of the materials app, read when needed (never at import time).

TEIXIT_MAX_UPLOAD_SIZE: largest accepted upload in bytes (default 20 MB).
"""

from django.conf import settings

DEFAULT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024


def max_upload_size() -> int:
    return int(getattr(settings, "TEIXIT_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE))
