"""Published practices as JSON: public ones for everyone, members-only ones
for registered users (session or `Authorization: Bearer <token>`)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import (
    ERROR_RESPONSES,
    Built,
    Pagination,
    absolute_urls,
    prebuilt_page,
)
from teixit.vocabulary.selectors import concept_refs

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
@prebuilt_page
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
    rows = qs.prefetch_related(None).values_list(*_LIST_COLUMNS)
    return Built(rows, lambda page: _practice_items(request, page), qs)


# What a list item (`PracticeListOut`) reads, in the order `_practice_items` unpacks.
_LIST_COLUMNS = (
    "pk",
    "title",
    "summary",
    "outcome",
    "scope",
    "language",
    "visibility",
    "member_id",
    "member__name",
    "member__slug",
    "place",
    "country",
    "start_on",
    "end_on",
    "published_at",
)


def _practice_items(request, rows: list[tuple]) -> list[dict]:
    """A page as `PracticeListOut` writes it, from plain values: the page's
    themes in one query, the addresses from one reverse()."""
    themes = concept_refs(Practice.themes.through, "practice", [r[0] for r in rows])
    url = absolute_urls(request, "practices:detail")
    items = []
    for row in rows:
        pk, title, summary, outcome, scope, language, visibility = row[:7]
        member_id, member, slug, place, country = row[7:12]
        start_on, end_on, published_at = row[12:]
        if member_id is not None:  # Practice.territory_label
            territory = member
        else:
            territory = ", ".join(part for part in (place, country) if part)
        items.append(
            {
                "id": pk,
                "title": title,
                "summary": summary,
                "outcome": outcome,
                "scope": scope,
                "language": language,
                "visibility": visibility,
                "territory": territory,
                "member_slug": slug if member_id is not None else None,
                "themes": themes.get(pk, []),
                "start_on": start_on,
                "end_on": end_on,
                "published_at": published_at,
                "url": url(pk),
            }
        )
    return items


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
