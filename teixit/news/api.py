"""The published news as JSON (public, read-only)."""

from ninja import Router
from ninja.pagination import paginate

from teixit.core.api import ERROR_RESPONSES, Pagination

from .models import NewsItem
from .schemas import NewsOut

router = Router(tags=["news"])


@router.get(
    "/news/",
    response={200: list[NewsOut], **ERROR_RESPONSES},
    operation_id="news_list",
    summary="List the published news, newest first",
    auth=None,
)
@paginate(Pagination)
def list_news(request, language: str | None = None, theme: str | None = None):
    qs = NewsItem.objects.published().prefetch_related("themes")
    if language:
        qs = qs.filter(language=language)
    if theme:
        qs = qs.filter(themes__code=theme)
    return qs.order_by("-published_at", "-pk")
