from __future__ import annotations

import datetime as dt

from teixit.core.dates import day_bounds

from .models import NewsItem


def news_list_for_user(user, *, theme: int | None = None, language: str | None = None):
    qs = NewsItem.objects.prefetch_related("themes")
    if not user.has_perm("news.add_newsitem"):
        qs = qs.published()
    if theme:
        qs = qs.filter(themes__pk=theme)
    if language:
        qs = qs.filter(language=language)
    return qs


def latest_news(limit: int = 3):
    return NewsItem.objects.published()[:limit]


def published_count(*, start: dt.date, end: dt.date) -> int:
    """News items published from `start` to `end` (an indicator source)."""
    first, after = day_bounds(start, end)
    return (
        NewsItem.objects.published()
        .filter(published_at__gte=first, published_at__lt=after)
        .count()
    )
