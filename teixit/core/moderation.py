"""Moderation written once: hiding a message (a debate's reply, a comment on
an action: any `teixit.core.models.Hideable`) with a reason, and showing it
again. The debates' pages, the action's page, the API and the admin call
these two services.

Rules owned here:
- only who holds the model's `moderate_permission` (asked of the row's
  `moderation_object()`) hides or shows; nobody (None) may;
- hiding needs a reason (kept to 300 characters), shown in the message's
  place; hiding is dated and signed by the moderator;
- after a message is hidden, `hidden` is sent (in the same transaction), so
  the message's app does what hiding means there (the debates resolve the
  reply's open reports).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal

from .models import Hideable

#: Sent after `moderation_hide` hid a message, inside its transaction.
#: sender: the model class; item: the row, hidden; moderator: who hid it.
hidden = Signal()


def may_moderate(user, item: Hideable) -> bool:
    """Whether `user` may hide or show `item`."""
    return user is not None and user.has_perm(
        item.moderate_permission, item.moderation_object()
    )


def _require_moderator(user, item: Hideable) -> None:
    if not may_moderate(user, item):
        raise PermissionDenied(item.moderation_denied)


@transaction.atomic
def moderation_hide(*, item: Hideable, user, reason: str) -> Hideable:
    """A moderator hides `item`, saying why (the reason is shown in its place)."""
    _require_moderator(user, item)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": item.hide_reason_missing}, code="no_reason")
    item.hide(by=user, reason=reason)
    hidden.send(sender=type(item), item=item, moderator=user)
    return item


@transaction.atomic
def moderation_show(*, item: Hideable, user) -> Hideable:
    """A moderator shows a hidden `item` again."""
    _require_moderator(user, item)
    item.show()
    return item
