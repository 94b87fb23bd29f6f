"""Accounts: personal API tokens (created once, stored hashed, revocable)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, User


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the raw token, shown once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="required")
    raw = ApiToken.generate()
    token = ApiToken(
        user=user, name=name[:100], prefix=raw[:10], token_hash=ApiToken.hash(raw)
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token for good: its owner, or whoever may change tokens (the
    secretariat, from the admin). Nothing un-revokes a token."""
    if token.user_id != by.pk and not by.has_perm("accounts.change_apitoken", token):
        raise PermissionDenied(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning this raw token, or None."""
    if not raw or not raw.startswith("tx_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True
        )
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_update_profile(*, user: User, name: str, language: str) -> User:
    user.name = name
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "language"])
    return user
