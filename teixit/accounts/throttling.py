"""Login throttling (django-axes): what a failed attempt is counted against.

A lock is keyed on the login identifier and the client's address together
(`AXES_LOCKOUT_PARAMETERS`): behind a proxy the address is taken from
`X-Forwarded-For` as `teixit.core.clients.client_ip` says, so one client's
failures do not lock the same account out for everybody behind the proxy.
The identifier is an e-mail address, compared case-insensitively: it is
normalised (surrounding spaces removed, lower-cased) before it is counted, as
it is before authentication (`EmailAuthenticationForm`), so "COMISSIO@…" or
" comissio@…" are the same account and the same count.
"""

from __future__ import annotations

from teixit.core.clients import client_ip


def normalise_login(identifier) -> str:
    return str(identifier or "").strip().lower()


def login_identifier(request, credentials: dict | None = None) -> str:
    """`AXES_USERNAME_CALLABLE`: the normalised identifier of an attempt."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field)
    return normalise_login(value)


def login_client_ip(request) -> str | None:
    """`AXES_CLIENT_IP_CALLABLE` (None when the request has no address: axes
    stores the address in an IP address column)."""
    return client_ip(request)


# Password reset ------------------------------------------------------------------

PASSWORD_RESET_WINDOW = 3600  # seconds


def _hit(key: str) -> int:
    """Count one more request under `key` in the current window (the shared
    cache: every server process counts together when CACHE_URL is shared)."""
    from django.core.cache import cache

    if cache.add(key, 1, PASSWORD_RESET_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, PASSWORD_RESET_WINDOW)
        return 1


def password_reset_allowed(*, email: str, client: str) -> bool:
    """Whether a password-reset e-mail may be sent now: at most
    `TEIXIT_PASSWORD_RESET_PER_ADDRESS` an hour to one address and
    `TEIXIT_PASSWORD_RESET_PER_CLIENT` an hour from one client address, known
    addresses or not (the answer to the visitor is the same either way)."""
    import hashlib

    from .conf import password_reset_per_address, password_reset_per_client

    address = hashlib.sha256(normalise_login(email).encode()).hexdigest()
    by_address = _hit(f"teixit:password-reset:address:{address}")
    by_client = _hit(f"teixit:password-reset:client:{client}")
    allowed = (
        by_address <= password_reset_per_address()
        and by_client <= password_reset_per_client()
    )
    if not allowed:
        import logging

        logging.getLogger("teixit.accounts").warning(
            "password reset throttled (client %s, %s requests to this address, "
            "%s from this client in the last hour)",
            client,
            by_address,
            by_client,
        )
    return allowed
