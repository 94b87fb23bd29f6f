"""Query terms and filter tokens of the search index.

The index stores a folded copy of every document (`teixit.core.text.fold`:
lower case, no accents, Catalan "l·l" joined), and queries are folded the same
way, so "lliçons" finds "llicons" and "cooperativa" finds "Cooperatíva" on
SQLite and PostgreSQL alike, without database extensions.
"""

import re

from teixit.core.text import fold

_TERM = re.compile(r"[^\W_]+")


def query_terms(query: str | None, *, limit: int = 12) -> list[str]:
    """The folded words of a user's query (letters and digits only, so they are
    safe to place in an FTS5 or tsquery expression)."""
    return _TERM.findall(fold(query))[:limit]


# Filters as full-text tokens -------------------------------------------------------
# On SQLite the filter values of a document are stored as tokens in a third FTS5
# column (`filters`), so one MATCH restricts, ranks and counts without touching
# the documents table. A token is a two-letter kind and the value's UTF-8 in hex:
# safe for any code (hyphens, dots, accents) and never mistaken for another kind.
FILTER_KINDS = {
    "type": "ty",
    "visibility": "vi",
    "language": "la",
    "theme": "th",
    "territory": "te",
    "outcome": "ou",
}


def filter_token(kind: str, value: str) -> str:
    return FILTER_KINDS[kind] + value.strip().encode().hex()


def filter_tokens(
    *,
    type: str,
    visibility: str,
    language: str = "",
    themes: list[str] | str = "",
    territory: str = "",
    outcome: str = "",
) -> str:
    """The `filters` column text of one document."""
    if isinstance(themes, str):
        themes = themes.split()
    tokens = [filter_token("type", type), filter_token("visibility", visibility)]
    if language:
        tokens.append(filter_token("language", language))
    tokens += [filter_token("theme", code) for code in themes if code.strip()]
    if territory:
        tokens.append(filter_token("territory", territory))
    if outcome:
        tokens.append(filter_token("outcome", outcome))
    return " ".join(tokens)
