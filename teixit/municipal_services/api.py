"""Municipal SSE services as JSON: public, like the pages (read-only; they are
edited on the pages and in the admin)."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.core.api import ERROR_RESPONSES, Pagination

from . import selectors
from .schemas import MatrixOut, MunicipalServiceOut

router = Router(tags=["municipal_services"])


class ServiceFilters(Schema):
    member: str | None = None
    service_type: str | None = None
    modality: str | None = None
    comarca: str | None = None


@router.get(
    "/services/",
    response={200: list[MunicipalServiceOut], **ERROR_RESPONSES},
    operation_id="services_list",
    summary="List the members' SSE services (filters: member slug, service type code, modality, comarca code)",
    auth=None,
)
@paginate(Pagination)
def list_services(request, filters: Query[ServiceFilters]):
    services = selectors.municipal_service_list(
        service_type=filters.service_type or "",
        modality=filters.modality or "",
        comarca=filters.comarca or "",
    )
    if filters.member:
        services = services.filter(member__slug=filters.member)
    return services


@router.get(
    "/services/matrix/",
    response={200: MatrixOut, **ERROR_RESPONSES},
    operation_id="services_matrix",
    summary="The comparison matrix: members × service types with the modalities of each cell, and counts",
    auth=None,
)
def services_matrix(request, filters: Query[ServiceFilters]):
    matrix = selectors.comparison_matrix(
        service_type=filters.service_type or "",
        modality=filters.modality or "",
        comarca=filters.comarca or "",
    )
    codes = [t.code for t in matrix["types"]]
    return {
        "types": [
            {
                "code": total["type"].code,
                "label": total["type"].label,
                "counts": [
                    {"modality": code, "label": str(label), "count": count}
                    for (code, label), count in zip(
                        matrix["modalities"], total["counts"], strict=True
                    )
                ],
                "total": total["total"],
            }
            for total in matrix["totals"]
        ],
        "rows": [
            {
                "member": {"slug": row["member"].slug, "name": row["member"].name},
                "cells": {
                    code: [modality for modality, _label in cell]
                    for code, cell in zip(codes, row["cells"], strict=True)
                    if cell
                },
            }
            for row in matrix["rows"]
        ],
    }


@router.get(
    "/services/{service_id}/",
    response={200: MunicipalServiceOut, **ERROR_RESPONSES},
    operation_id="services_detail",
    summary="One member's SSE service",
    auth=None,
)
def get_service(request, service_id: int):
    return get_object_or_404(selectors.municipal_service_list(), pk=service_id)
