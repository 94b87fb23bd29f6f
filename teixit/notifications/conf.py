"""Tunables of the notifications app, read when needed (never at import)."""

from django.conf import settings


def site_url() -> str:
    """The site's address for links in e-mails, without a trailing slash
    (`TEIXIT_SITE_URL`)."""
    return getattr(settings, "TEIXIT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def digest_hour() -> int:
    """Local hour at which the worker sends the digests (`TEIXIT_DIGEST_HOUR`)."""
    return int(getattr(settings, "TEIXIT_DIGEST_HOUR", 7))
