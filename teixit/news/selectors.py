from __future__ import annotations

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


def published_count(*, year: int) -> int:
    """News items published in a year (an indicator source)."""
    return NewsItem.objects.published().filter(published_at__year=year).count()
