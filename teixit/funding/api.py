"""Funding lines as JSON: public and read-only, like the pages; each line's
detail lists its overlaps with their score and reasons."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.core.api import ERROR_RESPONSES, Pagination, absolute_url
from teixit.territories.models import Comarca, Municipality, Province

from . import selectors
from .schemas import FundingLineDetailOut, FundingLineOut

router = Router(tags=["funding"])


class LineFilters(Schema):
    level: str | None = None
    theme: str | None = None
    year: int | None = None
    q: str | None = None


def _territories() -> list[Prefetch]:
    """The lines' provinces, comarques and municipalities as the schema reads
    them (their codes), without their outlines: a GeoJSON document each,
    decoded per row, was most of a line's time."""
    return [
        Prefetch(name, queryset=model.objects.only("pk", "code"))
        for name, model in (
            ("provinces", Province),
            ("comarques", Comarca),
            ("municipalities", Municipality),
        )
    ]


def _lines():
    return selectors.funding_line_list().prefetch_related(*_territories())


@router.get(
    "/funding-lines/",
    response={200: list[FundingLineOut], **ERROR_RESPONSES},
    operation_id="funding_list",
    summary="List the public funding lines (filters: level, theme code, year of execution, text)",
    auth=None,
)
@paginate(Pagination)
def list_funding_lines(request, filters: Query[LineFilters]):
    return selectors.funding_line_list(
        level=filters.level or "",
        theme=filters.theme or "",
        year=filters.year,
        q=filters.q or "",
    ).prefetch_related(*_territories())


@router.get(
    "/funding-lines/{line_id}/",
    response={200: FundingLineDetailOut, **ERROR_RESPONSES},
    operation_id="funding_detail",
    summary="One funding line, with its overlaps (score 0–100 and reasons)",
    auth=None,
)
def get_funding_line(request, line_id: int):
    line = get_object_or_404(_lines(), pk=line_id)
    context = {"request": request}
    line.overlaps = [
        {
            "line": {
                "id": view.other.pk,
                "title": view.other.title,
                "administration": view.other.administration,
                "url": absolute_url(context, view.other.get_absolute_url()),
            },
            "score": view.score,
            "reasons": view.reasons,
            "start": view.overlap.start,
            "end": view.overlap.end,
            "resolved": view.resolution is not None,
        }
        for view in selectors.overlap_views_for_line(line)
    ]
    return line
