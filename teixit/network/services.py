"""The network's own records: members, bodies, memberships and the demo network.

Rules owned here:
- a member cannot leave before it joined;
- memberships of bodies and technician posts have coherent dates, and one
  person does not hold two overlapping seats in the same body (or two
  overlapping posts with the same member);
- a current member of the technical secretariat gets access to the admin
  (`is_staff`); what the admin then lets them do comes from the rules;
- the demo network is loaded idempotently.
"""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Body, BodyMembership, Institution, Member, Network, Technician
from .roles import forget_roles
from .selectors import network_forget_cache


def _overlapping(
    qs: QuerySet, *, start_on: datetime.date | None, end_on: datetime.date | None
) -> QuerySet:
    """Rows of `qs` whose period [start_on, end_on] meets the given one
    (an open end is unbounded)."""
    if end_on is not None:
        qs = qs.filter(Q(start_on__isnull=True) | Q(start_on__lte=end_on))
    if start_on is not None:
        qs = qs.filter(Q(end_on__isnull=True) | Q(end_on__gte=start_on))
    return qs


def staff_access_sync(*, user) -> bool:
    """Give admin access (`is_staff`) to a current member of the technical
    secretariat. Access is never removed here: permissions come from the
    rules, so a former member with `is_staff` sees nothing they may change.
    Returns whether the user has admin access."""
    if user.is_staff:
        return True
    in_secretariat = (
        BodyMembership.objects.current()
        .filter(user=user, body__kind=Body.Kind.SECRETARIAT)
        .exists()
    )
    if in_secretariat:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user.is_staff


def body_membership_validate(*, membership: BodyMembership) -> None:
    """Raise ValidationError when the seat overlaps another seat of the same
    person in the same body. Used by the service and by the admin forms."""
    if membership.body_id is None or membership.user_id is None:
        return
    clash = _overlapping(
        BodyMembership.objects.filter(
            body_id=membership.body_id, user_id=membership.user_id
        ),
        start_on=membership.start_on,
        end_on=membership.end_on,
    )
    if membership.pk:
        clash = clash.exclude(pk=membership.pk)
    if clash.exists():
        raise ValidationError(
            _("%(person)s already sits in %(body)s during that period.")
            % {"person": membership.user, "body": membership.body},
            code="overlap",
        )


def technician_validate(*, post: Technician) -> None:
    """Raise ValidationError when the post starts after the member left the
    network, or overlaps another post of the same person with the same member."""
    if post.member_id is None or post.user_id is None:
        return
    member = post.member
    if member.left_on and (post.start_on or timezone.localdate()) > member.left_on:
        message = _("%(member)s left the network on %(date)s.") % {
            "member": member,
            "date": member.left_on.isoformat(),
        }
        raise ValidationError({"member": ValidationError(message, code="member_left")})
    clash = _overlapping(
        Technician.objects.filter(member_id=post.member_id, user_id=post.user_id),
        start_on=post.start_on,
        end_on=post.end_on,
    )
    if post.pk:
        clash = clash.exclude(pk=post.pk)
    if clash.exists():
        raise ValidationError(
            _("%(person)s is already a technician of %(member)s during that period.")
            % {"person": post.user, "member": member},
            code="overlap",
        )


@transaction.atomic
def body_membership_create(
    *,
    body: Body,
    user,
    member: Member | None = None,
    role: str = "",
    start_on: datetime.date | None = None,
    end_on: datetime.date | None = None,
) -> BodyMembership:
    """Seat a person in a governance body for a period (open-ended when
    `end_on` is None). Refuses a seat overlapping another seat of the same
    person in the same body. A seat in the secretariat grants admin access."""
    membership = BodyMembership(
        body=body,
        user=user,
        member=member,
        role=(role or "").strip(),
        start_on=start_on,
        end_on=end_on,
    )
    membership.full_clean()
    body_membership_validate(membership=membership)
    membership.save()
    forget_roles(user)
    staff_access_sync(user=user)
    return membership


@transaction.atomic
def body_membership_end(
    *, membership: BodyMembership, end_on: datetime.date | None = None
) -> BodyMembership:
    """Close a seat on `end_on` (today by default)."""
    membership.end_on = end_on or timezone.localdate()
    membership.full_clean()
    membership.save(update_fields=["end_on", "updated_at"])
    forget_roles(membership.user)
    return membership


@transaction.atomic
def technician_create(
    *,
    member: Member,
    user,
    position: str = "",
    start_on: datetime.date | None = None,
    end_on: datetime.date | None = None,
) -> Technician:
    """Record that a person works as an SSE technician for a member. Refuses a
    post overlapping another post of the same person with the same member, and
    a post with a member that had already left the network when it starts."""
    post = Technician(
        member=member,
        user=user,
        position=(position or "").strip(),
        start_on=start_on,
        end_on=end_on,
    )
    post.full_clean()
    technician_validate(post=post)
    post.save()
    forget_roles(user)
    return post


@transaction.atomic
def technician_end(
    *, post: Technician, end_on: datetime.date | None = None
) -> Technician:
    """Close a technician post on `end_on` (today by default)."""
    post.end_on = end_on or timezone.localdate()
    post.full_clean()
    post.save(update_fields=["end_on", "updated_at"])
    forget_roles(post.user)
    return post


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
                code=item["comarca"],
                defaults={"name": data["comarques"][item["comarca"]]},
            )
            municipality = Municipality.objects.create(
                code=item["code"],
                ine_code=item["code"][:5],
                name=item["municipality"],
                comarca=comarca,
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
            name=item["name"],
            defaults={"kind": item["kind"], "website": item["website"]},
        )
        created["institutions"] += was_created

    User = get_user_model()
    for item in data["people"]:
        user = User.objects.filter(email=item["email"]).first()
        if user is None:
            if item.get("superuser"):
                user = User.objects.create_superuser(
                    item["email"], password, name=item["name"]
                )
            else:
                user = User.objects.create_user(
                    item["email"], password, name=item["name"]
                )
            created["people"] += 1
            member = (
                Member.objects.filter(slug=item.get("member")).first()
                if item.get("member")
                else None
            )
            for slug in item.get("bodies", []):
                body_membership_create(
                    body=Body.objects.get(slug=slug), user=user, member=member
                )
            if item.get("technician_of"):
                technician_create(
                    member=Member.objects.get(slug=item["technician_of"]), user=user
                )
                # Technicians may use the admin for what other apps' rules
                # give them on their own member's records.
                user.is_staff = True
                user.save(update_fields=["is_staff"])
    return created


def demo_people() -> list[dict]:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return data["people"]
