"""Demo data shared by the knowledge-bank demo commands (trainings, experts,
competences, municipal services): a few theme concepts when the vocabulary has
none yet."""

from teixit.vocabulary.models import Concept, ConceptScheme
from teixit.vocabulary.schemes import THEMES

# Codes of the default vocabulary (teixit/vocabulary/data), used when the
# vocabulary has not been imported.
DEMO_THEMES = [
    ("mercat-social", "Mercat social", "Mercado social", "Social market"),
    (
        "contractacio-publica",
        "Contractació pública responsable",
        "Contratación pública responsable",
        "Responsible public procurement",
    ),
    ("emprenedoria", "Emprenedoria", "Emprendimiento", "Entrepreneurship"),
    ("financament", "Finançament", "Financiación", "Funding"),
    ("comunicacio", "Comunicació", "Comunicación", "Communication"),
    (
        "intercooperacio-xarxes",
        "Intercooperació i xarxes",
        "Intercooperación y redes",
        "Intercooperation and networks",
    ),
]


def demo_themes() -> list[Concept]:
    """The concepts of scheme `themes`; creates a few when the scheme is empty."""
    scheme, _ = ConceptScheme.objects.get_or_create(
        code=THEMES,
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
