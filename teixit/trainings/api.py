"""Trainings in the JSON API: the catalogue (public) and registration (token)."""

from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user, token_or_session
from teixit.core.api import (
    ERROR_RESPONSES,
    Built,
    Pagination,
    absolute_urls,
    prebuilt_page,
)
from teixit.vocabulary.models import Concept

from . import selectors, services
from .models import Training, TrainingSession
from .schemas import RegistrationOut, TrainingOut

router = Router(tags=["trainings"])


class TrainingFilters(Schema):
    when: str = "upcoming"
    theme: str = ""
    language: str = ""


def _get_listed(pk: int) -> Training:
    training = Training.objects.listed().filter(pk=pk).first()
    if training is None:
        raise Http404
    return training


@router.get(
    "/trainings/",
    response={200: list[TrainingOut], **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="trainings_list",
    summary="List published trainings (upcoming by default; when=past or all)",
)
@prebuilt_page
@paginate(Pagination)
def list_trainings(request, filters: Query[TrainingFilters]):
    when = filters.when if filters.when in ("upcoming", "past", "all") else "upcoming"
    # The API lists only what is published (or cancelled), never drafts.
    trainings = selectors.training_list(
        when=when, theme=filters.theme, language=filters.language
    )
    rows = trainings.prefetch_related(None).values_list(*_LIST_COLUMNS)
    return Built(rows, lambda page: _training_items(request, page), trainings)


# What an item (`TrainingOut`) reads, in the order `_training_items` unpacks.
_LIST_COLUMNS = (
    "pk",
    "title",
    "description",
    "member_id",
    "member__name",
    "institution_id",
    "institution__name",
    "organiser_name",
    "place",
    "online_url",
    "language",
    "audience",
    "seats",
    "open_to_other_members",
    "status",
)


def _training_items(request, rows: list[tuple]) -> list[dict]:
    """A page of the catalogue as `TrainingOut` writes it, from plain values:
    the page's themes and sessions in one query each, the addresses from one
    reverse() each, the meeting link's permission asked of the trainings that
    have one."""
    ids = [row[0] for row in rows]
    themes: dict[int, list[str]] = {}
    through = Training.themes.through.objects.filter(training_id__in=ids)
    for training_id, code in through.order_by(
        *(f"concept__{field}" for field in Concept._meta.ordering)
    ).values_list("training_id", "concept__code"):
        themes.setdefault(training_id, []).append(code)
    sessions: dict[int, list[dict]] = {}
    for pk, training_id, starts_at, ends_at, title in (
        TrainingSession.objects.filter(training_id__in=ids)
        .order_by("starts_at")
        .values_list("pk", "training_id", "starts_at", "ends_at", "title")
    ):
        sessions.setdefault(training_id, []).append(
            {"id": pk, "starts_at": starts_at, "ends_at": ends_at, "title": title}
        )
    # The link only for those the rule lets see it (TrainingOut.resolve_online_url).
    linked = [row[0] for row in rows if row[9]]
    user = getattr(request, "user", None)
    shown = set()
    if linked and user is not None:
        shown = {
            training.pk
            for training in Training.objects.filter(pk__in=linked)
            if user.has_perm("trainings.view_meeting_link", training)
        }
    url = absolute_urls(request, "trainings:detail")
    ics_url = absolute_urls(request, "trainings:ics")
    items = []
    for row in rows:
        pk, title, description, member_id, member, institution_id = row[:6]
        institution, organiser_name, place, online_url, language = row[6:11]
        audience, seats, open_to_other_members, status = row[11:]
        if member_id is not None:
            organiser = member
        elif institution_id is not None:
            organiser = institution
        else:
            organiser = organiser_name
        items.append(
            {
                "id": pk,
                "title": title,
                "description": description,
                "organiser": organiser,
                "member_id": member_id,
                "place": place,
                "online_url": online_url if pk in shown else "",
                "language": language,
                "audience": audience,
                "seats": seats,
                "open_to_other_members": open_to_other_members,
                "status": status,
                "themes": themes.get(pk, []),
                "sessions": sessions.get(pk, []),
                "url": url(pk),
                "ics_url": ics_url(pk),
            }
        )
    return items


@router.get(
    "/trainings/{training_id}/",
    response={200: TrainingOut, **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="trainings_detail",
    summary="One published training with its sessions",
)
def get_training(request, training_id: int):
    training = _get_listed(training_id)
    return selectors.training_get(pk=training.pk)


@router.post(
    "/trainings/{training_id}/registrations/",
    response={201: RegistrationOut, **ERROR_RESPONSES},
    auth=token_or_session,
    operation_id="trainings_register",
    summary="Register the authenticated person (waiting list when full)",
)
def register(request, training_id: int):
    from .views import registration_message

    training = _get_listed(training_id)
    registration = services.training_register(training=training, user=request.auth)
    return Status(
        201,
        {
            "id": registration.pk,
            "training_id": training.pk,
            "status": registration.status,
            "waitlist_position": registration.waitlist_position,
            "message": registration_message(registration),
        },
    )
