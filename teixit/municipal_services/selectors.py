"""Reads of municipal SSE services, including the comparison matrix."""

from collections import Counter, defaultdict

from django.db.models import QuerySet

from teixit.network.models import Member
from teixit.vocabulary.models import Concept

from .models import SERVICE_SCHEME, MunicipalService


def service_types() -> QuerySet[Concept]:
    return Concept.objects.in_scheme(SERVICE_SCHEME).order_by("order", "code")


def municipal_service_list(
    *,
    member: int | None = None,
    service_type: str = "",
    modality: str = "",
    comarca: str = "",
) -> QuerySet[MunicipalService]:
    qs = MunicipalService.objects.select_related(
        "member", "service_type"
    ).prefetch_related("partner_members")
    if member:
        qs = qs.filter(member_id=member)
    if service_type:
        qs = qs.filter(service_type__code=service_type)
    if modality:
        qs = qs.filter(modality=modality)
    if comarca:
        qs = qs.filter(member__comarca__code=comarca)
    return qs


def comparison_matrix(
    *, service_type: str = "", modality: str = "", comarca: str = ""
) -> dict:
    """Members × service types, with the modalities of each cell, and counts
    per type and modality. Two queries whatever the size."""
    services = list(
        municipal_service_list(
            service_type=service_type, modality=modality, comarca=comarca
        )
        .only("member_id", "service_type_id", "modality")
        .order_by()
    )
    types = list(service_types())
    if service_type:
        types = [t for t in types if t.code == service_type]
    member_ids = {s.member_id for s in services}
    members = list(Member.objects.filter(pk__in=member_ids).order_by("name"))
    cells: dict = defaultdict(list)
    counts: Counter = Counter()
    labels = dict(MunicipalService.Modality.choices)
    for s in services:
        cell = cells[(s.member_id, s.service_type_id)]
        if s.modality not in [m for m, _ in cell]:
            cell.append((s.modality, labels[s.modality]))
        counts[(s.service_type_id, s.modality)] += 1
    rows = [
        {"member": m, "cells": [sorted(cells.get((m.pk, t.pk), [])) for t in types]}
        for m in members
    ]
    modalities = list(MunicipalService.Modality.choices)
    totals = [
        {
            "type": t,
            "counts": [counts[(t.pk, code)] for code, _ in modalities],
            "total": sum(counts[(t.pk, c)] for c, _ in modalities),
        }
        for t in types
    ]
    return {"types": types, "rows": rows, "modalities": modalities, "totals": totals}
