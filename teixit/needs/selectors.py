"""Reads of the needs register and the social market.

The social market matches a need with the published SSE entities of the
register that could answer it: entities of one of the need's sectors, in the
need's territory (its municipalities and the municipalities of its comarques)
or near it, nearest first (distance to the nearest municipality centroid of
the territory). Every match carries its reasons ("sector
*Alimentació*, 8 km"), so a match is explainable.

Matching (`sector_points`) reads the map's finest per-sector cells
(`teixit.maps.models.MapCell`) to bound the search, then only the points
(`MapPoint`) of the cells that may hold one of the nearest entities: never the
whole register, nor every point of a box. `nearby_points` (every point of
growing boxes, sectors filtered by `EXISTS`) gives the same answer and serves
the "buy from the SSE" search, which also matches words.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from teixit.core.dates import day_bounds
from teixit.maps import geo
from teixit.maps.services import AGGREGATE_LEVELS
from teixit.network.roles import is_body_member, is_secretariat, member_ids_of
from teixit.vocabulary.schemes import SECTORS, THEMES

from .models import PUBLIC_STATUSES, Need, SupplierMark

#: Radii (km) tried in turn around the territory until enough entities match.
RADII_KM = (2, 5, 10, 25, 50)
MAX_RADIUS_KM = RADII_KM[-1]
MATCH_LIMIT = 50
KM_PER_DEGREE = 111.32
#: The map's finest cell level (about 150 m across in Catalonia).
FINE_LEVEL = AGGREGATE_LEVELS[-1]
#: Bits between a fine cell and the map's point grid.
FINE_BASE_SHIFT = geo.BASE_LEVEL - FINE_LEVEL
#: Crowded cells read from the map's points in one statement.
CELLS_PER_QUERY = 40


# Needs ----------------------------------------------------------------------


def is_network_person(user) -> bool:
    return bool(is_secretariat(user) or is_body_member(user) or member_ids_of(user))


def need_list_for_user(
    user,
    *,
    theme: str = "",
    comarca: str = "",
    municipality: str = "",
    status: str = "",
    q: str = "",
    with_sectors: bool = True,
) -> QuerySet[Need]:
    """Needs the user may see, filtered. The public sees confirmed, answered
    and covered needs; people of the network (technicians, body members, the
    secretariat) also see the raised proposals and the dropped ones.
    `with_sectors`: their sectors read too (the API gives them; the list page
    shows none)."""
    qs = Need.objects.all()
    if not is_network_person(user):
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    if status:
        qs = qs.filter(status=status)
    if theme:
        qs = qs.filter(themes__code=theme, themes__scheme__code=THEMES)
    if comarca:
        qs = qs.filter(
            Q(comarques__code=comarca) | Q(municipalities__comarca__code=comarca)
        )
    if municipality:
        qs = qs.filter(
            Q(municipalities__code=municipality)
            | Q(comarques__municipalities__code=municipality)
        )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    related = ["themes", "municipalities", "comarques"]
    if with_sectors:
        related.insert(1, "sectors")
    return (
        qs.distinct()
        .select_related("member")
        .prefetch_related(*related)
        .order_by("-created_at", "pk")
    )


def need_counts(needs: QuerySet[Need]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts of `needs` per theme and per comarca: {"themes": [(code, label,
    n)], "comarques": [...]}, largest first. A need of a municipality counts
    for its comarca."""
    ids = list(needs.values_list("pk", flat=True))
    themes = (
        Need.themes.through.objects.filter(need_id__in=ids)
        .values("concept__code", "concept__label_ca", "concept__label_es")
        .annotate(n=Count("need_id", distinct=True))
        .order_by("-n", "concept__code")
    )
    from teixit.territories.models import Comarca

    per_comarca: dict[int, set[int]] = {}
    for need_id, comarca_id in Need.comarques.through.objects.filter(
        need_id__in=ids
    ).values_list("need_id", "comarca_id"):
        per_comarca.setdefault(comarca_id, set()).add(need_id)
    for need_id, comarca_id in Need.municipalities.through.objects.filter(
        need_id__in=ids, municipality__comarca__isnull=False
    ).values_list("need_id", "municipality__comarca_id"):
        per_comarca.setdefault(comarca_id, set()).add(need_id)
    names = dict(Comarca.objects.filter(pk__in=per_comarca).values_list("pk", "name"))
    codes = dict(Comarca.objects.filter(pk__in=per_comarca).values_list("pk", "code"))
    comarques = sorted(
        ((codes[pk], names[pk], len(v)) for pk, v in per_comarca.items()),
        key=lambda row: (-row[2], row[1]),
    )
    from teixit.vocabulary.models import Concept

    return {
        "themes": [
            (
                row["concept__code"],
                Concept(
                    label_ca=row["concept__label_ca"], label_es=row["concept__label_es"]
                ).label,
                row["n"],
            )
            for row in themes
        ],
        "comarques": comarques,
    }


