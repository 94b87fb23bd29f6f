"""Demo data shared by the knowledge-bank demo commands (trainings, experts,
competences, municipal services): a few theme concepts when the vocabulary has
none yet."""

from teixit.vocabulary.models import Concept, ConceptScheme

DEMO_THEMES = [
    ("cooperativism", "Cooperativisme", "Cooperativismo", "Cooperativism"),
    (
        "public-procurement",
        "Compra pública responsable",
        "Compra pública responsable",
        "Responsible public procurement",
    ),
    (
        "community-economy",
        "Economia comunitària",
        "Economía comunitaria",
        "Community economy",
    ),
    (
        "entrepreneurship",
        "Emprenedoria col·lectiva",
        "Emprendimiento colectivo",
        "Collective entrepreneurship",
    ),
    ("ethical-finance", "Finances ètiques", "Finanzas éticas", "Ethical finance"),
]


def demo_themes() -> list[Concept]:
    """The concepts of scheme `themes`; creates a few when the scheme is empty."""
    scheme, _ = ConceptScheme.objects.get_or_create(
        code="themes",
        defaults={"label_ca": "Temes", "label_es": "Temas", "label_en": "Themes"},
    )
    concepts = list(scheme.concepts.order_by("order", "code"))
    if concepts:
        return concepts
    for order, (code, ca, es, en) in enumerate(DEMO_THEMES):
        Concept.objects.get_or_create(
            scheme=scheme,
            code=code,
            defaults={"label_ca": ca, "label_es": es, "label_en": en, "order": order},
        )
    return list(scheme.concepts.order_by("order", "code"))
