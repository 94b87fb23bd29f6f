"""Who is concerned, in role terms: querysets of people for the handlers.

Each is a candidate list; `notify` still drops anyone who may not see the
target, so a wide query here never leaks an object."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from teixit.network.models import Body, BodyMembership, Technician


def active_users() -> QuerySet:
    return get_user_model().objects.filter(is_active=True)


def secretariat_users() -> QuerySet:
    """Superusers and current members of the secretariat."""
    seats = BodyMembership.objects.current(timezone.localdate()).filter(
        body__kind=Body.Kind.SECRETARIAT
    )
    return active_users().filter(
        Q(is_superuser=True) | Q(pk__in=seats.values("user_id"))
    )


def body_members(body_ids) -> QuerySet:
    """Current members of the given bodies."""
    seats = BodyMembership.objects.current(timezone.localdate()).filter(
        body_id__in=list(body_ids)
    )
    return active_users().filter(pk__in=seats.values("user_id"))


def technicians_of(member_ids) -> QuerySet:
    posts = Technician.objects.current(timezone.localdate()).filter(
        member_id__in=[m for m in member_ids if m]
    )
    return active_users().filter(pk__in=posts.values("user_id"))


def all_technicians() -> QuerySet:
    posts = Technician.objects.current(timezone.localdate())
    return active_users().filter(pk__in=posts.values("user_id"))


def network_people() -> QuerySet:
    """Superusers, current members of any body and current technicians: the
    people who act for the network."""
    today = timezone.localdate()
    return active_users().filter(
        Q(is_superuser=True)
        | Q(pk__in=BodyMembership.objects.current(today).values("user_id"))
        | Q(pk__in=Technician.objects.current(today).values("user_id"))
    )


def users(*ids) -> QuerySet:
    return active_users().filter(pk__in=[i for i in ids if i])
