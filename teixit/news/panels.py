"""The latest news on the home page (the "home" panel slot)."""

from django.template.loader import render_to_string

from . import selectors


def home_news(request, obj=None) -> str:
    items = list(selectors.latest_news(3))
    if not items:
        return ""
    return render_to_string(
        "news/partials/_home_news.html", {"items": items}, request=request
    )
