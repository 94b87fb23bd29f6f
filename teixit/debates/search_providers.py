"""Debates in the one search (contract: teixit/search/documents.py).

The search index knows two audiences, everyone and registered people, while
debate spaces may be for network members or one body only: so only debates of
public spaces are indexed, and nothing of a restricted space can be found by
someone who may not read it. A debate is found by its title, text and
conclusions (replies are read on its page)."""

from django.utils.translation import gettext_lazy as _

from teixit.search.documents import SearchDoc

from .models import Debate, Space

TYPE = "debate"
TYPE_LABEL = _("Debates")
MODELS = [Debate]


def document_for(debate: Debate) -> SearchDoc | None:
    if debate.space.visibility != Space.Visibility.PUBLIC:
        return None
    parts = [debate.body, debate.conclusions, debate.target_title, debate.space.name]
    return SearchDoc(
        type=TYPE,
        object_id=debate.pk,
        title=debate.title,
        body="\n".join(part for part in parts if part),
        url=debate.get_absolute_url(),
        visibility="public",
        themes=[debate.space.theme.code] if debate.space.theme_id else [],
        date=debate.created_at.date() if debate.created_at else None,
    )


def all_objects():
    return (
        Debate.objects.filter(space__visibility=Space.Visibility.PUBLIC)
        .select_related("space__theme")
        .iterator(chunk_size=1000)
    )
