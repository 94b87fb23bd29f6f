"""Reads of reference territories, used by every app that points at a
municipality, comarca or province."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from teixit.core.text import fold

from .aliases import alias_codes, province_keys
from .models import CATALAN_PROVINCES, Comarca, Municipality, Population, Province
from .text import CUT_NAME_LENGTH, name_key, province_split


def province_list() -> QuerySet[Province]:
    return Province.objects.all()


def comarca_list(*, province: str | None = None) -> QuerySet[Comarca]:
    """Comarques with their province, without the boundaries of either (JSON
    outlines decoded for each row, which the list does not show)."""
    qs = Comarca.objects.select_related("province").defer(
        "boundary", "province__boundary"
    )
    if province:
        qs = qs.filter(province__code=province)
    return qs


def municipality_list(
    *, comarca: str | None = None, province: str | None = None, q: str | None = None
) -> QuerySet[Municipality]:
    """Municipalities filtered by comarca code, province code and a free text
    (code prefix, or part of the name in any case and with or without accents)."""
    qs = Municipality.objects.select_related("comarca", "province").defer("boundary")
    if comarca:
        qs = qs.filter(comarca__code=comarca)
    if province:
        qs = qs.filter(province__code=province)
    if q and q.strip():
        text = q.strip()
        if text.isdigit():
            qs = qs.filter(Q(code__startswith=text) | Q(ine_code__startswith=text))
        else:
            key = name_key(text) or fold(text)
            qs = qs.filter(search_name__contains=key)
    return qs.order_by("name", "code")


def municipality_get(code: str) -> Municipality:
    """A municipality by its code (6-digit IDESCAT/INE code with check digit)
    or its 5-digit INE code; raises Municipality.DoesNotExist."""
    code = (code or "").strip()
    qs = Municipality.objects.select_related("comarca", "province").prefetch_related(
        "populations"
    )
    if len(code) == 5 and code.isdigit():
        return qs.get(ine_code=code)
    return qs.get(code=code)


def municipality_match(name_or_code: str) -> Municipality | None:
    """Find a municipality as people type it, or None.

    Accepts the 6-digit code (IDESCAT/INE with check digit), the 5-digit INE
    code, or a name in any case, with or without accents, with the article
    before or after: "L'Hospitalet de Llobregat", "HOSPITALET DE LLOBREGAT, L'",
    "el Prat de Llobregat", "Prat de Llobregat (El)". Bilingual names match by
    either part ("Donostia/San Sebastián", "San Sebastián"). When several
    municipalities of Spain share a name, the Catalan one is preferred; if the
    name stays ambiguous, None is returned rather than a guess.

    When no municipality bears the name today: the name followed by its
    province ("BARCELONA, Barcelona", "Granada (Granada)", "Figueras, Gerona"),
    a former name or renaming (`aliases.py`: "Sant Carles de la Ràpita",
    "Santa Maria de Corcó"), a name cut at 40 characters by its source (the one
    name it begins).
    """
    text = (name_or_code or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d{5,6}", text):
        field = "ine_code" if len(text) == 5 else "code"
        return (
            Municipality.objects.select_related("comarca", "province")
            .filter(**{field: text})
            .first()
        )
    key = name_key(text)
    if not key:
        return None
    qs = Municipality.objects.select_related("comarca", "province").defer("boundary")
    candidates = list(_named(qs, key)[:20])
    if candidates:
        return namesake_choice(
            [
                (m, m.search_name == key, m.code[:2] in CATALAN_PROVINCES)
                for m in candidates
            ]
        )
    split = province_split(
        text, province_keys(Province.objects.values_list("code", "name"))
    )
    if split:
        name, province = split
        name_key_ = name_key(name)
        found = list(
            _named(qs, name_key_, aliases=True).filter(code__startswith=province)[:2]
        )
        return found[0] if len(found) == 1 else None
    found = list(qs.filter(code__in=alias_codes(key))[:2])
    if not found and len(text) >= CUT_NAME_LENGTH:
        found = list(qs.filter(search_name__startswith=key)[:2])
    return found[0] if len(found) == 1 else None


def _named(qs: QuerySet, key: str, *, aliases: bool = False) -> QuerySet:
    """Municipalities whose name (or a part of a bilingual name, or with
    `aliases` a former name) has the key."""
    condition = (
        Q(search_name=key)
        | Q(search_name__startswith=f"{key} / ")
        | Q(search_name__endswith=f" / {key}")
    )
    if aliases and alias_codes(key):
        condition |= Q(code__in=alias_codes(key))
    return qs.filter(condition)


def namesake_choice(candidates: list[tuple]) -> object | None:
    """Of the municipalities a typed name matches, given as (item, the name is
    its whole name, it is Catalan): the one whose whole name it is, then the
    Catalan one; None when none or still several (no guess). Used by
    `municipality_match` and by the entity import's in-memory index."""
    if len(candidates) > 1:
        candidates = [c for c in candidates if c[1]] or candidates
    if len(candidates) > 1:
        candidates = [c for c in candidates if c[2]] or candidates
    return candidates[0][0] if len(candidates) == 1 else None


def municipality_population(
    municipality: Municipality, year: int | None = None
) -> int | None:
    """The population of `year` or, when that year is missing, of the closest
    earlier year; the latest known when `year` is None; None when unknown.
    Uses prefetched `populations` when present (no query per municipality)."""
    record = municipality_population_record(municipality, year)
    return record.total if record else None


def municipality_population_record(
    municipality: Municipality, year: int | None = None
) -> Population | None:
    """The Population row behind `municipality_population()`."""
    cache = getattr(municipality, "_prefetched_objects_cache", {})
    if "populations" in cache:
        rows = [p for p in cache["populations"] if year is None or p.year <= year]
        return max(rows, key=lambda p: p.year) if rows else None
    qs = Population.objects.filter(municipality=municipality)
    if year is not None:
        qs = qs.filter(year__lte=year)
    return qs.order_by("-year").first()


#: The country of the territories Teixit loads (IDESCAT's Catalonia and INE's
#: municipalities of Spain): the open data takes an entity's country from its
#: municipality through `municipality_country`, never from a constant of its own.
TERRITORIES_COUNTRY = "ES"


def municipality_country(code: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of the country of a municipality (None when
    there is no municipality)."""
    return TERRITORIES_COUNTRY if code else None


def municipality_suggest(q: str, *, limit: int = 10) -> list[Municipality]:
    """Municipalities for an autocomplete: names that start with the typed
    text first, then those that contain it; Catalan ones first in each."""
    from django.db.models import Case, IntegerField, Value, When

    key = name_key(q or "") or fold(q or "").strip()
    if len(key) < 2:
        return []
    return list(
        Municipality.objects.select_related("province", "comarca")
        .defer("boundary")
        .filter(search_name__contains=key)
        .annotate(
            rank=Case(
                When(search_name__startswith=key, then=Value(0)),
                default=Value(2),
                output_field=IntegerField(),
            )
            + Case(
                When(code__regex=r"^(08|17|25|43)", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "name", "code")[:limit]
    )