def need_map_points(needs) -> list[dict]:
    """One point per municipality of each need (the centroid), with comarques
    drawn at the mean of their municipalities' centroids."""
    points = []
    for need in needs:
        places = [
            (m.name, m.latitude, m.longitude)
            for m in need.municipalities.all()
            if m.latitude is not None
        ]
        for comarca in need.comarques.all():
            centre = _comarca_centre(comarca.pk)
            if centre:
                places.append((comarca.name, *centre))
        for name, lat, lon in places:
            points.append(
                {
                    "lat": lat,
                    "lon": lon,
                    "name": need.title,
                    "place": name,
                    "url": need.get_absolute_url(),
                }
            )
    return points


def _comarca_centre(comarca_id: int) -> tuple[float, float] | None:
    from teixit.territories.models import Municipality

    rows = list(
        Municipality.objects.filter(
            comarca_id=comarca_id, latitude__isnull=False
        ).values_list("latitude", "longitude")
    )
    if not rows:
        return None
    return (
        sum(r[0] for r in rows) / len(rows),
        sum(r[1] for r in rows) / len(rows),
    )


def _raised_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(created_at__gte=first, created_at__lt=after)


def _confirmed() -> QuerySet[Need]:
    return Need.objects.filter(
        status__in=[
            Need.Status.CONFIRMED,
            Need.Status.ANSWERING,
            Need.Status.COVERED,
        ]
    )


def _answered() -> QuerySet[Need]:
    return Need.objects.filter(status__in=[Need.Status.ANSWERING, Need.Status.COVERED])


def needs_confirmed(*, start: dt.date, end: dt.date) -> int:
    """Indicator source: needs confirmed (or further along) raised in the period."""
    return _confirmed().filter(_raised_in(start, end)).count()


def needs_confirmed_by_year(*, years) -> dict[int, int]:
    from teixit.workplans.sources import aggregate_by_year

    return aggregate_by_year(_confirmed(), years, _raised_in)


def needs_answered(*, start: dt.date, end: dt.date) -> int:
    """Indicator source: needs raised in the period that the SSE is answering
    or covers."""
    return _answered().filter(_raised_in(start, end)).count()


def needs_answered_by_year(*, years) -> dict[int, int]:
    from teixit.workplans.sources import aggregate_by_year

    return aggregate_by_year(_answered(), years, _raised_in)


# The social market --------------------------------------------------------


@dataclass
class Territory:
    """Where a need is: municipality ids and the centroids to measure from."""

    municipality_ids: frozenset[int]
    anchors: list[tuple[float, float]]  # (lat, lon)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.anchors


def territory_of(
    *, municipality_ids=(), comarca_ids=(), where: Q | None = None
) -> Territory:
    from teixit.territories.models import Municipality

    if where is None:
        where = Q(pk__in=list(municipality_ids)) | Q(comarca_id__in=list(comarca_ids))
    rows = Municipality.objects.filter(where).values_list(
        "pk", "name", "latitude", "longitude"
    )
    ids, anchors, names = set(), [], {}
    for pk, name, lat, lon in rows:
        ids.add(pk)
        names[pk] = name
        if lat is not None and lon is not None:
            anchors.append((lat, lon))
    return Territory(municipality_ids=frozenset(ids), anchors=anchors, names=names)


