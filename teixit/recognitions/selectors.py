"""Reads of recognitions: the catalogue, its deadlines, and label holders."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from teixit.core.dates import day_bounds

from .models import EntityLabel, Recognition


def recognition_list(
    *,
    user=None,
    kind: str = "",
    audience: str = "",
    upcoming: bool = False,
    with_themes: bool = True,
) -> QuerySet[Recognition]:
    """Published recognitions (the secretariat also sees drafts); `audience`
    is "entities" or "municipalities"; `upcoming` keeps those whose deadline
    is today or later, or unknown. `with_themes`: their themes read too (the
    API gives them; the catalogue page and the deadlines' feed do not)."""
    from teixit.network.roles import is_secretariat

    qs = Recognition.objects.all()
    if user is None or not is_secretariat(user):
        qs = qs.published()
    if kind:
        qs = qs.filter(kind=kind)
    if audience == "entities":
        qs = qs.filter(for_entities=True)
    elif audience == "municipalities":
        qs = qs.filter(for_municipalities=True)
    if upcoming:
        from django.db.models import Q

        qs = qs.filter(
            Q(deadline__gte=datetime.date.today()) | Q(deadline__isnull=True)
        )
    if with_themes:
        qs = qs.prefetch_related("themes")
    return qs.order_by("deadline", "name")


def recognition_holders(recognition: Recognition):
    """Published entities holding the label, by name."""
    return (
        EntityLabel.objects.filter(recognition=recognition, entity__status="published")
        .select_related("entity", "entity__municipality")
        .order_by("entity__name")
    )


def entity_labels(entity_id: int) -> list[EntityLabel]:
    """The published labels an entity holds."""
    return list(
        EntityLabel.objects.filter(entity_id=entity_id, recognition__published=True)
        .select_related("recognition")
        .order_by("recognition__name")
    )


def label_codes() -> list[tuple[str, str]]:
    """(code, name) of the published labels, for the map's label filter."""
    return list(
        Recognition.objects.published()
        .filter(kind=Recognition.Kind.LABEL)
        .order_by("name")
        .values_list("code", "name")
    )


def label_holder_condition(code: str, entity_ref: str = "entity_id"):
    """An Exists() true for rows whose `entity_ref` holds the published label
    `code`: the map's label filter (teixit.maps) uses it on its points."""
    return Exists(
        EntityLabel.objects.filter(
            entity_id=OuterRef(entity_ref),
            recognition__code=code,
            recognition__published=True,
        )
    )


def label_exists(code: str) -> bool:
    return (
        Recognition.objects.published()
        .filter(kind=Recognition.Kind.LABEL, code=code)
        .exists()
    )


def _catalogued_by(start: datetime.date, end: datetime.date) -> Q:
    _first, after = day_bounds(start, end)
    return Q(created_at__lt=after)


def recognitions_catalogued(*, start: datetime.date, end: datetime.date) -> int:
    """Indicator source: published recognitions catalogued up to the end of the
    period (a state at its end)."""
    return Recognition.objects.published().filter(_catalogued_by(start, end)).count()


def recognitions_catalogued_by_year(*, years) -> dict[int, int]:
    """`recognitions_catalogued` at the end of each calendar year, in one query."""
    from teixit.workplans.sources import aggregate_by_year

    return aggregate_by_year(Recognition.objects.published(), years, _catalogued_by)
