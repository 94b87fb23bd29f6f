"""Demo funding lines for `make run`: a dozen lines of several administrations
with exactly two overlaps (Generalitat × Ajuntament de Terrassa on
entrepreneurship, Diputació de Girona × Ajuntament de Girona on social
inclusion). Skipped when there are lines already."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from teixit.funding.models import THEME_SCHEME, FundingLine
from teixit.funding.services import funding_line_save
from teixit.territories.models import Comarca, Municipality, Province
from teixit.vocabulary.models import Concept, ConceptScheme

# Codes of the default vocabulary (teixit/vocabulary/data): found when it has
# been imported, created otherwise.
THEMES = {
    "emprenedoria": ("Emprenedoria", "Emprendimiento", "Entrepreneurship"),
    "formacio": ("Formació", "Formación", "Training"),
    "ocupacio": ("Ocupació", "Empleo", "Employment"),
    "desenvolupament-local": ("Desenvolupament local", "Desarrollo local", "Local development"),
    "mercat-social": ("Mercat social", "Mercado social", "Social market"),
    "agroecologia": ("Agroecologia", "Agroecología", "Agroecology"),
    "inclusio-social": ("Inclusió social", "Inclusión social", "Social inclusion"),
    "transicio-energetica": ("Transició energètica", "Transición energética", "Energy transition"),
    "consum-responsable": ("Consum responsable", "Consumo responsable", "Responsible consumption"),
    "habitatge-cooperatiu": ("Habitatge cooperatiu", "Vivienda cooperativa", "Cooperative housing"),
    "financament": ("Finançament", "Financiación", "Funding"),
    "economia-feminista": ("Economia feminista", "Economía feminista", "Feminist economics"),
}  # fmt: skip
PROVINCES = {"08": "Barcelona", "17": "Girona", "25": "Lleida", "43": "Tarragona"}
COMARQUES = {
    "13": ("Barcelonès", "08"), "24": ("Osona", "08"), "40": ("Vallès Occidental", "08"),
    "20": ("Gironès", "17"), "33": ("Segrià", "25"), "08": ("Baix Camp", "43"),
}  # fmt: skip
MUNICIPALITIES = {
    "080193": ("Barcelona", "13"), "081878": ("Sabadell", "40"), "082798": ("Terrassa", "40"),
    "170792": ("Girona", "20"), "251207": ("Lleida", "33"), "431233": ("Reus", "08"),
}  # fmt: skip

DEMO = [
    {
        "title": "Programa de foment de l'economia social i cooperativa",
        "level": "generalitat", "administration": "Generalitat de Catalunya",
        "programme": "Aracoop", "themes": ["emprenedoria", "formacio"],
        "beneficiaries": ["cooperatives", "labour_companies"], "whole_catalonia": True,
        "opens_on": date(2025, 11, 3), "closes_on": date(2025, 12, 15),
        "start": date(2026, 1, 1), "end": date(2026, 12, 31),
        "budget": "3500000", "max": "60000",
        "purpose": "Acompanyament, formació i creació de cooperatives i societats laborals.",
    },
    {
        "title": "Suport a projectes locals d'economia social",
        "level": "province", "administration": "Diputació de Barcelona",
        "programme": "Xarxa de Governs Locals", "themes": ["desenvolupament-local", "ocupacio"],
        "beneficiaries": ["municipalities"], "provinces": ["08"],
        "start": date(2026, 3, 1), "end": date(2027, 2, 28), "budget": "1200000", "max": "40000",
        "purpose": "Recursos tècnics i econòmics perquè els ajuntaments impulsin l'ESS.",
    },
    {
        "title": "Subvencions a projectes d'economia social i solidària",
        "level": "municipality", "administration": "Ajuntament de Sabadell",
        "themes": ["mercat-social", "ocupacio"], "beneficiaries": ["cooperatives", "associations"],
        "municipalities": ["081878"], "start": date(2026, 2, 1), "end": date(2026, 12, 31),
        "budget": "150000", "max": "12000",
    },
    {
        "title": "Convocatòria d'emprenedoria cooperativa",
        "level": "municipality", "administration": "Ajuntament de Terrassa",
        "themes": ["emprenedoria"], "beneficiaries": ["cooperatives", "informal_groups"],
        "municipalities": ["082798"], "opens_on": date(2026, 2, 2), "closes_on": date(2026, 3, 13),
        "start": date(2026, 4, 1), "end": date(2026, 11, 30), "budget": "80000", "max": "8000",
    },
    {
        "title": "Osona Coopera: transició agroecològica",
        "level": "comarca", "administration": "Consell Comarcal d'Osona",
        "themes": ["agroecologia"], "beneficiaries": ["cooperatives"], "comarques": ["24"],
        "start": date(2026, 1, 15), "end": date(2026, 10, 15), "budget": "60000", "max": "6000",
    },
    {
        "title": "Subvencions per a la inserció sociolaboral",
        "level": "province", "administration": "Diputació de Girona",
        "themes": ["inclusio-social"], "beneficiaries": ["insertion", "associations"],
        "provinces": ["17"], "start": date(2026, 1, 1), "end": date(2026, 12, 31),
        "budget": "900000", "max": "30000",
    },
    {
        "title": "Ajuts a la inserció laboral de persones en risc d'exclusió",
        "level": "municipality", "administration": "Ajuntament de Girona",
        "themes": ["inclusio-social", "ocupacio"], "beneficiaries": ["insertion"],
        "municipalities": ["170792"], "start": date(2026, 6, 1), "end": date(2027, 5, 31),
        "budget": "120000", "max": "15000",
    },
    {
        "title": "Ajuts a l'economia social per a la transició energètica",
        "level": "state", "administration": "Ministeri de Treball i Economia Social",
        "programme": "Pla de recuperació", "themes": ["transicio-energetica"],
        "beneficiaries": ["cooperatives", "labour_companies"], "whole_catalonia": True,
        "start": date(2026, 1, 1), "end": date(2027, 12, 31), "budget": "20000000", "max": "250000",
    },
    {
        "title": "FSE+: itineraris d'inclusió sociolaboral",
        "level": "eu", "administration": "Unió Europea (FSE+)",
        "themes": ["inclusio-social"], "beneficiaries": ["foundations"], "whole_catalonia": True,
        "start": date(2026, 1, 1), "end": date(2027, 12, 31), "budget": "5000000", "max": "400000",
    },
    {
        "title": "Mercat social i consum responsable",
        "level": "municipality", "administration": "Ajuntament de Reus",
        "themes": ["consum-responsable", "mercat-social"], "beneficiaries": ["associations"],
        "municipalities": ["431233"], "start": date(2026, 1, 1), "end": date(2026, 12, 31),
        "budget": "40000", "max": "5000",
    },
    {
        "title": "Habitatge cooperatiu en cessió d'ús",
        "level": "municipality", "administration": "Ajuntament de Lleida",
        "themes": ["habitatge-cooperatiu"], "beneficiaries": ["cooperatives"],
        "municipalities": ["251207"], "start": date(2026, 1, 1), "end": date(2028, 12, 31),
        "budget": "500000", "max": "100000",
    },
    {
        "title": "Finançament de projectes singulars d'economia social",
        "level": "generalitat", "administration": "Generalitat de Catalunya",
        "themes": ["financament"], "beneficiaries": ["cooperatives", "associations", "foundations"],
        "whole_catalonia": True, "start": date(2025, 1, 1), "end": date(2025, 12, 31),
        "budget": "4000000", "max": "150000",
    },
    {
        "title": "Enfortiment de l'economia feminista als barris",
        "level": "municipality", "administration": "Ajuntament de Barcelona",
        "themes": ["economia-feminista"], "beneficiaries": ["associations", "informal_groups"],
        "municipalities": ["080193"], "start": date(2026, 3, 1), "end": date(2026, 12, 31),
        "budget": "250000", "max": "20000",
    },
]  # fmt: skip


def _themes() -> dict[str, Concept]:
    scheme, _ = ConceptScheme.objects.get_or_create(
        code=THEME_SCHEME,
        defaults={"label_ca": "Temes", "label_es": "Temas", "label_en": "Themes"},
    )
    found = {}
    for code, (ca, es, en) in THEMES.items():
        found[code], _ = Concept.objects.get_or_create(
            scheme=scheme,
            code=code,
            defaults={"label_ca": ca, "label_es": es, "label_en": en},
        )
    return found


def _province(code: str) -> Province:
    province, _ = Province.objects.get_or_create(
        code=code, defaults={"name": PROVINCES[code]}
    )
    return province


def _comarca(code: str) -> Comarca:
    # Territories not imported yet: a minimal reference row, completed later
    # by `import_territories` (as the demo network does).
    name, province = COMARQUES[code]
    comarca, _ = Comarca.objects.get_or_create(
        code=code, defaults={"name": name, "province": _province(province)}
    )
    return comarca


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        name, comarca = MUNICIPALITIES[code]
        comarca = _comarca(comarca)
        municipality = Municipality.objects.create(
            code=code, name=name, comarca=comarca, province=comarca.province
        )
    return municipality


class Command(BaseCommand):
    help = "Create demo funding lines (skipped when there are lines already)."

    @transaction.atomic
    def handle(self, *args, **options):
        if FundingLine.objects.exists():
            return
        # Registered by the demo network's administrator (demo_network_load).
        author = (
            get_user_model()
            .objects.filter(is_superuser=True, is_active=True)
            .order_by("pk")
            .first()
        )
        if author is None:
            self.stdout.write("No administrator yet: demo funding lines skipped.")
            return
        for code in COMARQUES:
            _comarca(code)
        themes = _themes()
        for item in DEMO:
            line = FundingLine(
                title=item["title"],
                level=item["level"],
                administration=item["administration"],
                programme=item.get("programme", ""),
                purpose=item.get("purpose", ""),
                whole_catalonia=item.get("whole_catalonia", False),
                opens_on=item.get("opens_on"),
                closes_on=item.get("closes_on"),
                execution_start=item["start"],
                execution_end=item["end"],
                budget=Decimal(item["budget"]),
                max_per_beneficiary=Decimal(item["max"]),
            )
            funding_line_save(
                line=line,
                themes=[themes[code] for code in item["themes"]],
                beneficiaries=item["beneficiaries"],
                provinces=[_province(c) for c in item.get("provinces", [])],
                comarques=[_comarca(c) for c in item.get("comarques", [])],
                municipalities=[
                    _municipality(c) for c in item.get("municipalities", [])
                ],
                by=author,
            )
