"""Experts in the one search (see teixit.search.documents). Only people who
consent are findable, for members only, and never with contact details."""

from teixit.search.documents import SearchDoc, territory_code_of

from .models import ExpertProfile

TYPE = "expert"
MODELS = [ExpertProfile]


def document_for(obj: ExpertProfile) -> SearchDoc | None:
    if not obj.listed or not obj.user.is_active:
        return None
    areas = list(obj.areas.all())
    parts = [obj.headline, obj.bio, str(obj.member or "")]
    parts += [_labels(a) for a in areas]
    return SearchDoc(
        type=TYPE,
        object_id=obj.pk,
        title=obj.user.name or obj.headline,
        body="\n".join(p for p in parts if p),
        url=obj.get_absolute_url(),
        visibility="members",
        language=(obj.languages[0] if obj.languages else "ca"),
        themes=[a.code for a in areas],
        territory_code=territory_code_of(obj.member),
    )


def all_objects():
    return ExpertProfile.objects.listed().select_related(
        "user", "member", "member__municipality"
    )


def _labels(concept) -> str:
    """The concept's labels in every language, each once."""
    labels = [concept.label_ca, concept.label_es, concept.label_en]
    return " ".join(dict.fromkeys(label for label in labels if label))
