"""The directory of resources and networks as JSON: the published entries,
public and read-only (proposals are made and reviewed on the pages)."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.core.api import ERROR_RESPONSES, Pagination

from . import selectors
from .schemas import DirectoryEntryOut

router = Router(tags=["directory"])


class DirectoryFilters(Schema):
    kind: str | None = None
    scope: str | None = None
    theme: str | None = None
    q: str | None = None


@router.get(
    "/directory/",
    response={200: list[DirectoryEntryOut], **ERROR_RESPONSES},
    operation_id="directory_list",
    summary="List the published directory entries (filters: kind, scope, theme code, text)",
    auth=None,
)
@paginate(Pagination)
def list_directory(request, filters: Query[DirectoryFilters]):
    return selectors.directory_list(
        kind=filters.kind or "",
        scope=filters.scope or "",
        theme=filters.theme or "",
        q=filters.q or "",
    ).prefetch_related("comarques")


@router.get(
    "/directory/{entry_id}/",
    response={200: DirectoryEntryOut, **ERROR_RESPONSES},
    operation_id="directory_detail",
    summary="One published directory entry",
    auth=None,
)
def get_directory_entry(request, entry_id: int):
    return get_object_or_404(
        selectors.directory_list().prefetch_related("comarques"), pk=entry_id
    )
