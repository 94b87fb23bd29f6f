"""Events in the JSON API: the agenda (public events for everyone, the others
for people logged in) and registration (token)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user, token_or_session
from teixit.core.api import (
    ERROR_RESPONSES,
    Built,
    Pagination,
    absolute_urls,
    prebuilt_page,
)
from teixit.network.models import Member
from teixit.vocabulary.models import Concept

from . import selectors, services
from .models import Event
from .schemas import EventDetailOut, EventOut, RegistrationIn, RegistrationOut

router = Router(tags=["events"])


class EventFilters(Schema):
    kind: str = ""
    theme: str = ""
    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="to")


def _visible(request, pk: int) -> Event:
    event = Event.objects.filter(pk=pk).first()
    if event is None or not request.user.has_perm("events.view_event", event):
        raise Http404
    if event.status in (Event.Status.DRAFT, Event.Status.SUBMITTED):
        raise Http404
    return event


def _as_datetime(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


@router.get(
    "/events/",
    response={200: list[EventOut], **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="events_list",
    summary="List events (filters: kind, theme, from, to)",
)
@prebuilt_page
@paginate(Pagination)
def list_events(request, filters: Query[EventFilters]):
    if filters.kind and filters.kind not in Event.Kind.values:
        raise ValidationError(_("Unknown kind of event."), code="kind")
    end = filters.end + dt.timedelta(days=1) if filters.end else None
    events = selectors.event_list(
        user=request.user,
        kind=filters.kind,
        theme=filters.theme,
        start=_as_datetime(filters.start),
        end=_as_datetime(end),
    )
    # The API lists published, held and cancelled events, never drafts.
    events = events.filter(
        status__in=[Event.Status.PUBLISHED, Event.Status.HELD, Event.Status.CANCELLED]
    )
    return Built(
        events.prefetch_related(None), lambda page: _event_items(request, page)
    )


def _event_items(request, events: list[Event]) -> list[dict]:
    """A page as `EventOut` writes it (its resolvers, without validating the
    items again): the model's own `organiser` and `place`, the page's themes
    in one query of codes, the addresses from one reverse() each."""
    themes: dict[int, list[str]] = {}
    through = Event.themes.through.objects.filter(
        event_id__in=[event.pk for event in events]
    )
    for event_id, code in through.order_by(
        *(f"concept__{field}" for field in Concept._meta.ordering)
    ).values_list("event_id", "concept__code"):
        themes.setdefault(event_id, []).append(code)
    url = absolute_urls(request, "events:detail")
    ical_url = absolute_urls(request, "events:ics")
    return [
        _event_out(event, themes.get(event.pk, []), url, ical_url) for event in events
    ]


def _event_out(event: Event, themes: list[str], url, ical_url) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "themes": themes,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.time_zone,
        "place": event.place,
        "online": bool(event.online_url),
        "organiser": event.organiser,
        "capacity": event.capacity,
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
        "audience": event.audience,
        "status": event.status,
        "url": url(event.pk),
        "ical_url": ical_url(event.pk),
    }


@router.get(
    "/events/{event_id}/",
    response={200: EventDetailOut, **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="events_detail",
    summary="One event with its agenda and its iCalendar link",
)
def get_event(request, event_id: int):
    return selectors.event_get(pk=_visible(request, event_id).pk)


@router.post(
    "/events/{event_id}/registrations/",
    response={201: RegistrationOut, **ERROR_RESPONSES},
    auth=token_or_session,
    operation_id="events_register",
    summary="Register the authenticated person (waiting list when full)",
)
def register(request, event_id: int, payload: RegistrationIn):
    from .views import registration_message

    event = _visible(request, event_id)
    member = None
    if payload.member_id is not None:
        member = Member.objects.filter(pk=payload.member_id).first()
        if member is None:
            raise ValidationError({"member_id": [_("Unknown member.")]}, code="member")
    registration = services.event_register(
        event=event,
        user=request.auth,
        name=payload.name,
        member=member,
        needs=payload.needs,
        consent=payload.consent,
    )
    return Status(
        201,
        {
            "id": registration.pk,
            "event_id": event.pk,
            "status": registration.status,
            "waitlist_position": registration.waitlist_position,
            "message": registration_message(registration),
        },
    )
