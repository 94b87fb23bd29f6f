"""Reads about the network, its members and bodies."""

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Body, BodyMembership, Institution, Member, Network

_NETWORK_CACHE_KEY = "teixit:network"


def network_get_current() -> Network | None:
    """The network this site runs (the first one); cached briefly."""
    network = cache.get(_NETWORK_CACHE_KEY)
    if network is None:
        network = Network.objects.order_by("pk").first()
        if network is not None:
            cache.set(_NETWORK_CACHE_KEY, network, 30)
    return network


def network_forget_cache() -> None:
    cache.delete(_NETWORK_CACHE_KEY)


def member_list(
    *, active_only: bool = True, kind: str | None = None
) -> QuerySet[Member]:
    qs = Member.objects.select_related("municipality", "comarca")
    if active_only:
        qs = qs.active()
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def member_list_for_page() -> QuerySet[Member]:
    """The active members as the network's page lists them: with their
    comarca's name, not the comarques' and municipalities' outlines (a
    GeoJSON document decoded per row)."""
    return (
        member_list()
        .select_related(None)
        .select_related("comarca")
        .defer("comarca__boundary")
    )


def body_list() -> QuerySet[Body]:
    from django.utils import timezone

    today = timezone.localdate()
    return Body.objects.annotate(
        current_members=Count(
            "memberships",
            filter=(
                Q(memberships__start_on__isnull=True)
                | Q(memberships__start_on__lte=today)
            )
            & (Q(memberships__end_on__isnull=True) | Q(memberships__end_on__gte=today)),
        )
    ).order_by("order", "name")


def body_get(*, slug: str) -> Body:
    """A body by slug, annotated like `body_list`; Http404 when absent."""
    return get_object_or_404(body_list(), slug=slug)


def body_seats(*, body: Body, on=None) -> QuerySet[BodyMembership]:
    """The seats of a body on a day (today by default), by person's name."""
    return (
        body.memberships.current(on)
        .select_related("user", "member")
        .order_by("user__name", "user__email")
    )


def institution_list() -> QuerySet[Institution]:
    return Institution.objects.prefetch_related("themes").order_by("name")
