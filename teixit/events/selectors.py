"""Reads of events: the agenda and its feeds, the invitation candidates, the
counts of an event, a person's open agreements, the plan's indicator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from teixit.core.dates import day_bounds
from teixit.core.prepared import prepared, prepared_count, prepared_object
from teixit.core.waitlist import waitlist_counts
from teixit.network.models import Institution, Member, Technician
from teixit.network.roles import body_ids_of, is_secretariat, member_ids_of

from .models import (
    Agreement,
    Event,
    Invitation,
    InvitationOptOut,
    Registration,
)


def event_list(
    *,
    user=None,
    kind: str = "",
    theme: str = "",
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    q: str = "",
    with_themes: bool = True,
) -> QuerySet[Event]:
    """The agenda: listed events the user may see (public ones for everyone,
    every listed one for registered people), plus the unpublished events the
    user may edit. `start`/`end` keep the events that overlap that span.
    `with_themes`: the events' themes prefetched (the agenda page shows none)."""
    if user is not None and user.is_authenticated:
        visible = Q(status__in=["published", "held", "cancelled"])
        if is_secretariat(user):
            visible = Q()
        else:
            mine = list(member_ids_of(user))
            if mine:
                visible |= Q(organiser_member_id__in=mine)
    else:
        visible = Q(status__in=["published", "held", "cancelled"], audience="public")
    qs = Event.objects.filter(visible)
    if kind:
        qs = qs.filter(kind=kind)
    if theme:
        # A subquery, not a join: no event twice, so no DISTINCT over every
        # column (the description's text included) to sort and count.
        qs = qs.filter(
            pk__in=Event.themes.through.objects.filter(concept__code=theme).values(
                "event_id"
            )
        )
    if start is not None:
        qs = qs.filter(ends_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    qs = qs.select_related(
        "municipality", "organiser_member", "organiser_institution"
    ).order_by("starts_at", "pk")
    return qs.prefetch_related("themes") if with_themes else qs


def event_feed(*, kind: str = "", theme: str = "", now=None) -> QuerySet[Event]:
    """Public events for calendar subscriptions: those not ended more than a
    year ago, cancelled ones included (so calendars drop them)."""
    now = now or timezone.now()
    qs = Event.objects.public().filter(ends_at__gte=now - dt.timedelta(days=365))
    if kind:
        qs = qs.filter(kind=kind)
    if theme:
        qs = qs.filter(themes__code=theme)
    return qs.distinct().select_related("municipality").order_by("starts_at", "pk")


# The event's page reads it with its place, organisers, themes, agenda,
# documents and representatives: SQL compiled once (`teixit.core.prepared`);
# compiling the four prefetches cost more than the database took to answer.
_EVENT_JOINS = (
    "municipality",
    "organiser_member",
    "organiser_institution",
    "created_by",
)
_event_of = prepared_object(Event, select_related=_EVENT_JOINS)
_event_with_related = prepared_object(
    Event,
    select_related=_EVENT_JOINS,
    prefetch=("themes", "agenda", "documents", "representatives"),
)


def event_get(*, pk: int, related: bool = True) -> Event:
    """One event with its place and organisers; `related`: its themes, agenda,
    documents and representatives read too (the event's page shows them; the
    pages about its registrations, attendance or invitations do not, and
    read any of them when they need it). Event.DoesNotExist when there is
    none."""
    return (_event_with_related if related else _event_of).get(pk)


def event_counts(*, event: Event) -> dict:
    return waitlist_counts(Registration.objects.filter(event=event), event.capacity)


_registration_of = prepared(
    lambda event_id, user_id: Registration.objects.filter(
        event_id=event_id, user_id=user_id
    )[:1]
)


def registration_for(*, event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    found = _registration_of(event.pk, user.pk)
    return found[0] if found else None


def registrations_of_event(*, event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("user", "member")
        .order_by("status", "queued_at", "pk")
    )


# Invitations ------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """Someone who could be invited to an event."""

    key: str  # "institution:<pk>" or "member:<pk>:<email>"
    name: str
    email: str
    language: str
    institution_id: int | None = None
    member_id: int | None = None
    themes: tuple[str, ...] = ()
    invited: bool = False


def invitation_candidates(*, event: Event) -> list[Candidate]:
    """Institutions whose themes match the event's, and the contacts (current
    technicians) of the member municipalities; without those who asked not to
    be invited again or have no e-mail. Those already invited are marked."""
    theme_ids = list(event.themes.values_list("pk", flat=True))
    opted_out_institutions = set(
        InvitationOptOut.objects.exclude(institution=None).values_list(
            "institution_id", flat=True
        )
    )
    opted_out_emails = {
        e.lower()
        for e in InvitationOptOut.objects.exclude(email="").values_list(
            "email", flat=True
        )
    }
    invited = {e.lower() for e in event.invitations.values_list("email", flat=True)}
    candidates: list[Candidate] = []
    institutions = (
        Institution.objects.filter(themes__in=theme_ids)
        .exclude(email="")
        .exclude(pk__in=opted_out_institutions)
        .distinct()
        .prefetch_related("themes")
        .order_by("name")
    )
    for institution in institutions:
        if institution.email.lower() in opted_out_emails:
            continue
        shared = tuple(
            t.label for t in institution.themes.all() if t.pk in set(theme_ids)
        )
        candidates.append(
            Candidate(
                key=f"institution:{institution.pk}",
                name=institution.name,
                email=institution.email,
                language="ca",
                institution_id=institution.pk,
                themes=shared,
                invited=institution.email.lower() in invited,
            )
        )
    technicians = (
        Technician.objects.current()
        .filter(
            member__in=Member.objects.active().filter(kind=Member.Kind.MUNICIPALITY)
        )
        .exclude(user__email="")
        .select_related("user", "member")
        .order_by("member__name", "user__email")
    )
    for technician in technicians:
        email = technician.user.email
        if email.lower() in opted_out_emails:
            continue
        candidates.append(
            Candidate(
                key=f"member:{technician.member_id}:{email}",
                name=f"{technician.user} ({technician.member})",
                email=email,
                language=technician.user.language or "ca",
                member_id=technician.member_id,
                invited=email.lower() in invited,
            )
        )
    return candidates


def invitations_of_event(*, event: Event) -> QuerySet[Invitation]:
    return event.invitations.select_related("institution", "member").order_by(
        "name", "pk"
    )


def invitation_counts(*, event: Event, invitations=None) -> dict:
    """How many were invited, sent, answered, attending and came; from
    `invitations` (the event's, read already) when given."""
    invitations = list(event.invitations.all() if invitations is None else invitations)
    return {
        "invited": len(invitations),
        "sent": sum(1 for i in invitations if i.sent_at),
        "answered": sum(
            1 for i in invitations if i.answer != Invitation.Answer.PENDING
        ),
        "yes": sum(1 for i in invitations if i.answer == Invitation.Answer.YES),
        "came": sum(1 for i in invitations if i.attended),
    }


# Agreements -------------------------------------------------------------------


def _open_agreements(user_id: int, *body_ids: int) -> QuerySet[Agreement]:
    """Open agreements of the person, named or through one of `body_ids`."""
    return Agreement.objects.filter(
        Q(responsible_user_id=user_id) | Q(responsible_body_id__in=body_ids),
        status=Agreement.Status.OPEN,
    )


_open_agreements_count = prepared_count(_open_agreements)


def open_agreements_count(user) -> int:
    """How many `open_agreements_for(user)` holds (the home page's count: the
    statement compiled once)."""
    if not user.is_authenticated:
        return 0
    return _open_agreements_count(user.pk, *sorted(body_ids_of(user)))


def open_agreements_for(user) -> QuerySet[Agreement]:
    """Open agreements the user answers for: named personally, or through a
    body the user currently sits in."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    return (
        _open_agreements(user.pk, *body_ids_of(user))
        .select_related("event", "action", "responsible_body", "responsible_user")
        .order_by("due_on", "pk")
    )


# Compiled once (teixit/core/prepared.py): every request of a plan action's
# page reads it.
_agreements_of = prepared(
    lambda action_id: (
        Agreement.objects.filter(action_id=action_id)
        .select_related("event", "responsible_user", "responsible_body")
        .order_by("event__starts_at", "pk")
    )
)


def _agreement_item(agreement):
    from teixit.workplans.related import ActionRelatedItem

    event = agreement.event
    return ActionRelatedItem(
        title=agreement.text,
        url=agreement.get_absolute_url(),
        on=event.local_start.date(),
        detail=" · ".join(x for x in (str(event), agreement.responsible) if x),
        status=agreement.get_status_display(),
    )


def agreements_for_action(*, action, user) -> list:
    """The agreements tied to a plan action, as items for the action's page
    (`teixit.workplans.related`); only those of events the user may see."""
    visible: dict[int, bool] = {}
    items = []
    for agreement in _agreements_of(action.pk):
        event = agreement.event
        if event.pk not in visible:
            visible[event.pk] = user.has_perm("events.view_event", event)
        if visible[event.pk]:
            items.append(_agreement_item(agreement))
    return items


def agreements_for_many_actions(*, actions, user) -> dict[int, list]:
    """``agreements_for_action`` for many actions in one query, by action pk
    (the assembly's report); the permission asked once per event."""
    ids = [action.pk for action in actions]
    if not ids:
        return {}
    rows = (
        Agreement.objects.filter(action_id__in=ids)
        .select_related("event", "responsible_user", "responsible_body")
        .order_by("event__starts_at", "pk")
    )
    visible: dict[int, bool] = {}
    found: dict[int, list] = {}
    for agreement in rows:
        event = agreement.event
        if event.pk not in visible:
            visible[event.pk] = user.has_perm("events.view_event", event)
        if visible[event.pk]:
            found.setdefault(agreement.action_id, []).append(_agreement_item(agreement))
    return found


# Indicators and reports -------------------------------------------------------


def network_meetings_held(*, year: int) -> int:
    """Network meetings held in a year (the plan's indicator I.2.a, target 3)."""
    return network_meetings_held_between(
        start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
    )


def _starting_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(starts_at__gte=first, starts_at__lt=after)


def _network_meetings_held() -> QuerySet[Event]:
    return Event.objects.filter(
        kind=Event.Kind.NETWORK_MEETING, status=Event.Status.HELD
    )


def network_meetings_held_between(*, start: dt.date, end: dt.date) -> int:
    """Network meetings held from ``start`` to ``end`` (days included)."""
    return _network_meetings_held().filter(_starting_in(start, end)).count()


def network_meetings_held_by_year(*, years) -> dict[int, int]:
    """``network_meetings_held_between`` for calendar years, in one query."""
    from teixit.workplans.sources import aggregate_by_year

    return aggregate_by_year(_network_meetings_held(), years, _starting_in)


def representation_log(*, year: int | None = None) -> QuerySet[Event]:
    """External events and conferences where the network took part, for the
    assembly's report."""
    qs = Event.objects.filter(kind__in=[Event.Kind.EXTERNAL, Event.Kind.CONFERENCE])
    qs = qs.exclude(status__in=[Event.Status.DRAFT, Event.Status.SUBMITTED])
    if year:
        qs = qs.filter(starts_at__year=year)
    return (
        qs.select_related("organiser_member", "organiser_institution")
        .prefetch_related("representatives")
        .order_by("-starts_at", "-pk")
    )
