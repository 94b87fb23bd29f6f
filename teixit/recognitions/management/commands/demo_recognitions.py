"""Demo recognitions for `make run`: five grants, awards and labels for the
SSE, one label held by a few demo entities. Idempotent: a recognition whose
code exists is left as it is."""

import datetime

from django.core.management.base import BaseCommand

from teixit.recognitions.models import Recognition
from teixit.recognitions.services import entity_label_grant
from teixit.vocabulary.schemes import THEMES


def _next(month: int, day: int) -> datetime.date:
    today = datetime.date.today()
    date = datetime.date(today.year, month, day)
    return date if date >= today else datetime.date(today.year + 1, month, day)


DEMO = [
    {
        "code": "segell-balanc-social",
        "kind": Recognition.Kind.LABEL,
        "name": "Segell de Balanç Social",
        "granted_by": "Xarxa d'Economia Solidària de Catalunya (XES)",
        "description": "Reconeix les entitats que han fet el balanç social de l'any.",
        "requirements": "- Fer el balanç social anual.\n- Publicar-ne els resultats.",
        "for_entities": True,
        "deadline": (6, 30),
        "themes": ["mercat-social"],
        "link": "https://xes.cat",
    },
    {
        "code": "premis-cooperacio",
        "kind": Recognition.Kind.AWARD,
        "name": "Premis Cooperació",
        "granted_by": "Confederació de Cooperatives de Catalunya",
        "description": "Premis a projectes cooperatius innovadors.",
        "for_entities": True,
        "deadline": (10, 15),
        "themes": ["emprenedoria"],
    },
    {
        "code": "ajuts-aracoop",
        "kind": Recognition.Kind.GRANT,
        "name": "Ajuts del programa Aracoop",
        "granted_by": "Generalitat de Catalunya",
        "description": "Ajuts per a projectes de foment de l'economia social.",
        "for_entities": True,
        "for_municipalities": True,
        "deadline": (4, 30),
        "themes": ["financament"],
    },
    {
        "code": "premi-municipi-ess",
        "kind": Recognition.Kind.AWARD,
        "name": "Premi al municipi impulsor de l'ESS",
        "granted_by": "Diputació de Barcelona",
        "description": "Reconeix les polítiques municipals de foment de l'ESS.",
        "for_entities": False,
        "for_municipalities": True,
        "deadline": (11, 30),
        "themes": ["politiques-publiques"],
    },
    {
        "code": "segell-comerc-just",
        "kind": Recognition.Kind.LABEL,
        "name": "Segell de Comerç Just",
        "granted_by": "Coordinadora Estatal de Comerç Just",
        "description": "Garanteix criteris de comerç just en els productes.",
        "for_entities": True,
        "deadline": None,
        "themes": ["consum-responsable"],
    },
]


class Command(BaseCommand):
    help = "Create five demo grants, awards and labels (idempotent)."

    def handle(self, *args, **options):
        from teixit.entities.models import Entity
        from teixit.vocabulary.models import Concept

        created = 0
        for item in DEMO:
            if Recognition.objects.filter(code=item["code"]).exists():
                continue
            deadline = _next(*item["deadline"]) if item["deadline"] else None
            recognition = Recognition.objects.create(
                code=item["code"],
                kind=item["kind"],
                name=item["name"],
                granted_by=item["granted_by"],
                description=item["description"],
                requirements=item.get("requirements", ""),
                for_entities=item.get("for_entities", True),
                for_municipalities=item.get("for_municipalities", False),
                deadline=deadline,
                link=item.get("link", ""),
            )
            recognition.themes.set(
                Concept.objects.filter(scheme__code=THEMES, code__in=item["themes"])
            )
            created += 1
            if recognition.code == "segell-balanc-social":
                for entity in Entity.objects.published().order_by("pk")[:4]:
                    entity_label_grant(
                        recognition=recognition,
                        entity=entity,
                        year=datetime.date.today().year - 1,
                    )
        self.stdout.write(f"    {created} demo recognitions created")
