"""Demo needs for `make run`: three needs of the demo members' territories,
in sectors the demo entities cover, so their pages show SSE suppliers on the
map. Idempotent: a need whose title exists is left as it is."""

from django.core.management.base import BaseCommand

from teixit.needs.models import Need
from teixit.needs.services import need_create, need_set_status
from teixit.vocabulary.schemes import SECTORS, THEMES

DEMO = [
    {
        "title": "Menjadors escolars amb producte de proximitat",
        "description": (
            "Les escoles del Vallès Occidental no troben proveïdores de menjador "
            "amb producte local i ecològic que responguin als plecs municipals."
        ),
        "themes": ["agroecologia", "contractacio-publica"],
        "sectors": ["alimentacio", "agricultura-ramaderia"],
        "municipalities": ["081878", "082798"],  # Sabadell, Terrassa
        "member": "sabadell",
        "origin": Need.Origin.DIAGNOSIS,
        "population_affected": 14000,
        "population_description": "Alumnat de primària dels dos municipis",
        "status": Need.Status.CONFIRMED,
    },
    {
        "title": "Habitatge assequible per a gent jove",
        "description": (
            "Al Barcelonès Nord hi ha molta demanda d'habitatge de lloguer "
            "assequible i poques cooperatives d'habitatge en cessió d'ús."
        ),
        "themes": ["habitatge-cooperatiu"],
        "sectors": ["habitatge"],
        "comarques": ["13"],
        "member": "badalona",
        "origin": Need.Origin.EVENT,
        "population_affected": 3500,
        "population_description": "Joves de 18 a 35 anys",
        "status": Need.Status.ANSWERING,
    },
    {
        "title": "Servei de cures a domicili a la gent gran",
        "description": (
            "La gent gran que viu sola a Manresa necessita serveis de cures "
            "a domicili amb condicions de treball dignes."
        ),
        "themes": ["economia-feminista", "inclusio-social"],
        "sectors": ["cures-salut"],
        "municipalities": ["081136"],  # Manresa
        "member": "manresa",
        "origin": Need.Origin.MEMBER,
        "population_affected": 2100,
        "population_description": "Persones de més de 75 anys que viuen soles",
        "status": Need.Status.RAISED,
    },
]


class Command(BaseCommand):
    help = "Create three demo needs (idempotent)."

    def handle(self, *args, **options):
        from teixit.network.models import Member
        from teixit.territories.models import Comarca, Municipality
        from teixit.vocabulary.models import Concept

        created = 0
        for item in DEMO:
            if Need.objects.filter(title=item["title"]).exists():
                continue
            municipalities = list(
                Municipality.objects.filter(code__in=item.get("municipalities", []))
            )
            comarques = list(Comarca.objects.filter(code__in=item.get("comarques", [])))
            if not municipalities and not comarques:
                continue
            data = {
                "title": item["title"],
                "description": item["description"],
                "origin": item["origin"],
                "population_affected": item["population_affected"],
                "population_description": item["population_description"],
                "member": Member.objects.filter(slug=item["member"]).first(),
                "themes": list(
                    Concept.objects.filter(scheme__code=THEMES, code__in=item["themes"])
                ),
                "sectors": list(
                    Concept.objects.filter(
                        scheme__code=SECTORS, code__in=item["sectors"]
                    )
                ),
                "municipalities": municipalities,
                "comarques": comarques,
            }
            need = need_create(data=data)
            if item["status"] in (Need.Status.CONFIRMED, Need.Status.ANSWERING):
                need_set_status(need=need, status=Need.Status.CONFIRMED)
            if item["status"] == Need.Status.ANSWERING:
                need_set_status(need=need, status=Need.Status.ANSWERING)
            created += 1
        self.stdout.write(f"    {created} demo needs created")
