"""Demo SSE entities for `make run`: a few dozen published entities in the
municipalities of the demo network's members (idempotent; skips when present)."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from teixit.entities.models import Entity
from teixit.entities.services import entity_create
from teixit.vocabulary.schemes import LEGAL_FORMS, SECTORS, SSE_PRINCIPLES

DEMO_SOURCE = "demo"
KINDS = [
    ("Cooperativa de consum", "cooperativa-consum", ["alimentacio"]),
    ("Ateneu", "associacio", ["cultura-lleure", "educacio"]),
    ("Habitatge cooperatiu", "cooperativa-habitatge", ["habitatge"]),
    ("Energia veïnal", "cooperativa", ["energia"]),
    (
        "Horts comunitaris",
        "col-lectiu-informal",
        ["agricultura-ramaderia", "alimentacio"],
    ),
    (
        "Taller d'inserció",
        "empresa-insercio",
        ["reciclatge-residus", "manufactura-artesania"],
    ),
    ("Cures en xarxa", "cooperativa-treball-associat", ["cures-salut"]),
    ("Fundació", "fundacio", ["educacio"]),
]
NAMES = [
    "La Teixidora",
    "El Rebost",
    "L'Esparver",
    "Som Veïnes",
    "La Clau",
    "Arrels",
    "El Brot",
    "La Troca",
    "Fil a l'Agulla",
]


class Command(BaseCommand):
    help = "Create demo SSE entities in the demo members' municipalities (idempotent)."

    def handle(self, *args, **options):
        from teixit.network.models import Member
        from teixit.vocabulary.models import Concept

        if Entity.objects.filter(source=DEMO_SOURCE).exists():
            self.stdout.write("    demo entities already present")
            return
        municipalities = [
            m.municipality
            for m in Member.objects.select_related("municipality").filter(
                municipality__isnull=False
            )
        ]
        if (
            not municipalities
            or not Concept.objects.filter(scheme__code=SECTORS).exists()
        ):
            self.stdout.write(
                "    demo entities skipped: no member municipalities or no vocabulary"
            )
            return
        concepts = {
            (c.scheme.code, c.code): c
            for c in Concept.objects.filter(
                scheme__code__in=[LEGAL_FORMS, SECTORS, SSE_PRINCIPLES]
            ).select_related("scheme")
        }
        criteria = [
            c for (scheme, _code), c in concepts.items() if scheme == SSE_PRINCIPLES
        ]
        rng = random.Random(2017)
        created = 0
        with transaction.atomic():
            for index in range(36):
                municipality = municipalities[index % len(municipalities)]
                label, legal_form, sectors = KINDS[index % len(KINDS)]
                name = f"{label} {NAMES[index % len(NAMES)]} {municipality.name}"[:300]
                precise = index % 3 != 0 and municipality.latitude is not None
                entity = entity_create(
                    name=name,
                    municipality=municipality,
                    legal_form=concepts.get((LEGAL_FORMS, legal_form)),
                    sectors=[
                        concepts[(SECTORS, s)]
                        for s in sectors
                        if (SECTORS, s) in concepts
                    ],
                    criteria=rng.sample(criteria, k=min(3, len(criteria))),
                    description="Entitat de demostració de l'economia social i solidària.",
                    latitude=municipality.latitude + rng.uniform(-0.01, 0.01)
                    if precise
                    else None,
                    longitude=municipality.longitude + rng.uniform(-0.01, 0.01)
                    if precise
                    else None,
                    website=f"https://example.org/{index}",
                    year_founded=1980 + rng.randint(0, 40),
                    workers_total=(total := rng.randint(1, 40)),
                    workers_women=rng.randint(0, total),
                )
                Entity.objects.filter(pk=entity.pk).update(
                    source=DEMO_SOURCE, source_key=str(index)
                )
                created += 1
            for index in range(3):  # proposals waiting for a technician
                from teixit.entities.services import entity_propose

                entity = entity_propose(
                    name=f"Proposta {NAMES[index]}", municipality=municipalities[index % len(municipalities)],
                    proposer_name="Veïna", proposer_email="veina@example.org",
                )  # fmt: skip
                Entity.objects.filter(pk=entity.pk).update(
                    source=DEMO_SOURCE, source_key=f"p{index}"
                )
        self.stdout.write(f"    {created} demo entities and 3 proposals")
