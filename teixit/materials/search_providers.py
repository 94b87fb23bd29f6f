"""Materials in the one search (contract: teixit/search/documents.py)."""

from teixit.search.documents import SearchDoc, territory_code_of

from .models import Material, Visibility

TYPE = "material"
MODELS = [Material]


def document_for(material: Material) -> SearchDoc | None:
    if not material.is_published:
        return None
    themes = list(material.themes.all())
    kind = material.kind
    parts = [
        material.description,
        material.authors,
        str(material.author_member) if material.author_member_id else "",
        f"{kind.label_ca} {kind.label_es} {kind.label_en}" if kind else "",
        " ".join(f"{c.label_ca} {c.label_es} {c.label_en}" for c in themes),
    ]
    return SearchDoc(
        type=TYPE,
        object_id=material.pk,
        title=material.title,
        body="\n".join(part for part in parts if part),
        url=material.get_absolute_url(),
        visibility="public" if material.visibility == Visibility.PUBLIC else "members",
        language=material.language,
        themes=[c.code for c in themes],
        territory_code=territory_code_of(material.author_member),
        date=material.published_on or material.created_at.date(),
    )


def all_objects():
    return (
        Material.objects.published()
        .select_related("kind", "author_member__municipality")
        .prefetch_related("themes")
        .iterator(chunk_size=1000)
    )