def need_territory(need: Need) -> Territory:
    prefetched = getattr(need, "_prefetched_objects_cache", {})
    if "municipalities" in prefetched and "comarques" in prefetched:
        return territory_of(
            municipality_ids=[m.pk for m in need.municipalities.all()],
            comarca_ids=[c.pk for c in need.comarques.all()],
        )
    # One query: the need's municipalities and those of its comarques.
    return territory_of(
        where=Q(
            pk__in=Need.municipalities.through.objects.filter(need_id=need.pk).values(
                "municipality_id"
            )
        )
        | Q(
            comarca_id__in=Need.comarques.through.objects.filter(
                need_id=need.pk
            ).values("comarca_id")
        )
    )


@dataclass
class Match:
    """An entity that could answer a need, and why."""

    entity_id: int
    name: str
    latitude: float
    longitude: float
    municipality_id: int
    distance_km: float | None
    in_territory: bool
    sector_ids: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    municipality: str = ""
    url: str = ""
    contact: dict = field(default_factory=dict)
    mark: SupplierMark | None = None

    @property
    def explanation(self) -> str:
        return ", ".join(self.reasons)


def _distances(candidates, territory: Territory) -> list[float]:
    """Kilometres from each candidate (lat, lon) to the nearest centroid of the
    territory (equirectangular approximation, accurate enough at these
    distances)."""
    import numpy as np

    if not candidates:
        return []
    lat = np.array([c[0] for c in candidates], dtype=float)
    lon = np.array([c[1] for c in candidates], dtype=float)
    alat = np.array([a[0] for a in territory.anchors], dtype=float)
    alon = np.array([a[1] for a in territory.anchors], dtype=float)
    mean_lat = math.radians(float(alat.mean()))
    dx = (lon[:, None] - alon[None, :]) * math.cos(mean_lat)
    dy = lat[:, None] - alat[None, :]
    return (np.sqrt(dx * dx + dy * dy).min(axis=1) * KM_PER_DEGREE).tolist()


def _grid_box(west, south, east, north) -> Q:
    from teixit.maps import geo

    gx0, gy0, gx1, gy1 = geo.grid_range(
        max(-180.0, west), max(-85.0, south), min(180.0, east), min(85.0, north)
    )
    return Q(gy__gte=gy0, gy__lte=gy1, gx__gte=gx0, gx__lte=gx1)


def _boxes(territory: Territory, radius_km: float) -> list[Q]:
    """Grid boxes holding every point within `radius_km` of a centroid of the
    territory: one box around all the centroids when they are close together
    for that radius, else one box per centroid (each an index range scan;
    SQLite will not range-scan an OR of many boxes)."""
    dlat = radius_km / KM_PER_DEGREE
    lats = [a[0] for a in territory.anchors]
    lons = [a[1] for a in territory.anchors]
    coslat = max(0.1, math.cos(math.radians(max(abs(x) for x in lats))))
    dlon = radius_km / (KM_PER_DEGREE * coslat)
    extent_km = max(
        (max(lats) - min(lats)) * KM_PER_DEGREE,
        (max(lons) - min(lons)) * KM_PER_DEGREE * coslat,
    )
    if len(territory.anchors) == 1 or extent_km <= 2 * radius_km:
        return [
            _grid_box(
                min(lons) - dlon, min(lats) - dlat, max(lons) + dlon, max(lats) + dlat
            )
        ]
    return [
        _grid_box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)
        for lat, lon in territory.anchors
    ]


