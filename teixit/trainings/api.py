"""Trainings in the JSON API: the catalogue (public) and registration (token)."""

from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user, token_or_session
from teixit.core.api import ERROR_RESPONSES, Pagination

from . import selectors, services
from .models import Training
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
@paginate(Pagination)
def list_trainings(request, filters: Query[TrainingFilters]):
    when = filters.when if filters.when in ("upcoming", "past", "all") else "upcoming"
    # The API lists only what is published (or cancelled), never drafts.
    trainings = selectors.training_list(
        when=when, theme=filters.theme, language=filters.language
    )
    return trainings


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
