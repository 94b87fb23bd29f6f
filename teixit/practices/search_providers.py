"""Practices in the one search (contract: teixit/search/documents.py)."""

from teixit.search.documents import SearchDoc, territory_code_of

from .models import Practice

TYPE = "practice"
MODELS = [Practice]


def document_for(practice: Practice) -> SearchDoc | None:
    """Published practices only; members-only ones are found by members."""
    if not practice.is_published:
        return None
    themes = list(practice.themes.all())
    parts = [
        practice.summary,
        practice.context,
        practice.actions,
        practice.resources,
        practice.results,
        practice.enabling_factors,
        practice.difficulties,
        practice.lessons,
        practice.transferability,
        str(practice.member) if practice.member_id else "",
        practice.place,
        practice.country,
        " ".join(f"{c.label_ca} {c.label_es} {c.label_en}" for c in themes),
    ]
    return SearchDoc(
        type=TYPE,
        object_id=practice.pk,
        title=practice.title,
        body="\n".join(part for part in parts if part),
        url=practice.get_absolute_url(),
        visibility="public"
        if practice.visibility == Practice.Visibility.PUBLIC
        else "members",
        language=practice.language,
        themes=[c.code for c in themes],
        territory_code=territory_code_of(practice.member),
        outcome=practice.outcome,
        date=(
            practice.published_at.date() if practice.published_at else practice.start_on
        ),
    )


def all_objects():
    return (
        Practice.objects.published()
        .select_related("member__municipality")
        .prefetch_related("themes")
        .iterator(chunk_size=1000)
    )
