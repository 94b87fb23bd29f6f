"""The network's own records: members, bodies, memberships and the demo network.

Rules owned here: a member cannot leave before it joined; memberships and
technician posts have coherent dates; the demo network is loaded idempotently.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Body, BodyMembership, Institution, Member, Network, Technician
from .selectors import network_forget_cache

DEMO_FILE = Path(__file__).parent / "data" / "demo_network.json"
DEMO_PASSWORD = "teixit-demo"


@transaction.atomic
def demo_network_load(*, path: Path = DEMO_FILE, password: str = DEMO_PASSWORD) -> dict:
    """Create (or complete) the demo network; existing rows are left as they are.
    Returns counts of what was created."""
    from teixit.territories.models import Comarca, Municipality

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    created = {"network": 0, "bodies": 0, "members": 0, "institutions": 0, "people": 0}

    if not Network.objects.exists():
        Network.objects.create(**data["network"])
        created["network"] = 1
        network_forget_cache()

    for item in data["bodies"]:
        _, was_created = Body.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "kind": item["kind"],
                "order": item["order"],
                "aliases": "\n".join(item.get("aliases", [])),
            },
        )
        created["bodies"] += was_created

    for item in data["members"]:
        municipality = Municipality.objects.filter(code=item["code"]).first()
        if municipality is None:
            # Territories not imported yet: a minimal reference row, completed
            # later by `import_territories`.
            comarca, _ = Comarca.objects.get_or_create(
                code=item["comarca"], defaults={"name": data["comarques"][item["comarca"]]}
            )
            municipality = Municipality.objects.create(
                code=item["code"], ine_code=item["code"][:5], name=item["municipality"], comarca=comarca
            )
        _, was_created = Member.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "kind": Member.Kind.MUNICIPALITY,
                "official_code": item["code"],
                "municipality": municipality,
                "comarca": municipality.comarca,
            },
        )
        created["members"] += was_created

    for item in data["institutions"]:
        _, was_created = Institution.objects.get_or_create(
            name=item["name"], defaults={"kind": item["kind"], "website": item["website"]}
        )
        created["institutions"] += was_created

    User = get_user_model()
    for item in data["people"]:
        user = User.objects.filter(email=item["email"]).first()
        if user is None:
            if item.get("superuser"):
                user = User.objects.create_superuser(item["email"], password, name=item["name"])
            else:
                user = User.objects.create_user(item["email"], password, name=item["name"])
            created["people"] += 1
            member = Member.objects.filter(slug=item.get("member")).first() if item.get("member") else None
            for slug in item.get("bodies", []):
                BodyMembership.objects.create(user=user, body=Body.objects.get(slug=slug), member=member)
                if Body.objects.get(slug=slug).kind == Body.Kind.SECRETARIAT and not user.is_staff:
                    user.is_staff = True
                    user.save(update_fields=["is_staff"])
            if item.get("technician_of"):
                Technician.objects.create(user=user, member=Member.objects.get(slug=item["technician_of"]))
                user.is_staff = True
                user.save(update_fields=["is_staff"])
    return created


def demo_people() -> list[dict]:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return data["people"]
