"""Published practices as JSON: public ones for everyone, members-only ones
for registered users (session or `Authorization: Bearer <token>`)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, Pagination

from . import selectors
from .models import Practice
from .schemas import PracticeListOut, PracticeOut

router = Router(tags=["practices"])


class PracticeFilters(Schema):
    outcome: str | None = None
    scope: str | None = None
    language: str | None = None
    theme: str | None = None


@router.get(
    "/practices/",
    response={200: list[PracticeListOut], **ERROR_RESPONSES},
    operation_id="practices_list",
    summary="List published practices (members-only ones need a registered user)",
    auth=None,
)
@paginate(Pagination)
def list_practices(request, filters: Query[PracticeFilters]):
    user = optional_user(request)
    qs = selectors.practice_list_for_user(user, filters={})
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.scope:
        qs = qs.filter(scope=filters.scope)
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.theme:
        qs = qs.filter(themes__code=filters.theme)
    return qs


@router.get(
    "/practices/{practice_id}/",
    response={200: PracticeOut, **ERROR_RESPONSES},
    operation_id="practices_detail",
    summary="One published practice with its documents, links and replications",
    auth=None,
)
def get_practice(request, practice_id: int):
    user = optional_user(request)
    practice = get_object_or_404(
        Practice.objects.filter(selectors.practice_visible_q(user))
        .select_related("member")
        .prefetch_related("themes", "documents", "links", "replicated_in"),
        pk=practice_id,
    )
    if not user.has_perm("practices.view_practice", practice):
        raise Http404
    visible = selectors.practice_visible_q(user)
    practice.visible_replications = list(
        practice.replicated_in.filter(visible).values_list("pk", flat=True)
    )
    return practice
