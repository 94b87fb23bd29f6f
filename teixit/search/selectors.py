"""Reads of the search index: one ranked, filtered, visibility-aware search."""

from dataclasses import dataclass

from django.db import connection

from teixit.network.roles import is_registered

from .models import SearchDocument
from .text import query_terms


@dataclass
class SearchFilters:
    q: str = ""
    type: str = ""
    theme: str = ""
    territory: str = ""
    outcome: str = ""
    language: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(vars(self).values())


def _full_text(qs, terms: list[str]):
    """Restrict to documents matching every term (as a prefix) and rank them."""
    if connection.vendor == "sqlite":
        match = " ".join(f'"{term}"*' for term in terms)
        return qs.extra(
            tables=["search_fts"],
            where=[
                "search_fts.rowid = search_searchdocument.id",
                "search_fts MATCH %s",
            ],
            params=[match],
            # bm25 is lower for better matches; the title weighs ten times the text.
            select={"score": "-bm25(search_fts, 10.0, 1.0)"},
            order_by=["-score", "-date", "id"],
        )
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return qs.extra(
            where=["search_searchdocument.fts @@ to_tsquery('simple', %s)"],
            params=[tsquery],
            select={
                "score": "ts_rank(search_searchdocument.fts, to_tsquery('simple', %s))"
            },
            select_params=[tsquery],
            order_by=["-score", "-date", "id"],
        )
    # Other databases: a plain scan of the folded text.
    for term in terms:
        qs = qs.filter(title_folded__contains=term) | qs.filter(
            body_folded__contains=term
        )
    return qs.order_by("-date", "id")


def search_documents(*, user, filters: SearchFilters):
    """The documents the user may see that match the query and filters, best
    first (or newest first without a query). Anonymous visitors find public
    documents only; registered users also members-only ones."""
    # The folded copies are for matching only: leaving them out keeps the
    # rows that are sorted by relevance small.
    qs = SearchDocument.objects.defer("title_folded", "body_folded")
    if not is_registered(user):
        qs = qs.filter(visibility=SearchDocument.Visibility.PUBLIC)
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.theme:
        qs = qs.filter(themes__contains=f" {filters.theme.strip()} ")
    if filters.territory:
        qs = qs.filter(territory_code=filters.territory)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.language:
        qs = qs.filter(language=filters.language)
    terms = query_terms(filters.q)
    if terms:
        return _full_text(qs, terms)
    return qs.order_by("-date", "-id")
