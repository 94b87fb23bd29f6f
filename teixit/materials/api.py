"""Published materials as JSON: public ones for everyone, members-only ones
for registered users (session or `Authorization: Bearer <token>`)."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, Pagination

from . import selectors
from .models import Material
from .schemas import MaterialListOut, MaterialOut

router = Router(tags=["materials"])


class MaterialFilters(Schema):
    kind: str | None = None
    theme: str | None = None
    language: str | None = None


@router.get(
    "/materials/",
    response={200: list[MaterialListOut], **ERROR_RESPONSES},
    operation_id="materials_list",
    summary="List published materials (members-only ones need a registered user)",
    auth=None,
)
@paginate(Pagination)
def list_materials(request, filters: Query[MaterialFilters]):
    user = optional_user(request)
    qs = (
        Material.objects.filter(selectors.material_visible_q(user))
        .select_related("kind", "author_member")
        .prefetch_related("themes")
        .order_by("-created_at", "-pk")
    )
    if filters.kind:
        qs = qs.filter(kind__code=filters.kind)
    if filters.theme:
        qs = qs.filter(themes__code=filters.theme)
    if filters.language:
        qs = qs.filter(language=filters.language)
    return qs.distinct()


@router.get(
    "/materials/{material_id}/",
    response={200: MaterialOut, **ERROR_RESPONSES},
    operation_id="materials_detail",
    summary="One published material with every version of its file",
    auth=None,
)
def get_material(request, material_id: int):
    user = optional_user(request)
    return get_object_or_404(
        Material.objects.filter(selectors.material_visible_q(user))
        .select_related("kind", "author_member")
        .prefetch_related("themes", "versions"),
        pk=material_id,
    )
