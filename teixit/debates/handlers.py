"""Receivers of other apps' signals, connected in `DebatesConfig.ready()`."""

from __future__ import annotations


def reply_hidden(sender, *, item, moderator, **kwargs) -> None:
    """`teixit.core.moderation.hidden` for a reply: its open reports are
    resolved by the hiding."""
    from .services import reports_resolve_for_hidden

    reports_resolve_for_hidden(reply=item, moderator=moderator)
