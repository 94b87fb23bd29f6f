"""Markdown written by users, rendered to sanitised HTML."""

from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead",
    "tr", "ul", "del", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
}


def render_markdown(text: str | None) -> SafeString:
    """Render Markdown to HTML that is safe to embed: scripts, styles and
    event handlers are removed, links get rel="noopener noreferrer nofollow"."""
    if not text:
        return mark_safe("")
    text = str(text)
    # A pure function of the text: short texts shown on many pages (the
    # network's description, summaries) are rendered once per process.
    return _render_cached(text) if len(text) <= 4096 else _render(text)


@lru_cache(maxsize=512)
def _render_cached(text: str) -> SafeString:
    return _render(text)


def _render(text: str) -> SafeString:
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
