"""A readable difference between two texts, word by word (not line by line).

Used by the wiki's history and by the documents' version comparison: the
result is safe HTML where removed words are in `<del>` and added words in
`<ins>`; paragraphs (blank lines) are kept as `<br>` pairs so a long text stays
readable.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text.replace("\r\n", "\n"))


def _html(tokens: list[str]) -> str:
    return escape("".join(tokens)).replace("\n", "<br>")


def word_diff(old: str, new: str) -> SafeString:
    """HTML of `new` compared with `old`, words removed in `<del>` and words
    added in `<ins>`."""
    a, b = _tokens(old or ""), _tokens(new or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_html(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{_html(a[i1:i2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{_html(b[j1:j2])}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def word_changes(old: str, new: str) -> tuple[int, int]:
    """How many words were added and removed (for history lists)."""
    a = [t for t in _tokens(old or "") if not t.isspace()]
    b = [t for t in _tokens(new or "") if not t.isspace()]
    added = removed = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed += i2 - i1
        if op in ("insert", "replace"):
            added += j2 - j1
    return added, removed
