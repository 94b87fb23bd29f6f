"""The one search as JSON."""

from ninja import Field, Query, Router, Schema

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, MAX_OFFSET

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
    limit: int = Field(20, ge=1, le=100, description="How many results (at most 100)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many to skip")


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
    limit, offset = params.limit, params.offset
    qs = search_documents(user=user, filters=filters, network=False)
    count = qs.count()
    return {
        "count": count,
        "more": getattr(qs, "more", False),
        "results": list(qs[offset : offset + limit]),
    }
