"""The glossary's terms, rendered in Python: the page lists every term of
every vocabulary (about a thousand), and the same lines written as template
tags (ten variables, two translations and three conditions per term) took
most of its time."""

from html import escape as _html_escape

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from teixit.core.translation import translated

register = template.Library()


def escape(text) -> str:
    """Django's `escape` of a text (the same characters, the same entities:
    it is `html.escape`), without its lazy-string wrapper and safe string:
    three to five a term, a thousand terms."""
    return _html_escape(str(text))


@register.simple_tag
def glossary_terms(concepts) -> str:
    """The `<dt>`/`<dd>` pairs of the concepts, one line each, as the
    template wrote them: the term (a link to itself), its code, its
    definition, its broader term and its ESSGlobal URI."""
    language = translation.get_language() or "ca"
    broader_text = escape(gettext("Broader term:"))
    essglobal_text = escape(gettext("ESSGlobal:"))
    parts = []
    for concept in concepts:
        anchor = escape(concept.anchor)
        code = escape(concept.code)
        label = escape(translated(concept, "label", language) or concept.code)
        parts.append(
            f'\n<dt id="{anchor}"><a href="#{anchor}" class="glossary-term">{label}</a>'
            f' <span class="muted glossary-code">{code}</span></dt>\n<dd>'
        )
        definition = translated(concept, "definition", language)
        if definition:
            parts.append(f"<p>{escape(definition)}</p>")
        broader = concept.broader
        if broader:
            broader_label = translated(broader, "label", language) or broader.code
            parts.append(
                f'<p class="muted">{broader_text} <a href="#{escape(broader.anchor)}">'
                f"{escape(broader_label)}</a></p>"
            )
        if concept.essglobal_uri:
            uri = escape(concept.essglobal_uri)
            parts.append(
                f'<p class="muted">{essglobal_text} <a href="{uri}" rel="external">'
                f"{uri}</a></p>"
            )
        parts.append("</dd>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
