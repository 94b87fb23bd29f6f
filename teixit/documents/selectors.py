"""Reads of the documents: what a person may see, the public pages."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.utils.translation import get_language

from .models import Amendment, Document, Version


def document_list_for_user(user):
    if not user.has_perm("documents.view_document"):
        return Document.objects.none()
    return Document.objects.select_related("approving_body", "editing_body")


def public_documents(language: str | None = None):
    """Published documents (public and with an approved version), in the
    language asked when they exist in it."""
    qs = Document.objects.published().prefetch_related(
        Prefetch("versions", queryset=Version.objects.order_by("number"))
    )
    if language:
        in_language = qs.filter(language=language)
        if in_language.exists():
            return in_language
    return qs


def public_document_get(slug: str) -> Document:
    return Document.objects.published().get(slug=slug)


def document_in_language(document: Document, language: str | None = None) -> Document:
    """The published translation of `document` in `language`, or itself."""
    language = (language or get_language() or "ca")[:2]
    if document.language == language:
        return document
    for other in document.linked_documents().published():
        if other.language == language:
            return other
    return document


def amendments_by_round(document: Document) -> dict[int, list[Amendment]]:
    rounds: dict[int, list[Amendment]] = {}
    for amendment in document.amendments.select_related("author", "answered_by"):
        rounds.setdefault(amendment.round, []).append(amendment)
    return rounds


def _approved_in(start: dt.date, end: dt.date) -> Q:
    return Q(approved_on__gte=start, approved_on__lte=end)


def approved_count(*, start: dt.date, end: dt.date) -> int:
    """Versions approved from `start` to `end` (an indicator source)."""
    return Version.objects.filter(_approved_in(start, end)).count()


def approved_count_by_year(*, years) -> dict[int, int]:
    """`approved_count` for calendar years, in one query."""
    from teixit.workplans.sources import aggregate_by_year

    return aggregate_by_year(Version.objects.all(), years, _approved_in)
