"""Who is asking: the client's address behind a known number of reverse proxies.

Behind a proxy every request connects from the proxy's address; the client's
own address is in `X-Forwarded-For`, where each proxy appends the address it
received the request from. Only the last `TEIXIT_TRUSTED_PROXIES` entries were
written by proxies this site trusts: the entry those proxies appended for the
client is the one counted from the right; anything to its left was sent by the
client and can be forged. With 0 (the default) the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def trusted_proxies() -> int:
    return max(int(getattr(settings, "TEIXIT_TRUSTED_PROXIES", 0) or 0), 0)


def _address(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: the connecting address, or with
    `TEIXIT_TRUSTED_PROXIES = n`, the address the outermost trusted proxy
    received the request from (`X-Forwarded-For`, n-th entry from the right).
    A header shorter than expected or not an address falls back to the
    connecting address; None when there is none (a request made in code)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = trusted_proxies()
    if not proxies:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    ]
    if len(forwarded) < proxies:
        return remote
    return _address(forwarded[-proxies]) or remote
