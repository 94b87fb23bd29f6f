"""Counts page views of the public site, privately (see ``counter.py`` and
docs/privacy.md). Counted: a GET answered 200 with an HTML page, to a visitor
who is not logged in, outside the admin and the API, not a fragment loaded by
htmx nor a prefetch, from a browser that does not say it is a bot and does not
ask not to be tracked ("DNT: 1" or "Sec-GPC: 1"). What is kept is the day and
the section of the site (the application the page belongs to); nothing about
the visitor."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import timezone

from . import counter

BOTS = re.compile(
    r"bot|crawl|spider|slurp|fetch|scrap|curl|wget|python|java/|go-http|"
    r"headless|lighthouse|preview|monitor|uptime|scan|http-?client|libwww|axios|"
    r"okhttp|facebookexternalhit|embedly|validator|feed|reader",
    re.IGNORECASE,
)
EXCLUDED_NAMESPACES = {"admin"}


def enabled() -> bool:
    return getattr(settings, "TEIXIT_VISITS_COUNT", True)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOTS.search(user_agent))


def section_of(request) -> str | None:
    """The section of the site: the namespace of the page's URL ("news",
    "entities"…); None for pages not counted."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    namespace = (match.namespaces or [""])[0]
    if namespace in EXCLUDED_NAMESPACES:
        return None
    return (namespace or "other")[:50]


def counts(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.path.startswith(("/api/", settings.STATIC_URL, settings.MEDIA_URL)):
        return False
    headers = request.headers
    if headers.get("HX-Request") or "prefetch" in (
        headers.get("Sec-Purpose", "") + headers.get("Purpose", "")
    ):
        return False
    if headers.get("DNT") == "1" or headers.get("Sec-GPC") == "1":
        return False
    if is_bot(headers.get("User-Agent", "")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageViewCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if enabled() and counts(request, response):
            section = section_of(request)
            if section is not None:
                counter.record(day=timezone.localdate(), section=section)
        return response
