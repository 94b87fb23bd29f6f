from datetime import datetime

from django.urls import reverse
from ninja import Schema


class SessionOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    title: str


class TrainingOut(Schema):
    id: int
    title: str
    description: str
    organiser: str
    member_id: int | None
    place: str
    online_url: str
    language: str
    audience: str
    seats: int | None
    open_to_other_members: bool
    status: str
    themes: list[str]
    sessions: list[SessionOut]
    url: str
    ics_url: str

    @staticmethod
    def resolve_online_url(obj, context) -> str:
        # Only for registered participants and those who run the training.
        request = (context or {}).get("request")
        user = getattr(request, "user", None)
        if (
            obj.online_url
            and user is not None
            and user.has_perm("trainings.view_meeting_link", obj)
        ):
            return obj.online_url
        return ""

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [theme.code for theme in obj.themes.all()]

    @staticmethod
    def resolve_sessions(obj) -> list:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())

    @staticmethod
    def resolve_ics_url(obj, context) -> str:
        return context["request"].build_absolute_uri(
            reverse("trainings:ics", kwargs={"pk": obj.pk})
        )


class RegistrationOut(Schema):
    id: int
    training_id: int
    status: str
    waitlist_position: int | None
    message: str
