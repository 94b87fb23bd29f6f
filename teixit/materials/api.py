"""Published materials as JSON: public ones for everyone, members-only ones
for registered users (session or `Authorization: Bearer <token>`)."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import (
    ERROR_RESPONSES,
    Built,
    Pagination,
    absolute_urls,
    prebuilt_page,
)
from teixit.core.translation import translated_text
from teixit.vocabulary.selectors import concept_refs

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
@prebuilt_page
@paginate(Pagination)
def list_materials(request, filters: Query[MaterialFilters]):
    user = optional_user(request)
    qs = Material.objects.filter(selectors.material_visible_q(user))
    if filters.kind:
        qs = qs.filter(kind__code=filters.kind)
    if filters.theme:
        # A condition, not a join: no material repeats, so no DISTINCT (which
        # sorted every visible material on all its columns, ~30 ms at 5,000).
        tagged = Material.themes.through.objects.filter(
            material=OuterRef("pk"), concept__code=filters.theme
        )
        qs = qs.filter(Exists(tagged))
    if filters.language:
        qs = qs.filter(language=filters.language)
    rows = qs.order_by("-created_at", "-pk").values_list(*_LIST_COLUMNS)
    return Built(rows, lambda page: _material_items(request, page), qs)


# What a list item (`MaterialListOut`) reads, in the order `_material_items` unpacks.
_LIST_COLUMNS = (
    "pk",
    "title",
    "kind__code",
    "kind__label_ca",
    "kind__label_es",
    "kind__label_en",
    "language",
    "licence",
    "visibility",
    "author_member__name",
    "url",
    "published_on",
)


def _material_items(request, rows: list[tuple]) -> list[dict]:
    """The page's items as `MaterialListOut` writes them, from plain values:
    the themes of the page in one query, the addresses from one reverse()."""
    themes = concept_refs(Material.themes.through, "material", [r[0] for r in rows])
    url = absolute_urls(request, "materials:detail")
    items = []
    for row in rows:
        pk, title, kind, ca, es, en, language, licence, visibility = row[:9]
        author, link, published_on = row[9:]
        labels = {"ca": ca, "es": es, "en": en}
        items.append(
            {
                "id": pk,
                "title": title,
                "kind": {"code": kind, "label": translated_text(labels)},
                "language": language,
                "licence": licence,
                "visibility": visibility,
                "author_member": author,
                "link": link,
                "published_on": published_on,
                "themes": themes.get(pk, []),
                "url": url(pk),
            }
        )
    return items


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
