"""The one search as JSON."""

from ninja import Query, Router, Schema

from teixit.core.api import ERROR_RESPONSES, optional_user

from .schemas import SearchPageOut
from .selectors import SearchFilters, search_documents

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = ""
    type: str = ""
    theme: str = ""
    territory: str = ""
    outcome: str = ""
    language: str = ""
    limit: int = 20
    offset: int = 0


@router.get(
    "/search/",
    response={200: SearchPageOut, **ERROR_RESPONSES},
    operation_id="search_search",
    summary="Search practices, materials, trainings, services and experts (accent-insensitive, ranked)",
    auth=None,
)
def search(request, params: Query[SearchQuery]):
    user = optional_user(request)
    filters = SearchFilters(
        q=params.q[:200],
        type=params.type,
        theme=params.theme,
        territory=params.territory,
        outcome=params.outcome,
        language=params.language,
    )
    limit = max(1, min(params.limit, 100))
    offset = max(0, params.offset)
    qs = search_documents(user=user, filters=filters)
    return {"count": qs.count(), "results": list(qs[offset : offset + limit])}
