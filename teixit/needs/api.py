"""Needs in the JSON API: the register (public where the need is public) and,
per need, the SSE entities that could answer it with the reasons."""

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, Pagination, absolute_url

from . import selectors
from .models import Need
from .schemas import NeedDetailOut, NeedOut

router = Router(tags=["needs"])


class NeedFilters(Schema):
    theme: str = ""
    comarca: str = ""
    municipality: str = ""
    status: str = ""
    q: str = ""


@router.get(
    "/needs/",
    response={200: list[NeedOut], **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="needs_list",
    summary="List needs (filters: theme, comarca, municipality, status, q)",
)
@paginate(Pagination)
def list_needs(request, filters: Query[NeedFilters]):
    """The public sees confirmed, answered and covered needs; people of the
    network also raised and dropped ones. An unknown status answers 400."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if filters.status and filters.status not in Need.Status.values:
        raise ValidationError(_("Unknown status."), code="unknown_status")
    return selectors.need_list_for_user(request.user, **filters.dict())


@router.get(
    "/needs/{need_id}/",
    response={200: NeedDetailOut, **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="needs_detail",
    summary="One need with the SSE entities that could answer it",
)
def get_need(request, need_id: int):
    """`matched_entities`: published entities of one of the need's sectors in
    or near its territory, nearest first, each with its `reasons` (sector,
    place or distance) and only its public contacts."""
    need = Need.objects.filter(pk=need_id).first()
    if need is None or not request.user.has_perm("needs.view_need", need):
        raise Http404
    matches = selectors.need_matches(need)
    need.matched_out = [
        {
            "entity_id": m.entity_id,
            "name": m.name,
            "municipality": m.municipality,
            "latitude": m.latitude,
            "longitude": m.longitude,
            "distance_km": m.distance_km,
            "in_territory": m.in_territory,
            "sectors": _sector_codes(m.sector_ids),
            "reasons": m.reasons,
            "explanation": m.explanation,
            "website": m.contact.get("website", ""),
            "email": m.contact.get("email", ""),
            "phone": m.contact.get("phone", ""),
            "url": absolute_url({"request": request}, m.url),
        }
        for m in matches
    ]
    return need


def _sector_codes(ids) -> list[str]:
    from teixit.vocabulary.models import Concept

    return list(Concept.objects.filter(pk__in=ids).values_list("code", flat=True))
