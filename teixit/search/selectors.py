"""Reads of the search index: one ranked, filtered, visibility-aware search.

SQLite with words to find: the whole search runs inside the FTS5 table (text,
filters and visibility in one MATCH, ranked by bm25 with `ORDER BY rank`); the
documents table is read only for the rows of the page shown (see FtsResults).
PostgreSQL: the tsvector column's GIN index, ts_rank (CappedResults). Either
ranks at most RESULT_CAP + 1 matches and says when there were more. Other
cases (filters without words) use a queryset.
"""

from dataclasses import dataclass

from django.db import connection

from teixit.network.roles import (
    is_network_person,
    is_registered,
)

from .models import SearchDocument
from .text import filter_token, query_terms


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


DEFERRED = ("title_folded", "body_folded")


# A search that matches more documents than this ranks the newest RESULT_CAP + 1
# matches only and says "more than RESULT_CAP results": ranking (bm25, ts_rank)
# every match of a frequent prefix ("co", "ca") over 100,000 documents took
# 0.5 s, and nobody pages past the fiftieth page of twenty.
RESULT_CAP = 1000


class FtsResults:
    """The documents matching one FTS5 expression, best first. Behaves like the
    queryset the page and the API expect: `count()`, slices (`[a:b]`),
    iteration; each document gets a `score` (higher is better), and `more`
    says the count is capped (RESULT_CAP). Lazy: the first use runs one
    query on the FTS table, which ranks the newest RESULT_CAP + 1 matches
    (all of them when there are fewer, so the count is then exact); each
    slice then reads its rows."""

    def __init__(self, match: str):
        self.match = match
        self._ranked: list[tuple[int, float]] | None = None
        self.more = False

    def _all_ranked(self) -> list[tuple[int, float]]:
        if self._ranked is None:
            with connection.cursor() as cursor:
                # `rank` is the table's bm25(10, 1, 0) (migration 0003): title
                # ten times the text, filter tokens not counted. Lower is
                # better. FTS5 walks the matches by rowid, newest first, and
                # stops after RESULT_CAP + 1: only those are ranked.
                cursor.execute(
                    "SELECT rowid, rank FROM (SELECT rowid, rank FROM search_fts"
                    " WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s)"
                    " ORDER BY rank, rowid DESC",
                    [self.match, RESULT_CAP + 1],
                )
                rows = cursor.fetchall()
            self.more = len(rows) > RESULT_CAP
            self._ranked = rows[:RESULT_CAP]
        return self._ranked

    def count(self) -> int:
        return len(self._all_ranked())

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, key):
        if isinstance(key, int):
            if key < 0:
                raise IndexError("negative indexing is not supported")
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step not in (None, 1) or (key.start or 0) < 0:
            raise ValueError("only forward slices are supported")
        ranked = self._all_ranked()[key]
        docs = SearchDocument.objects.defer(*DEFERRED).in_bulk([pk for pk, _ in ranked])
        page = []
        for pk, rank in ranked:
            doc = docs.get(pk)
            if doc is not None:
                doc.score = -rank
                page.append(doc)
        return page


class CappedResults:
    """A ranked queryset of the `found` (at most RESULT_CAP + 1) candidates
    (PostgreSQL), seen as at most RESULT_CAP results, `more` when there were
    more."""

    def __init__(self, queryset, *, found: int):
        self.queryset = queryset
        self.more = found > RESULT_CAP
        self._count = min(found, RESULT_CAP)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, key):
        if isinstance(key, int):
            if key < 0 or key >= RESULT_CAP:
                raise IndexError(key)
            return self.queryset[key]
        if key.step not in (None, 1) or (key.start or 0) < 0:
            raise ValueError("only forward slices are supported")
        start = key.start or 0
        stop = RESULT_CAP if key.stop is None else min(key.stop, RESULT_CAP)
        if stop <= start:
            return []
        return list(self.queryset[start:stop])


def _fts5_match(
    terms: list[str], *, user, filters: SearchFilters, network: bool = True
) -> str:
    """One FTS5 expression: every term (as a prefix) in the title or the text,
    every filter token given, and for visitors not registered no members-only
    document (visibility is always "public" or "members", see services)."""
    words = " ".join(f'"{term}"*' for term in terms)
    match = f"{{title body}} : ({words})"
    wanted = []
    if filters.type:
        wanted.append(filter_token("type", filters.type))
    if filters.theme.strip():
        wanted.append(filter_token("theme", filters.theme))
    if filters.territory:
        wanted.append(filter_token("territory", filters.territory))
    if filters.outcome:
        wanted.append(filter_token("outcome", filters.outcome))
    if filters.language:
        wanted.append(filter_token("language", filters.language))
    if wanted:
        tokens = " ".join(f'"{token}"' for token in wanted)
        match = f"({match}) AND (filters : ({tokens}))"
    hidden = _hidden_visibilities(user, network=network)
    if hidden:
        tokens = " OR ".join(f'"{filter_token("visibility", v)}"' for v in hidden)
        match = f"({match}) NOT (filters : ({tokens}))"
    return match


def _hidden_visibilities(user, *, network: bool = True) -> list[str]:
    """The audiences whose documents `user` may not find: members-only ones for
    visitors, the network's own for anyone who is not one of its people."""
    V = SearchDocument.Visibility
    if not is_registered(user):
        return [V.MEMBERS, V.NETWORK]
    if not network or not is_network_person(user):
        return [V.NETWORK]
    return []


def _full_text(qs, terms: list[str]):
    """Restrict to documents matching every term (as a prefix) and rank them
    (databases other than SQLite, see FtsResults for SQLite)."""
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        # The newest RESULT_CAP + 1 matches (GIN index, no ranking), then
        # ts_rank over those only (see RESULT_CAP). Read first, as a list: the
        # `extra` condition names the table, which a subquery would alias.
        candidates = list(
            qs.extra(
                where=["search_searchdocument.fts @@ to_tsquery('simple', %s)"],
                params=[tsquery],
            )
            .order_by("-id")
            .values_list("id", flat=True)[: RESULT_CAP + 1]
        )
        return CappedResults(
            SearchDocument.objects.defer(*DEFERRED)
            .filter(pk__in=candidates)
            .extra(
                select={
                    "score": "ts_rank(search_searchdocument.fts,"
                    " to_tsquery('simple', %s))"
                },
                select_params=[tsquery],
                order_by=["-score", "-date", "id"],
            ),
            found=len(candidates),
        )
    # Other databases: a plain scan of the folded text.
    for term in terms:
        qs = qs.filter(title_folded__contains=term) | qs.filter(
            body_folded__contains=term
        )
    return qs.order_by("-date", "id")


def search_documents(*, user, filters: SearchFilters, network: bool = True):
    """The documents the user may see that match the query and filters, best
    first (or newest first without a query). Anonymous visitors find public
    documents only; registered users also members-only ones; the people of the
    network also the network's own (wiki pages), unless `network` is False (the
    API: the wiki is not part of it)."""
    terms = query_terms(filters.q)
    if terms and connection.vendor == "sqlite":
        return FtsResults(
            _fts5_match(terms, user=user, filters=filters, network=network)
        )
    # The folded copies are for matching only: leaving them out keeps the
    # rows that are sorted by relevance small.
    qs = SearchDocument.objects.defer(*DEFERRED)
    hidden = _hidden_visibilities(user, network=network)
    if hidden:
        qs = qs.exclude(visibility__in=hidden)
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
    if terms:
        return _full_text(qs, terms)
    return qs.order_by("-date", "-id")
