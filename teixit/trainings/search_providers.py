"""Trainings in the one search (see teixit.search.documents)."""

from teixit.search.documents import SearchDoc

from .models import Training

TYPE = "training"
MODELS = [Training]


def document_for(obj: Training) -> SearchDoc | None:
    # Drafts and cancelled trainings are not findable.
    if obj.status != Training.Status.PUBLISHED:
        return None
    first = obj.sessions.order_by("starts_at").first()
    member = obj.member
    parts = [obj.description, obj.organiser, obj.place, obj.audience]
    parts += [_labels(t) for t in obj.themes.all()]
    return SearchDoc(
        type=TYPE,
        object_id=obj.pk,
        title=obj.title,
        body="\n".join(p for p in parts if p),
        url=obj.get_absolute_url(),
        visibility="public",
        language=obj.language if obj.language != "other" else "",
        themes=[t.code for t in obj.themes.all()],
        territory_code=(
            member.municipality.code if member and member.municipality_id else ""
        ),
        date=first.starts_at.date() if first else None,
    )


def all_objects():
    return (
        Training.objects.published()
        .select_related("member", "member__municipality")
        .prefetch_related("themes")
    )


def _labels(concept) -> str:
    """The concept's labels in every language, each once."""
    labels = [concept.label_ca, concept.label_es, concept.label_en]
    return " ".join(dict.fromkeys(label for label in labels if label))
