"""Tunables of the accounts app (read at call time, with defaults)."""

from django.conf import settings


def password_reset_per_address() -> int:
    """Password-reset e-mails sent to one address per hour."""
    return int(getattr(settings, "TEIXIT_PASSWORD_RESET_PER_ADDRESS", 3))


def password_reset_per_client() -> int:
    """Password-reset requests served to one client address per hour."""
    return int(getattr(settings, "TEIXIT_PASSWORD_RESET_PER_CLIENT", 10))
