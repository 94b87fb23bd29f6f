"""Demo municipal SSE services for `make run`; idempotent."""

from decimal import Decimal

from django.core.management.base import BaseCommand

from teixit.municipal_services.models import SERVICE_SCHEME, MunicipalService
from teixit.network.models import Member
from teixit.vocabulary.models import Concept, ConceptScheme

# Codes of the default vocabulary (teixit/vocabulary/data): found when it
# has been imported, created otherwise.
SERVICE_TYPES = [
    ("assessorament", "Assessorament", "Asesoramiento", "Advice"),
    ("incubacio", "Incubació", "Incubación", "Incubation"),
    ("formacio", "Formació", "Formación", "Training"),
    ("financament", "Finançament", "Financiación", "Funding"),
    ("espais", "Espais", "Espacios", "Spaces"),
    (
        "suport-contractacio",
        "Suport a la contractació",
        "Apoyo a la contratación",
        "Procurement support",
    ),
    ("difusio", "Difusió", "Difusión", "Awareness"),
]

DEMO = [
    (
        "barcelona",
        "assessorament",
        "direct",
        "Punt d'assessorament cooperatiu",
        Decimal("180000"),
        Decimal("4.5"),
        2016,
    ),
    (
        "barcelona",
        "financament",
        "direct",
        "Subvencions a l'ESS",
        Decimal("1200000"),
        Decimal("1.5"),
        2017,
    ),
    (
        "sabadell",
        "assessorament",
        "contracted",
        "Servei d'acompanyament a projectes",
        Decimal("45000"),
        Decimal("1"),
        2018,
    ),
    (
        "badalona",
        "incubacio",
        "shared",
        "Viver d'empreses socials",
        Decimal("60000"),
        Decimal("2"),
        2019,
    ),
]


def ensure_service_types() -> dict[str, Concept]:
    scheme, _ = ConceptScheme.objects.get_or_create(
        code=SERVICE_SCHEME,
        defaults={
            "label_ca": "Serveis municipals d'ESS",
            "label_es": "Servicios municipales de ESS",
            "label_en": "Municipal SSE services",
        },
    )
    for order, (code, ca, es, en) in enumerate(SERVICE_TYPES):
        Concept.objects.get_or_create(
            scheme=scheme,
            code=code,
            defaults={"label_ca": ca, "label_es": es, "label_en": en, "order": order},
        )
    return {c.code: c for c in scheme.concepts.all()}


class Command(BaseCommand):
    help = "Create the service types and a few demo services (skipped when services exist)."

    def handle(self, *args, **options):
        types = ensure_service_types()
        if MunicipalService.objects.exists():
            return
        for slug, kind, modality, name, budget, staff, since in DEMO:
            member = Member.objects.filter(slug=slug).first()
            if member is None:
                continue
            service = MunicipalService(
                member=member, service_type=types[kind], modality=modality, name=name,
                budget=budget, staff_fte=staff, since_year=since,
            )  # fmt: skip
            service.full_clean()
            service.save()
