from __future__ import annotations

import datetime as dt

from django.db.models import Q

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


def _published_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(published_at__gte=first, published_at__lt=after)


def published_count(*, start: dt.date, end: dt.date) -> int:
    """News items published from `start` to `end` (an indicator source)."""
    return NewsItem.objects.published().filter(_published_in(start, end)).count()


def published_count_by_year(*, years) -> dict[int, int]:
    """`published_count` for calendar years, in one query."""
    from teixit.workplans.sources import aggregate_by_year

    return aggregate_by_year(NewsItem.objects.published(), years, _published_in)
