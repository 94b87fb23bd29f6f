"""Tunables of the notifications app, read when needed (never at import)."""

from django.conf import settings


def site_url() -> str:
    """The site's address for links in e-mails, without a trailing slash
    (`TEIXIT_SITE_URL`)."""
    return getattr(settings, "TEIXIT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def digest_hour() -> int:
    """Local hour at which the worker sends the digests (`TEIXIT_DIGEST_HOUR`)."""
    return int(getattr(settings, "TEIXIT_DIGEST_HOUR", 7))


def visit_gap_minutes() -> int:
    """Minutes without being seen after which a new visit starts
    (`TEIXIT_NOTIFICATIONS_VISIT_GAP_MINUTES`)."""
    return int(getattr(settings, "TEIXIT_NOTIFICATIONS_VISIT_GAP_MINUTES", 30))


def visit_write_minutes() -> int:
    """A person's last-seen time is written at most once in this many minutes
    (`TEIXIT_NOTIFICATIONS_VISIT_WRITE_MINUTES`)."""
    return int(getattr(settings, "TEIXIT_NOTIFICATIONS_VISIT_WRITE_MINUTES", 5))
