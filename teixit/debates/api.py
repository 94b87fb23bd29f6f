"""Debates as JSON, read-only: the ones the caller may read (anonymous
callers see public spaces; a token or session shows the rest)."""

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, Pagination

from . import selectors
from .models import Debate
from .schemas import DebateListOut, DebateOut

router = Router(tags=["debates"])


class DebateFilters(Schema):
    space: str | None = None
    status: str | None = None


@router.get(
    "/debates/",
    response={200: list[DebateListOut], **ERROR_RESPONSES},
    operation_id="debates_list",
    summary="List the debates the caller may read, latest activity first",
    auth=None,
)
@paginate(Pagination)
def list_debates(request, filters: Query[DebateFilters]):
    user = optional_user(request)
    qs = selectors.debate_list_for_user(user)
    if filters.space:
        qs = qs.filter(space__slug=filters.space)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


@router.get(
    "/debates/{debate_id}/",
    response={200: DebateOut, **ERROR_RESPONSES},
    operation_id="debates_detail",
    summary="One debate with its conclusions and replies (hidden ones without text)",
    auth=None,
)
def get_debate(request, debate_id: int):
    user = optional_user(request)
    try:
        debate = selectors.debate_get_for_detail(debate_id)
    except Debate.DoesNotExist as exc:
        raise Http404 from exc
    if not user.has_perm("debates.view_debate", debate):
        raise Http404
    return debate
