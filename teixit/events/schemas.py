from datetime import datetime, time

from django.urls import reverse
from ninja import Schema

from teixit.core.api import absolute_url


class AgendaItemOut(Schema):
    time: time | None
    title: str
    speaker: str


class EventOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    themes: list[str]
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    place: str
    online: bool
    organiser: str
    capacity: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    audience: str
    status: str
    url: str
    ical_url: str

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [theme.code for theme in obj.themes.all()]

    @staticmethod
    def resolve_online(obj) -> bool:
        return bool(obj.online_url)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())

    @staticmethod
    def resolve_ical_url(obj, context) -> str:
        return absolute_url(context, reverse("events:ics", kwargs={"pk": obj.pk}))


class EventDetailOut(EventOut):
    agenda: list[AgendaItemOut]

    @staticmethod
    def resolve_agenda(obj) -> list:
        return list(obj.agenda.all())


class RegistrationIn(Schema):
    name: str = ""
    member_id: int | None = None
    needs: str = ""
    consent: bool = False


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: str
    waitlist_position: int | None
    message: str
