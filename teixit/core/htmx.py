"""Helpers for views that answer both full pages and htmx fragments."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def template_for(request: HttpRequest, template: str, partial: str) -> str:
    """The full template, or its named partial when htmx asks for a fragment."""
    return f"{template}#{partial}" if is_htmx(request) else template
