"""`[[Page name]]` links between wiki pages, rendered with the Markdown of
the site: a link to an existing page of the same space, or a red link that
opens the editor to create it (`[[Page name|shown text]]` shows other text)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from teixit.core.markdown import render_markdown

LINK = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]]+?))?\]\]")


def page_slug(title: str) -> str:
    return slugify(title)[:200] or "page"


def linked_titles(text: str) -> list[str]:
    return [m.group(1).strip() for m in LINK.finditer(text or "")]


def render_page(space, text: str) -> SafeString:
    """The page's HTML with its wiki links resolved in `space`."""
    existing = set(space.pages.values_list("slug", flat=True))
    anchors: list[str] = []

    def _placeholder(match: re.Match) -> str:
        title = match.group(1).strip()
        label = (match.group(2) or title).strip()
        slug = page_slug(title)
        if slug in existing:
            url = reverse("wiki:page", kwargs={"space": space.slug, "slug": slug})
            html = f'<a class="wikilink" href="{escape(url)}">{escape(label)}</a>'
        else:
            url = reverse("wiki:edit", kwargs={"space": space.slug, "slug": slug})
            url += "?" + urlencode({"title": title})
            html = (
                f'<a class="wikilink wikilink-new" rel="nofollow" href="{escape(url)}">'
                f"{escape(label)}</a>"
            )
        anchors.append(html)
        return f"WIKILINK{len(anchors) - 1}X"

    rendered = str(render_markdown(LINK.sub(_placeholder, text or "")))
    for number in range(len(anchors) - 1, -1, -1):
        rendered = rendered.replace(f"WIKILINK{number}X", anchors[number])
    return mark_safe(rendered)  # noqa: S308 - Markdown is cleaned, anchors escaped
