"""Tunables of debates, read when needed (never at import)."""

from datetime import timedelta

from django.conf import settings


def edit_grace() -> timedelta:
    """How long a reply may be changed without the "edited" mark."""
    return timedelta(minutes=int(getattr(settings, "TEIXIT_DEBATES_EDIT_MINUTES", 15)))


def new_account_days() -> int:
    """Accounts younger than this post under the stricter limit."""
    return int(getattr(settings, "TEIXIT_DEBATES_NEW_ACCOUNT_DAYS", 7))


def new_account_posts_per_hour() -> int:
    return int(getattr(settings, "TEIXIT_DEBATES_NEW_ACCOUNT_POSTS_PER_HOUR", 5))


def posts_per_hour() -> int:
    return int(getattr(settings, "TEIXIT_DEBATES_POSTS_PER_HOUR", 60))
