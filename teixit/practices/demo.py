"""Demo practices and materials for `make run` (idempotent)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from teixit.vocabulary.models import Concept, ConceptScheme
from teixit.vocabulary.schemes import MATERIAL_TYPES, THEMES

from .models import Practice

PRACTICES = [
    {
        "title": "Moneda local per al comerç de proximitat",
        "summary": "Una moneda local impulsada per l'ajuntament que no va arribar a circular prou.",
        "outcome": "failure",
        "context": "Municipi mitjà amb un teixit comercial afeblit i diverses cooperatives de consum.",
        "actions": "Es va crear una moneda complementària amb un conveni amb 40 comerços i una campanya.",
        "results": "Només un 8 % dels comerços la van acceptar de manera continuada; es va aturar al cap de 18 mesos.",
        "difficulties": "Poca implicació del comerç i un sistema de canvi complicat.",
        "lessons": "Les lliçons: implicar les associacions de comerciants des del disseny, "
        "digitalitzar el canvi i començar amb un circuit petit de cooperatives.",
        "transferability": "Útil per a municipis que estudiïn monedes locals: el que cal evitar.",
        "scope": "local",
        "visibility": "public",
        "themes": ["consum-responsable", "desenvolupament-local"],
        "start_on": datetime.date(2018, 3, 1),
        "end_on": datetime.date(2019, 9, 30),
    },
    {
        "title": "Clàusules socials a la contractació pública municipal",
        "summary": "Reserva de contractes per a empreses d'inserció i cooperatives d'iniciativa social.",
        "outcome": "success",
        "actions": "Instrucció d'alcaldia, formació del personal de contractació i seguiment anual.",
        "results": "El 6 % de la contractació menor es va adjudicar a entitats de l'ESS el primer any.",
        "lessons": "La formació del personal tècnic va ser la clau.",
        "scope": "local",
        "visibility": "public",
        "themes": ["contractacio-publica"],
        "start_on": datetime.date(2017, 1, 1),
    },
    {
        "title": "Viver d'empreses cooperatives compartit entre municipis",
        "summary": "Tres municipis comparteixen un espai i un servei d'acompanyament.",
        "outcome": "partial",
        "results": "Dotze projectes incubats; la governança compartida va costar més del previst.",
        "difficulties": "Acords entre ajuntaments i pressupostos anuals diferents.",
        "lessons": "Un conveni plurianual evita renegociar cada any.",
        "scope": "local",
        "visibility": "members",
        "themes": ["emprenedoria", "intercooperacio-xarxes"],
    },
]

MATERIALS = [
    {
        "title": "Guia de contractació pública responsable",
        "description": "Com incloure clàusules socials i ambientals en els plecs municipals.",
        "kind": "guia",
        "url": "https://example.org/guia-contractacio",
        "visibility": "public",
        "themes": ["contractacio-publica"],
    },
    {
        "title": "Vídeo: què és l'economia social i solidària",
        "description": "Material divulgatiu de cinc minuts per a sessions informatives.",
        "kind": "video",
        "url": "https://example.org/video-ess",
        "visibility": "public",
        "themes": ["comunicacio"],
    },
]


def _concept(scheme: str, code: str) -> Concept:
    """The vocabulary concept (imported by `import_vocabulary`); a minimal one
    is created when the vocabulary is not loaded."""
    scheme_obj, _ = ConceptScheme.objects.get_or_create(
        code=scheme, defaults={"label_ca": scheme}
    )
    concept, _ = Concept.objects.get_or_create(
        scheme=scheme_obj,
        code=code,
        defaults={"label_ca": code.replace("-", " ").capitalize()},
    )
    return concept


@transaction.atomic
def demo_knowledge_bank_load() -> dict:
    from teixit.materials.models import Material
    from teixit.network.models import Member

    created = {"practices": 0, "materials": 0}
    User = get_user_model()
    author = (
        User.objects.filter(technician_posts__isnull=False).first()
        or User.objects.filter(is_superuser=True).first()
    )
    member = (
        author.technician_posts.first().member
        if author and author.technician_posts.exists()
        else Member.objects.first()
    )
    for item in PRACTICES:
        if Practice.objects.filter(title=item["title"]).exists():
            continue
        data = {k: v for k, v in item.items() if k != "themes"}
        practice = Practice.objects.create(
            **data,
            member=member if item["scope"] == "local" else None,
            language="ca",
            author=author,
            status=Practice.Status.PUBLISHED,
            published_at=timezone.now(),
            contact_name=getattr(author, "name", ""),
        )
        practice.themes.set([_concept(THEMES, code) for code in item["themes"]])
        created["practices"] += 1
    for item in MATERIALS:
        if Material.objects.filter(title=item["title"]).exists():
            continue
        data = {k: v for k, v in item.items() if k not in ("themes", "kind")}
        material = Material.objects.create(
            **data,
            kind=_concept(MATERIAL_TYPES, item["kind"]),
            author_member=member,
            created_by=author,
            status=Material.Status.PUBLISHED,
        )
        material.themes.set([_concept(THEMES, code) for code in item["themes"]])
        created["materials"] += 1
    return created