def nearby_points(
    *,
    territory: Territory,
    condition,
    limit: int = MATCH_LIMIT,
    max_radius_km: float = MAX_RADIUS_KM,
) -> list[tuple[int, str, float, float, int, float]]:
    """Map points meeting `condition` (a Q/Exists on MapPoint) near the
    territory: (entity_id, name, lat, lon, municipality_id, km from the
    nearest centroid of the territory), nearest first, at most `limit`. Boxes
    of growing radius (RADII_KM) around the centroids are searched until
    `limit` points lie within the radius, or the largest radius is reached."""
    from teixit.maps.models import MapPoint

    if territory.is_empty:
        return []
    radii = [r for r in RADII_KM if r < max_radius_km] + [max_radius_km]
    found: list = []
    for radius in radii:
        seen: dict[int, tuple] = {}
        for box in _boxes(territory, radius):
            for row in (
                MapPoint.objects.filter(box)
                .filter(condition)
                .values_list(
                    "entity_id", "name", "latitude", "longitude", "municipality_id"
                )
            ):
                seen[row[0]] = row
        rows = list(seen.values())
        km = _distances([(r[2], r[3]) for r in rows], territory)
        found = sorted(
            ((*row, d) for row, d in zip(rows, km, strict=True) if d <= radius),
            key=lambda item: (item[5], item[1], item[0]),
        )
        if len(found) >= limit:
            break
    return found[:limit]


# The per-sector index: the map's finest sector cells --------------------------


def _cell_bounds(cy, cx, level: int):
    """(south, north, west, east) arrays of the grid cells (cy, cx) of
    `level`, widened by a hair so that every point stored in a cell lies
    inside its bounds despite rounding."""
    import numpy as np

    size = float(1 << level)
    hair = 1e-6

    def lat(y):
        return np.degrees(np.arctan(np.sinh(np.pi - 2.0 * np.pi * y)))

    north = lat(cy / size) + hair
    south = lat((cy + 1) / size) - hair
    west = cx / size * 360.0 - 180.0 - hair
    east = (cx + 1) / size * 360.0 - 180.0 + hair
    return south, north, west, east


def _cell_distances(cells, territory: Territory):
    """For each cell, the least and the greatest distance (km) that a point in
    it can be from the territory (the nearest of its centroids), in the
    metric of `_distances`."""
    import numpy as np

    south, north, west, east = _cell_bounds(cells[:, 0], cells[:, 1], FINE_LEVEL)
    alat = np.array([a[0] for a in territory.anchors], dtype=float)
    alon = np.array([a[1] for a in territory.anchors], dtype=float)
    coslat = math.cos(math.radians(float(alat.mean())))
    s, n = south[:, None], north[:, None]
    w, e = west[:, None], east[:, None]
    near_y = np.maximum(np.maximum(s - alat, alat - n), 0.0)
    near_x = np.maximum(np.maximum(w - alon, alon - e), 0.0) * coslat
    far_y = np.maximum(np.abs(s - alat), np.abs(n - alat))
    far_x = np.maximum(np.abs(w - alon), np.abs(e - alon)) * coslat
    least = np.sqrt(near_x**2 + near_y**2).min(axis=1) * KM_PER_DEGREE
    greatest = np.sqrt(far_x**2 + far_y**2).min(axis=1) * KM_PER_DEGREE
    return least, greatest


