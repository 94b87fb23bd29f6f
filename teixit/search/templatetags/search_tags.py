"""Highlighting of the searched words in result snippets."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from teixit.core.text import fold

register = template.Library()


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the
    original character it comes from (folding may drop or add characters)."""
    folded = []
    positions = []
    for index, char in enumerate(text):
        for piece in fold(char) or "":
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions


@register.filter
def highlight(text, query) -> str:
    """`text` escaped, with each word of `query` (3 letters or more, any case,
    with or without accents) wrapped in <mark>."""
    text = str(text or "")
    words = [w for w in re.findall(r"\w+", fold(str(query or ""))) if len(w) >= 3]
    if not words or not text:
        return escape(text)
    folded, positions = _folded_with_positions(text)
    spans = []
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    )
    for match in pattern.finditer(folded):
        start = positions[match.start()]
        end = positions[match.end() - 1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    out = []
    last = 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped)
