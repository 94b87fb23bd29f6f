"""The published documents as JSON (public, read-only): the ones on the
network's public site, with every approved version."""

from django.db.models import Prefetch
from ninja import Router
from ninja.pagination import paginate

from teixit.core.api import ERROR_RESPONSES, Pagination

from .models import Document, Version
from .schemas import DocumentOut

router = Router(tags=["documents"])


@router.get(
    "/documents/",
    response={200: list[DocumentOut], **ERROR_RESPONSES},
    operation_id="documents_list",
    summary="List the published documents with their approved versions",
    auth=None,
)
@paginate(Pagination)
def list_documents(request, language: str | None = None):
    qs = (
        Document.objects.published()
        .select_related("translation_of")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=Version.objects.select_related(
                    "approved_by_body", "document"
                ).order_by("number"),
            )
        )
        .order_by("title", "pk")
    )
    if language:
        qs = qs.filter(language=language)
    return qs
