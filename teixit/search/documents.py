"""The contract between the search app and the apps whose items it finds.

An app whose items appear in the one search (practices, materials, trainings,
municipal services, experts) adds a module `search_providers.py` with:

    from teixit.search.documents import SearchDoc

    TYPE = "training"                 # the `type` filter value
    MODELS = [Training]               # saving/deleting these re-indexes them

    def document_for(obj) -> SearchDoc | None:
        '''The document for one object; None when it must not be findable
        (e.g. a draft, a withdrawn expert).'''

    def all_objects():
        '''Every object to index (used by `manage.py search_reindex`).'''

The search app discovers these modules, connects post_save/post_delete of
MODELS to keep its full-text index current, and answers the search page and
`GET /api/v1/search/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class SearchDoc:
    type: str  # "practice", "material", "training", "service", "expert"
    object_id: int
    title: str
    body: str  # all searchable text, plain (Markdown is fine)
    url: str
    visibility: str = "public"  # "public" | "members"
    language: str = "ca"
    themes: list[str] = field(default_factory=list)  # vocabulary concept codes
    territory_code: str = ""  # municipality code, or "" (free places go in body)
    outcome: str = ""  # practices: "success" | "partial" | "failure"
    date: date | None = None


def territory_code_of(member) -> str:
    """The `territory_code` of a network member: its municipality's code, or
    its official code (comarca councils and other bodies)."""
    if member is None:
        return ""
    if getattr(member, "municipality_id", None):
        return member.municipality.code
    return getattr(member, "official_code", "") or ""
