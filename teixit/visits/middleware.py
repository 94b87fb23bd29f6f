"""Counts page views of the public site, privately (see ``counter.py`` and
docs/privacy.md). Counted: a GET answered 200 with an HTML page, to a visitor
who is not logged in, outside the admin and the API, not a fragment loaded by
htmx nor a prefetch, from a browser that does not say it is a bot and does not
ask not to be tracked ("DNT: 1" or "Sec-GPC: 1"). What is kept is the day and
the section of the site (the application the page belongs to); nothing about
the visitor."""

from __future__ import annotations

import datetime as dt
import re
import time

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


_today: dict = {"day": None, "until": 0.0}


def today() -> dt.date:
    """The local date, worked out again at most once a minute and at local
    midnight (``timezone.localdate()`` on every request cost more than the
    rest of the counting)."""
    now = time.time()
    if now >= _today["until"]:
        local = timezone.localtime()
        midnight = dt.datetime.combine(
            local.date() + dt.timedelta(days=1), dt.time.min, tzinfo=local.tzinfo
        )
        _today["day"] = local.date()
        _today["until"] = min(midnight.timestamp(), now + 60)
    return _today["day"]


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
    meta = request.META  # not request.headers: building it costs more than all this
    if meta.get("HTTP_HX_REQUEST") or "prefetch" in (
        meta.get("HTTP_SEC_PURPOSE", "") + meta.get("HTTP_PURPOSE", "")
    ):
        return False
    if meta.get("HTTP_DNT") == "1" or meta.get("HTTP_SEC_GPC") == "1":
        return False
    if is_bot(meta.get("HTTP_USER_AGENT", "")):
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
                counter.record(day=today(), section=section)
        return response
