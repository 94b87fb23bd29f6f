"""Accent folding shared by the index and the queries.

The index stores a folded copy of every document (lower case, no accents,
Catalan "l·l" joined), and queries are folded the same way, so "lliçons"
finds "llicons" and "cooperativa" finds "Cooperatíva" on SQLite and
PostgreSQL alike, without database extensions.
"""

import re
import unicodedata

_GEMINATE = re.compile(r"l[·.•‧∙]l", re.IGNORECASE)
_TERM = re.compile(r"[^\W_]+")


def _strip(ch: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
    )


# Latin letters with diacritics (Latin-1 and Latin Extended-A) folded at C
# speed with str.translate; anything else goes through NFKD below.
_TABLE = str.maketrans(
    {
        chr(code): _strip(chr(code))
        for code in range(0xC0, 0x180)
        if _strip(chr(code)) != chr(code)
    }
)


def fold(text: str | None) -> str:
    """Lower-case text without diacritics ("Lliçó" → "llico", "col·lectiu" →
    "collectiu")."""
    if not text:
        return ""
    text = _GEMINATE.sub("ll", text.translate(_TABLE))
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text.casefold()


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
