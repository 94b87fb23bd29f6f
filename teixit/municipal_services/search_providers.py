"""Municipal SSE services in the one search (see teixit.search.documents)."""

from teixit.search.documents import SearchDoc, territory_code_of

from .models import MunicipalService

TYPE = "service"
MODELS = [MunicipalService]


def document_for(obj: MunicipalService) -> SearchDoc | None:
    kind = obj.service_type
    parts = [
        obj.description,
        str(obj.member),
        _labels(kind),
        obj.get_modality_display(),
        obj.partner_bodies,
    ]
    return SearchDoc(
        type=TYPE,
        object_id=obj.pk,
        title=f"{obj.member} — {obj.name or kind.label}",
        body="\n".join(str(p) for p in parts if p),
        url=obj.get_absolute_url(),
        visibility="public",
        language="ca",
        themes=[kind.code],
        territory_code=territory_code_of(obj.member),
    )


def all_objects():
    return MunicipalService.objects.select_related(
        "member", "member__municipality", "service_type"
    )


def _labels(concept) -> str:
    """The concept's labels in every language, each once."""
    labels = [concept.label_ca, concept.label_es, concept.label_en]
    return " ".join(dict.fromkeys(label for label in labels if label))
