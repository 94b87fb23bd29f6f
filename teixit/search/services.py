"""Writes to the search index.

Rules owned here: an item is in the index exactly when its provider gives a
document for it (drafts and withdrawn items are removed); the stored text is
accent-folded (see text.py); the full-text table follows every row.
"""

import re
from collections.abc import Iterable

from django.db import connection, transaction

from teixit.core.text import fold

from .documents import SearchDoc
from .models import SearchDocument
from .registry import provider_for_model, providers
from .text import filter_tokens

SUMMARY_LENGTH = 280
_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r"[#*_>`\[\]]+")


def _summary(body: str) -> str:
    text = _SPACES.sub(" ", _MARKUP.sub("", body or "")).strip()
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


def _fields(doc: SearchDoc) -> dict:
    return {
        "title": doc.title[:300],
        "summary": _summary(doc.body),
        "url": doc.url,
        "visibility": doc.visibility
        if doc.visibility in SearchDocument.Visibility.values
        else "members",
        "language": doc.language or "",
        "themes": f" {' '.join(doc.themes)} " if doc.themes else "",
        "territory_code": doc.territory_code or "",
        "outcome": doc.outcome or "",
        "date": doc.date,
        "title_folded": fold(doc.title),
        "body_folded": fold(doc.body),
    }


def _filters(type: str, fields: dict) -> str:
    return filter_tokens(
        type=type,
        visibility=fields["visibility"],
        language=fields["language"],
        themes=fields["themes"],
        territory=fields["territory_code"],
        outcome=fields["outcome"],
    )


FTS_INSERT = (
    "INSERT INTO search_fts(rowid, title, body, filters) VALUES (%s, %s, %s, %s)"
)


def _uses_fts5() -> bool:
    return connection.vendor == "sqlite"


def _fts_delete(ids: Iterable[int]) -> None:
    ids = list(ids)
    if not ids or not _uses_fts5():
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)


@transaction.atomic
def search_document_upsert(*, doc: SearchDoc) -> SearchDocument:
    """Add or replace the indexed document of one item."""
    fields = _fields(doc)
    body = fields["body_folded"]
    if _uses_fts5():
        fields["body_folded"] = ""  # kept in the FTS table only: small rows
    row, _ = SearchDocument.objects.update_or_create(
        type=doc.type, object_id=doc.object_id, defaults=fields
    )
    if _uses_fts5():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [row.pk])
            cursor.execute(
                FTS_INSERT,
                [row.pk, fields["title_folded"], body, _filters(doc.type, fields)],
            )
    return row


@transaction.atomic
def search_document_delete(*, type: str, object_id: int) -> None:
    ids = list(
        SearchDocument.objects.filter(type=type, object_id=object_id).values_list(
            "pk", flat=True
        )
    )
    _fts_delete(ids)
    SearchDocument.objects.filter(pk__in=ids).delete()


def search_index_object(obj) -> SearchDocument | None:
    """Index one object of a provider's MODELS, or remove it when its provider
    gives no document (draft, withdrawn…). Returns the indexed row."""
    provider = provider_for_model(type(obj))
    if provider is None:
        return None
    doc = provider.document_for(obj)
    if doc is None:
        search_document_delete(type=provider.TYPE, object_id=obj.pk)
        return None
    return search_document_upsert(doc=doc)


@transaction.atomic
def search_documents_bulk_add(
    *, docs: Iterable[SearchDoc], batch_size: int = 2000
) -> int:
    """Insert many new documents at once (re-indexing, benchmarks). The caller
    makes sure they are not in the index yet. Returns how many were added."""
    added = 0
    fts5 = _uses_fts5()
    batch: list[SearchDocument] = []
    bodies: list[tuple[str, str]] = []  # (folded text, filter tokens) per row

    def flush() -> None:
        nonlocal added
        if not batch:
            return
        rows = SearchDocument.objects.bulk_create(batch)
        if fts5:
            _fts_delete(row.pk for row in rows)  # left-overs of a flushed table
            with connection.cursor() as cursor:
                cursor.executemany(
                    FTS_INSERT,
                    [
                        (row.pk, row.title_folded, body, filters)
                        for row, (body, filters) in zip(rows, bodies, strict=True)
                    ],
                )
        added += len(rows)
        batch.clear()
        bodies.clear()

    for doc in docs:
        fields = _fields(doc)
        bodies.append((fields["body_folded"], _filters(doc.type, fields)))
        if fts5:
            fields["body_folded"] = ""  # kept in the FTS table only: small rows
        batch.append(SearchDocument(type=doc.type, object_id=doc.object_id, **fields))
        if len(batch) >= batch_size:
            flush()
    flush()
    return added


@transaction.atomic
def search_reindex(*, types: list[str] | None = None) -> dict[str, int]:
    """Rebuild the index of the given types (all by default) from the
    providers. Returns the number of documents per type."""
    counts = {}
    for code, provider in providers().items():
        if types and code not in types:
            continue
        ids = list(
            SearchDocument.objects.filter(type=code).values_list("pk", flat=True)
        )
        _fts_delete(ids)
        SearchDocument.objects.filter(type=code).delete()
        docs = (
            doc
            for doc in map(provider.document_for, provider.all_objects())
            if doc is not None
        )
        counts[code] = search_documents_bulk_add(docs=docs)
    return counts
