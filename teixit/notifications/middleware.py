"""Notes when a logged-in person is seen, for "What's new since your last
visit" (services.visit_record). The session remembers the last write, so the
database is read and written at most once every `visit_write_minutes` per
person, not on every request."""

from __future__ import annotations

from django.utils import timezone

from .conf import visit_write_minutes

SESSION_KEY = "teixit_visit_seen"


class VisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = timezone.now()
            seen = request.session.get(SESSION_KEY)
            if seen is None or now.timestamp() - seen >= 60 * visit_write_minutes():
                from .services import visit_record

                visit_record(user, now=now)
                request.session[SESSION_KEY] = now.timestamp()
        return self.get_response(request)