def _sector_cells(sector_ids, box) -> list[tuple]:
    """(cy, cx, count, sum_id) of the finest map cells of the sectors inside
    the box (cell bounds x0, y0, x1, y1): MapCell keeps, per sector, how many
    published entities each ~150 m cell holds — a per-sector point table
    with a (sector, position) index, kept by the map."""
    from teixit.maps.models import MapCell

    x0, y0, x1, y1 = box
    placeholders = ", ".join(["%s"] * len(sector_ids))
    sql = (
        f"SELECT cy, cx, count, sum_id FROM {MapCell._meta.db_table} "
        f"WHERE level = %s AND dimension = %s AND value IN ({placeholders}) "
        "AND cy BETWEEN %s AND %s AND cx BETWEEN %s AND %s AND count > 0"
    )
    params = [FINE_LEVEL, MapCell.Dimension.SECTOR, *sector_ids, y0, y1, x0, x1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cells_box(territory: Territory, radius_km: float) -> tuple[int, int, int, int]:
    dlat = radius_km / KM_PER_DEGREE
    lats = [a[0] for a in territory.anchors]
    lons = [a[1] for a in territory.anchors]
    coslat = max(0.1, math.cos(math.radians(max(abs(x) for x in lats))))
    dlon = radius_km / (KM_PER_DEGREE * coslat)
    return geo.cell_range(
        max(-180.0, min(lons) - dlon),
        max(-85.0, min(lats) - dlat),
        min(180.0, max(lons) + dlon),
        min(85.0, max(lats) + dlat),
        FINE_LEVEL,
    )


def sector_points(
    *,
    territory: Territory,
    sector_ids,
    limit: int = MATCH_LIMIT,
    max_radius_km: float = MAX_RADIUS_KM,
) -> list[tuple[int, str, float, float, int, float]]:
    """What `nearby_points(condition=_sector_condition(sector_ids))` returns
    — the `limit` nearest published entities of the sectors within
    `max_radius_km`, (entity_id, name, lat, lon, municipality_id, km), nearest
    first, ties by name and id — read through the map's per-sector cells:

    1. the sectors' finest cells around the territory (growing boxes, as
       `nearby_points`), each with the least and greatest distance a point in
       it can have;
    2. the distance `reach` within which `limit` entities surely lie (the
       cells' greatest distances, counted in order) — or the radius;
    3. the points of the cells that may hold an entity within `reach`: a cell
       of one entity names it (sum_id), a fuller cell is read from the map's
       points;
    4. their exact distances (`_distances`), sorted as `nearby_points` sorts.
    """
    import numpy as np

    from teixit.maps.models import MapPoint

    sector_ids = sorted({int(pk) for pk in sector_ids})
    if territory.is_empty or not sector_ids:
        return []
    radii = [r for r in RADII_KM if r < max_radius_km] + [max_radius_km]
    for radius in radii:
        rows = _sector_cells(sector_ids, _cells_box(territory, radius))
        if not rows:
            if radius == radii[-1]:
                return []
            continue
        table = np.array(rows, dtype=np.int64)
        least, greatest = _cell_distances(table[:, :2].astype(float), territory)
        # Entities surely within a distance: per cell, the largest of its
        # sectors' counts (an entity of two sectors is in both rows).
        order = np.lexsort((table[:, 2], table[:, 1], table[:, 0]))
        keys = table[order, 0] * (1 << 32) + table[order, 1]
        last_of_cell = np.append(keys[1:] != keys[:-1], True)
        per_cell = order[last_of_cell]  # the row with the largest count
        by_reach = per_cell[np.argsort(greatest[per_cell], kind="stable")]
        surely = np.cumsum(table[by_reach, 2])
        enough = np.searchsorted(surely, limit)
        if enough < len(by_reach) and greatest[by_reach[enough]] <= radius:
            reach = float(greatest[by_reach[enough]])
            break
        if radius == radii[-1]:
            reach = float(radius)
            break
    wanted = least <= reach + 1e-6
    single = wanted & (table[:, 2] == 1)
    lone_ids = sorted(set(table[single, 3].tolist()))
    fuller = table[wanted & (table[:, 2] > 1)]
    points_table = MapPoint._meta.db_table
    positions: dict[int, tuple[float, float]] = {}
    with connection.cursor() as cursor:
        if len(fuller):
            shift = 1 << FINE_BASE_SHIFT
            sectors_table, entity_col, concept_col = _sectors_through()
            placeholders = ", ".join(["%s"] * len(sector_ids))
            sql = (
                f"SELECT p.entity_id, p.latitude, p.longitude FROM {points_table} p "
                "WHERE p.gy BETWEEN %s AND %s AND p.gx BETWEEN %s AND %s AND EXISTS ("
                f"SELECT 1 FROM {sectors_table} s WHERE s.{entity_col} = p.entity_id "
                f"AND s.{concept_col} IN ({placeholders}))"
            )
            cells = sorted({(int(r[0]), int(r[1])) for r in fuller})
            # Each cell is one range scan of the grid index; a few dozen of
            # them go in one statement.
            for k in range(0, len(cells), CELLS_PER_QUERY):
                chunk = cells[k : k + CELLS_PER_QUERY]
                params: list = []
                for cy, cx in chunk:
                    params += [cy * shift, cy * shift + shift - 1, cx * shift, cx * shift + shift - 1, *sector_ids]  # fmt: skip
                cursor.execute(" UNION ALL ".join([sql] * len(chunk)), params)
                positions.update((pk, (lat, lon)) for pk, lat, lon in cursor.fetchall())
        for pk, lat, lon in _point_rows(
            cursor, "entity_id, latitude, longitude", lone_ids
        ):
            positions[pk] = (lat, lon)
        if not positions:
            return []
        ids = list(positions)
        km = _distances([positions[pk] for pk in ids], territory)
        near = sorted(
            (d, pk) for pk, d in zip(ids, km, strict=True) if d <= max_radius_km
        )
        if not near:
            return []
        # Names break ties: only the entities up to the `limit`-th distance
        # (all of them when several share it) are read in full.
        cut = near[min(limit, len(near)) - 1][0]
        distance = {pk: d for d, pk in near if d <= cut}
        rows = _point_rows(
            cursor,
            "entity_id, name, latitude, longitude, municipality_id",
            sorted(distance),
        )
    found = sorted(
        ((*row, distance[row[0]]) for row in rows),
        key=lambda item: (item[5], item[1], item[0]),
    )
    return found[:limit]


def _point_rows(cursor, columns: str, ids: list[int], chunk: int = 500) -> list[tuple]:
    """Rows of the map's points `ids` (raw SQL, a few hundred ids a query)."""
    from teixit.maps.models import MapPoint

    rows: list[tuple] = []
    for k in range(0, len(ids), chunk):
        part = ids[k : k + chunk]
        cursor.execute(
            f"SELECT {columns} FROM {MapPoint._meta.db_table} "
            f"WHERE entity_id IN ({', '.join(['%s'] * len(part))})",
            part,
        )
        rows.extend(cursor.fetchall())
    return rows


def _sectors_through() -> tuple[str, str, str]:
    from teixit.entities.models import Entity

    meta = Entity.sectors.through._meta
    return (
        meta.db_table,
        meta.get_field("entity").column,
        meta.get_field("concept").column,
    )


def _sector_condition(sector_ids):
    from teixit.entities.models import Entity

    return Exists(
        Entity.sectors.through.objects.filter(
            entity_id=OuterRef("entity_id"), concept_id__in=list(sector_ids)
        )
    )


def _reason_distance(match: Match) -> str:
    if match.in_territory:
        return _("in %(place)s") % {"place": match.municipality}
    return _("%(km)s km") % {"km": _format_km(match.distance_km)}


def _format_km(km: float | None) -> str:
    if km is None:
        return ""
    return str(max(1, round(km))) if km >= 1 else "<1"


def _entity_url_template() -> str:
    from django.urls import reverse

    return reverse("entities:detail", kwargs={"pk": 987654321})


def _hydrate(
    points,
    territory: Territory,
    *,
    sector_ids=(),
    reason_text="",
    concepts: dict | None = None,
    all_of_sectors: bool = False,
) -> list[Match]:
    """Matches for the points, with sectors, municipality, public contact and
    the reasons (a few narrow queries, no model instances)."""
    from teixit.entities.models import Entity
    from teixit.territories.models import Municipality
    from teixit.vocabulary.models import Concept

    ids = [p[0] for p in points]
    rows = {
        row[0]: row
        for row in Entity.objects.filter(pk__in=ids).values_list(
            "pk",
            "website",
            "website_public",
            "email",
            "email_public",
            "phone",
            "phone_public",
        )
    }
    towns = {pk: territory.names[pk] for pk in territory.names}
    missing = {p[4] for p in points} - set(towns)
    if missing:
        towns.update(
            Municipality.objects.filter(pk__in=missing).values_list("pk", "name")
        )
    wanted = list(sector_ids)
    if concepts is None:
        concepts = {c.pk: c for c in Concept.objects.filter(pk__in=wanted)}
    sectors_of: dict[int, list[int]] = {}
    if all_of_sectors and len(wanted) == 1:
        # Every point is of the one sector (`sector_points`).
        sectors_of = {p[0]: list(wanted) for p in points}
    elif wanted:
        for entity_id, concept_id in Entity.sectors.through.objects.filter(
            entity_id__in=ids, concept_id__in=wanted
        ).values_list("entity_id", "concept_id"):
            sectors_of.setdefault(entity_id, []).append(concept_id)
    url_template = _entity_url_template()
    matches = []
    for entity_id, name, lat, lon, municipality_id, km in points:
        row = rows.get(entity_id)
        if row is None:
            continue
        _pk, website, website_public, email, email_public, phone, phone_public = row
        sector_pks = sorted(
            sectors_of.get(entity_id, []), key=lambda pk: wanted.index(pk)
        )
        match = Match(
            entity_id=entity_id,
            name=name,
            latitude=lat,
            longitude=lon,
            municipality_id=municipality_id,
            distance_km=round(km, 1),
            in_territory=municipality_id in territory.municipality_ids,
            sector_ids=sector_pks,
            municipality=towns.get(municipality_id, ""),
            url=url_template.replace("987654321", str(entity_id)),
            contact={
                "website": website if website_public else "",
                "email": email if email_public else "",
                "phone": phone if phone_public else "",
            },
        )
        if sector_pks:
            labels = ", ".join(
                concepts[pk].label or concepts[pk].code for pk in sector_pks
            )
            match.reasons.append(_("sector %(sectors)s") % {"sectors": labels})
        elif reason_text:
            match.reasons.append(reason_text)
        match.reasons.append(_reason_distance(match))
        matches.append(match)
    return matches


def need_matches(
    need: Need, *, limit: int = MATCH_LIMIT, max_radius_km: float = MAX_RADIUS_KM
) -> list[Match]:
    """The published SSE entities that could answer `need`: one of its sectors,
    within `max_radius_km` of a municipality centroid of its territory,
    nearest first (ties by name). Each match has its reasons and, if the network marked it, its mark.
    A need without sectors or territory has no matches."""
    sectors = {s.pk: s for s in need.sectors.all()}
    if not sectors:
        return []
    sector_ids = list(sectors)
    territory = need_territory(need)
    points = sector_points(
        territory=territory,
        sector_ids=sector_ids,
        limit=limit,
        max_radius_km=max_radius_km,
    )
    matches = _hydrate(
        points,
        territory,
        sector_ids=sector_ids,
        concepts=sectors,
        all_of_sectors=True,
    )
    marks = {
        m.entity_id: m
        for m in SupplierMark.objects.filter(
            need=need, entity_id__in=[x.entity_id for x in matches]
        )
    }
    for match in matches:
        match.mark = marks.get(match.entity_id)
    return matches


def need_match_ids(
    need_id: int,
    sector_ids: list[int],
    territory: Territory,
    *,
    limit: int = MATCH_LIMIT,
) -> list[tuple]:
    """The raw matching (no hydration): used by the benchmark."""
    return nearby_points(
        territory=territory, condition=_sector_condition(sector_ids), limit=limit
    )


def supplier_search(
    *, text: str, municipality, radius_km: float = MAX_RADIUS_KM, limit: int = 30
) -> list[Match]:
    """The public "buy from the SSE" search: published entities offering a
    product or service (`text`, matched against the sectors' labels and the
    entities' names and descriptions, accents ignored for sectors) near a
    place (a Municipality), nearest first."""
    from teixit.core.text import fold
    from teixit.entities.models import Entity
    from teixit.vocabulary.models import Concept

    text = (text or "").strip()
    if not text or municipality is None:
        return []
    key = fold(text)
    sector_ids = [
        c.pk
        for c in Concept.objects.filter(scheme__code=SECTORS)
        if key in fold(c.label_ca)
        or key in fold(c.label_es)
        or key in fold(c.label_en)
        or key in fold(c.code)
    ]
    by_text = Exists(
        Entity.objects.filter(pk=OuterRef("entity_id")).filter(
            Q(name__icontains=text) | Q(description__icontains=text)
        )
    )
    condition = by_text | _sector_condition(sector_ids) if sector_ids else by_text
    territory = territory_of(municipality_ids=[municipality.pk])
    points = nearby_points(
        territory=territory, condition=condition, limit=limit, max_radius_km=radius_km
    )
    return _hydrate(
        points,
        territory,
        sector_ids=sector_ids,
        reason_text=_("“%(text)s” in its name or description") % {"text": text},
    )
