"""Reading the visit counts (the statistics page and the work-plan source)."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Q, Sum
from django.db.models.functions import ExtractMonth

from .models import DailyVisits


def _days(start: dt.date, end: dt.date) -> Q:
    return Q(day__gte=start, day__lte=end)


def visits_between(*, start: dt.date, end: dt.date) -> int:
    """Page views counted from ``start`` to ``end``, both included."""
    total = DailyVisits.objects.filter(_days(start, end)).aggregate(n=Sum("count"))["n"]
    return total or 0


def visits_by_year(*, years) -> dict[int, int]:
    """``visits_between`` for calendar years, in one query."""
    from teixit.workplans.sources import aggregate_by_year

    totals = aggregate_by_year(
        DailyVisits.objects.all(),
        years,
        _days,
        lambda rows: Sum("count", filter=rows),
    )
    return {year: total or 0 for year, total in totals.items()}


def section_label(section: str) -> str:
    """The section's name as the site calls it (the application's name)."""
    try:
        return str(apps.get_app_config(section).verbose_name)
    except LookupError:
        return section


def visits_by_section(*, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    rows = (
        DailyVisits.objects.filter(day__gte=start, day__lte=end)
        .values("section")
        .annotate(n=Sum("count"))
        .order_by("-n", "section")
    )
    return [(section_label(r["section"]), r["n"]) for r in rows]


def visits_by_month(*, year: int) -> list[tuple[int, int]]:
    """(month, page views) for the twelve months of ``year``."""
    rows = (
        DailyVisits.objects.filter(day__year=year)
        .annotate(month=ExtractMonth("day"))
        .values("month")
        .annotate(n=Sum("count"))
        .order_by()
    )
    counted = {r["month"]: r["n"] for r in rows}
    return [(month, counted.get(month, 0)) for month in range(1, 13)]


def visit_years() -> list[int]:
    return sorted(
        {d.year for d in DailyVisits.objects.dates("day", "year")}, reverse=True
    )
