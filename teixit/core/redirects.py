"""Where to go after a POST: a `next` the client sent, only when it stays on
this site (no open redirects), else a default."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default: str) -> str:
    """`next` from the POST (or the query string) when it is a URL of this site
    (same host, and https when the request is), else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return default
