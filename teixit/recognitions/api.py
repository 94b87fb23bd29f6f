"""Recognitions in the JSON API: the public catalogue of grants, awards and
labels, and the entities holding each label."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, Pagination

from . import selectors
from .models import Recognition
from .schemas import RecognitionDetailOut, RecognitionOut

router = Router(tags=["recognitions"])


class RecognitionFilters(Schema):
    kind: str = ""
    audience: str = ""
    upcoming: bool = False


@router.get(
    "/recognitions/",
    response={200: list[RecognitionOut], **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="recognitions_list",
    summary="List grants, awards and labels (filters: kind, audience, upcoming)",
)
@paginate(Pagination)
def list_recognitions(request, filters: Query[RecognitionFilters]):
    if filters.kind and filters.kind not in Recognition.Kind.values:
        raise ValidationError(_("Unknown kind of recognition."), code="kind")
    if filters.audience not in ("", "entities", "municipalities"):
        raise ValidationError(
            _("audience must be entities or municipalities."), code="audience"
        )
    return selectors.recognition_list(user=request.user, **filters.dict())


@router.get(
    "/recognitions/{recognition_id}/",
    response={200: RecognitionDetailOut, **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="recognitions_detail",
    summary="One recognition; a label lists the entities that hold it",
)
def get_recognition(request, recognition_id: int):
    recognition = Recognition.objects.filter(pk=recognition_id).first()
    if recognition is None or not request.user.has_perm(
        "recognitions.view_recognition", recognition
    ):
        raise Http404
    recognition.holders_out = [
        {
            "entity_id": h.entity_id,
            "name": h.entity.name,
            "year": h.year,
            "valid_until": h.valid_until,
        }
        for h in selectors.recognition_holders(recognition)
    ]
    return recognition
