"""Reads of the public map: clustered features of a viewport, counts per filter.

Filters are the register's public filters (`teixit.entities.selectors.
EntityFilters`: legal_form, sector, criterion, municipality, comarca, q), so a
filtered map, list and export show the same entities.

Two paths answer a viewport (see docs/map.md):

- aggregate: at zooms up to `MAX_AGGREGATE_ZOOM`, with no filter, with one
  sector, or with legal forms only, the clusters are read from MapCell (at most
  a few hundred rows for any viewport);
- points: otherwise the points of the viewport are grouped in SQL from MapPoint
  (indexed on the grid position), filtered by the other filters.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from teixit.maps import geo
from teixit.maps.models import MapCell, MapPoint
from teixit.maps.services import COUNT_LEVEL, MAX_AGGREGATE_ZOOM
from teixit.vocabulary.schemes import LEGAL_FORMS, SECTORS, SSE_PRINCIPLES

Dim = MapCell.Dimension

SCHEMES = {
    "legal_form": LEGAL_FORMS,
    "sectors": SECTORS,
    "criteria": SSE_PRINCIPLES,
}
PARAMS = {
    "legal_form": "legal_form",
    "sectors": "sector",
    "criteria": "criterion",
    "municipalities": "municipality",
    "comarques": "comarca",
}
#: Safety net for the points path: never group more rows than this.
MAX_POINTS = 1_000_000
#: Entities listed in a cluster that no zoom splits (and such clusters listed).
STACK_LIST_LIMIT = 100
MAX_STACKS = 50


@dataclass(frozen=True)
class MapQuery:
    """Filters resolved to database ids (codes checked)."""

    filters: object  # teixit.entities.selectors.EntityFilters
    legal_form_ids: tuple[int, ...] = ()
    sector_ids: tuple[int, ...] = ()
    criterion_ids: tuple[int, ...] = ()
    municipality_ids: tuple[int, ...] = ()
    comarca_ids: tuple[int, ...] = ()
    q: str = ""
    #: Code of a label (teixit.recognitions) the entities hold; "" for any.
    label: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.label
            or self.legal_form_ids
            or self.sector_ids
            or self.criterion_ids
            or self.municipality_ids
            or self.comarca_ids
            or self.q
        )


def _unknown(param: str, codes) -> ValidationError:
    return ValidationError(
        _("Unknown code for %(param)s: %(codes)s.")
        % {"param": param, "codes": ", ".join(sorted(codes))},
        code="unknown_code",
    )


def map_query_from_params(params) -> MapQuery:
    """Parse the filter parameters of a request (QueryDict or dict); unknown
    codes raise ValidationError(code="unknown_code") naming them."""
    from teixit.entities.selectors import EntityFilters
    from teixit.territories.models import Comarca, Municipality
    from teixit.vocabulary.models import Concept

    filters = EntityFilters.from_query(params)
    resolved: dict[str, tuple[int, ...]] = {}
    for name, scheme in SCHEMES.items():
        codes = getattr(filters, name)
        if not codes:
            continue
        found = dict(
            Concept.objects.filter(scheme__code=scheme, code__in=codes).values_list(
                "code", "pk"
            )
        )
        if len(found) != len(codes):
            raise _unknown(PARAMS[name], set(codes) - set(found))
        resolved[name] = tuple(sorted(found.values()))
    for name, model in (("municipalities", Municipality), ("comarques", Comarca)):
        codes = getattr(filters, name)
        if not codes:
            continue
        found = dict(model.objects.filter(code__in=codes).values_list("code", "pk"))
        if len(found) != len(codes):
            raise _unknown(PARAMS[name], set(codes) - set(found))
        resolved[name] = tuple(sorted(found.values()))
    label = _label_param(params)
    return MapQuery(
        filters=filters,
        legal_form_ids=resolved.get("legal_form", ()),
        sector_ids=resolved.get("sectors", ()),
        criterion_ids=resolved.get("criteria", ()),
        municipality_ids=resolved.get("municipalities", ()),
        comarca_ids=resolved.get("comarques", ()),
        q=filters.q,
        label=label,
    )


def _label_param(params) -> str:
    """The `label` filter: the code of a published label; unknown codes raise
    ValidationError(code="unknown_code")."""
    label = str(params.get("label") or "").strip()
    if not label:
        return ""
    from teixit.recognitions.selectors import label_exists

    if not label_exists(label):
        raise _unknown("label", {label})
    return label


def parse_bbox(value: str | None) -> tuple[float, float, float, float]:
    """ "W,S,E,N" in degrees → floats; ValidationError(code="invalid_bbox")."""
    if not value:
        raise ValidationError(
            _("The bbox parameter is required: west,south,east,north."),
            code="invalid_bbox",
        )
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ValidationError(
            _("bbox must be four numbers: west,south,east,north (degrees)."),
            code="invalid_bbox",
        ) from None
    if any(v != v for v in (west, south, east, north)):  # NaN
        raise ValidationError(
            _("bbox must be four numbers: west,south,east,north (degrees)."),
            code="invalid_bbox",
        )
    if not (
        -180 <= west <= 180
        and -180 <= east <= 180
        and -90 <= south <= 90
        and -90 <= north <= 90
    ):
        raise ValidationError(
            _("bbox is out of range: longitudes -180..180, latitudes -90..90."),
            code="invalid_bbox",
        )
    if west >= east:
        raise ValidationError(
            _("bbox west must be less than east."), code="invalid_bbox"
        )
    if south >= north:
        raise ValidationError(
            _("bbox south must be less than north."), code="invalid_bbox"
        )
    return west, south, east, north


def check_zoom(zoom: int) -> int:
    if not geo.MIN_ZOOM <= zoom <= geo.MAX_ZOOM:
        raise ValidationError(
            _("zoom must be between %(min)s and %(max)s.")
            % {"min": geo.MIN_ZOOM, "max": geo.MAX_ZOOM},
            code="invalid_zoom",
        )
    return zoom


def _entity_url_template() -> str | None:
    try:
        return reverse("entities:detail", kwargs={"pk": 987654321})
    except NoReverseMatch:
        return None


def _aggregate_source(query: MapQuery, zoom: int) -> tuple[int, tuple[int, ...]] | None:
    """(dimension, values) of MapCell rows answering the query, or None."""
    if zoom > MAX_AGGREGATE_ZOOM:
        return None
    if (
        query.criterion_ids
        or query.municipality_ids
        or query.comarca_ids
        or query.q
        or query.label
    ):
        return None
    if query.sector_ids and query.legal_form_ids:
        return None
    if query.sector_ids:
        # An entity in two sectors is in both rows: only one sector sums right.
        return (Dim.SECTOR, query.sector_ids) if len(query.sector_ids) == 1 else None
    if query.legal_form_ids:  # one legal form per entity: rows of several add up
        return Dim.LEGAL_FORM, query.legal_form_ids
    return Dim.ALL, (0,)


def _cells_from_aggregate(dimension, values, level, x0, y0, x1, y1) -> list[tuple]:
    rows = MapCell.objects.filter(
        level=level,
        dimension=dimension,
        value__in=values,
        cy__gte=y0,
        cy__lte=y1,
        cx__gte=x0,
        cx__lte=x1,
    ).values_list("cx", "cy", "count", "sum_lat", "sum_lon", "sum_id")
    if len(values) == 1:
        return list(rows)
    merged: dict = defaultdict(lambda: [0, 0.0, 0.0, 0])
    for cx, cy, count, slat, slon, sid in rows:
        cell = merged[(cx, cy)]
        cell[0] += count
        cell[1] += slat
        cell[2] += slon
        cell[3] += sid
    return [(cx, cy, *cell) for (cx, cy), cell in merged.items()]


def _inside_range(
    west: float, south: float, east: float, north: float, level: int
) -> tuple[int, int, int, int] | None:
    """Inclusive (x0, y0, x1, y1) of the cells of `level` lying wholly inside
    the box, or None when no cell does."""
    size = 1 << level
    x0 = math.ceil(geo.lon_to_x(west) * size)
    x1 = math.floor(geo.lon_to_x(east) * size) - 1
    y0 = math.ceil(geo.lat_to_y(north) * size)
    y1 = math.floor(geo.lat_to_y(south) * size) - 1
    if x0 > x1 or y0 > y1:
        return None
    return x0, y0, x1, y1


#: How many levels finer than the view's the exact count reads cells: each
#: level scans the cells of its band of rows (an index on rows, not columns),
#: so a wide view stops at cells of 4 px (a few thousand rows at zoom 8 over
#: a million entities), and the strip left along the edge, under 4 px wide, is
#: counted on MapPoint.
COUNT_LEVELS_BELOW_VIEW = 4


def _count_in_box_from_aggregate(
    query: MapQuery, dimension, values, level: int, west, south, east, north
) -> int:
    """Entities inside the box exactly, with the cells that straddle its edge
    counted entity by entity.

    The box is covered by the cells wholly inside it, coarsest first: at each
    level from `level` down to COUNT_LEVELS_BELOW_VIEW finer (at most the
    finest aggregate level), the ring of cells inside the box but outside the
    region already covered by coarser cells (one query over MapCell's index).
    What is left, a strip thinner than a cell of the last level along the
    edge, is counted on MapPoint as four rectangles (top and bottom on its
    (gy, gx) index, left and right on its (gx, gy) one).
    """
    conditions = Q()
    previous = None
    finest = None
    last = min(level + COUNT_LEVELS_BELOW_VIEW, geo.level_for_zoom(MAX_AGGREGATE_ZOOM))
    for current in range(level, last + 1):
        inside = _inside_range(west, south, east, north, current)
        if inside is None:
            continue
        x0, y0, x1, y1 = inside
        ring = Q(level=current, cx__gte=x0, cx__lte=x1, cy__gte=y0, cy__lte=y1)
        if previous is not None:
            px0, py0 = 2 * previous[0], 2 * previous[1]
            px1, py1 = 2 * previous[2] + 1, 2 * previous[3] + 1
            ring &= ~Q(cx__gte=px0, cx__lte=px1, cy__gte=py0, cy__lte=py1)
        conditions |= ring
        previous = inside
        finest = (current, inside)
    total = 0
    if finest is not None:
        total = (
            MapCell.objects.filter(
                conditions, dimension=dimension, value__in=values
            ).aggregate(n=Sum("count"))["n"]
            or 0
        )
    gx0, gy0, gx1, gy1 = geo.grid_range(west, south, east, north)
    points = map_points_filtered(query)
    if finest is None:
        return (
            int(total)
            + points.filter(gy__gte=gy0, gy__lte=gy1, gx__gte=gx0, gx__lte=gx1).count()
        )
    current, (x0, y0, x1, y1) = finest
    shift = geo.BASE_LEVEL - current
    # The covered region on the fine grid: [ix0, ix1) × [iy0, iy1).
    ix0, ix1 = x0 << shift, (x1 + 1) << shift
    iy0, iy1 = y0 << shift, (y1 + 1) << shift
    # Each strip is narrow along one axis: its index is the one on that axis
    # (the other axis is compared as an expression, which no index answers, so
    # SQLite without statistics cannot pick the wrong index).
    strips = (
        ("gy", gy0, iy0, "gx", gx0, gx1 + 1),  # top
        ("gy", iy1, gy1 + 1, "gx", gx0, gx1 + 1),  # bottom
        ("gx", gx0, ix0, "gy", iy0, iy1),  # left
        ("gx", ix1, gx1 + 1, "gy", iy0, iy1),  # right
    )
    for narrow, low, high, wide, wide_low, wide_high in strips:
        if low >= high or wide_low >= wide_high:
            continue
        total += (
            points.alias(wide_axis=F(wide) + 0)
            .filter(
                **{f"{narrow}__gte": low, f"{narrow}__lt": high},
                wide_axis__gte=wide_low,
                wide_axis__lt=wide_high,
            )
            .count()
        )
    return int(total)


def map_points_filtered(query: MapQuery):
    """MapPoint rows of the published entities matching the query."""
    points = MapPoint.objects.all()
    if query.legal_form_ids:
        points = points.filter(legal_form_id__in=query.legal_form_ids)
    if query.municipality_ids:
        points = points.filter(municipality_id__in=query.municipality_ids)
    if query.comarca_ids:
        points = points.filter(comarca_id__in=query.comarca_ids)
    if query.label:
        from teixit.recognitions.selectors import label_holder_condition

        points = points.filter(label_holder_condition(query.label))
    if query.sector_ids or query.criterion_ids or query.q:
        from teixit.entities.models import Entity
        from teixit.entities.selectors import EntityFilters, entity_filter_queryset

        # Correlated EXISTS (one index probe per point of the viewport) rather
        # than IN (which would first list every entity of a sector).
        if query.sector_ids:
            points = points.filter(
                Exists(
                    Entity.sectors.through.objects.filter(
                        entity_id=OuterRef("entity_id"), concept_id__in=query.sector_ids
                    )
                )
            )
        for criterion_id in query.criterion_ids:
            points = points.filter(
                Exists(
                    Entity.criteria.through.objects.filter(
                        entity_id=OuterRef("entity_id"), concept_id=criterion_id
                    )
                )
            )
        if query.q:
            text = entity_filter_queryset(
                Entity.objects.filter(pk=OuterRef("entity_id")),
                EntityFilters(q=query.q),
            )
            points = points.filter(Exists(text))
    return points


def _cells_from_points(
    query: MapQuery, level: int, west, south, east, north
) -> tuple[list[tuple], set[tuple[int, int]]]:
    """The cells of the viewport grouped from MapPoint, and the cells whose
    entities all share one position (no zoom will ever split them)."""
    gx0, gy0, gx1, gy1 = geo.grid_range(west, south, east, north)
    divisor = 1 << (geo.BASE_LEVEL - level)
    points = map_points_filtered(query).filter(
        gy__gte=gy0, gy__lte=gy1, gx__gte=gx0, gx__lte=gx1
    )
    rows = (
        points.annotate(cx=F("gx") / divisor, cy=F("gy") / divisor)
        .values("cx", "cy")
        .annotate(
            n=Count("*"),
            slat=Sum("latitude"),
            slon=Sum("longitude"),
            sid=Sum("entity_id"),
            gx_min=Min("gx"),
            gx_max=Max("gx"),
            gy_min=Min("gy"),
            gy_max=Max("gy"),
        )
        .order_by()
        .values_list(
            "cx",
            "cy",
            "n",
            "slat",
            "slon",
            "sid",
            "gx_min",
            "gx_max",
            "gy_min",
            "gy_max",
        )
    )
    cells, stacked = [], set()
    for cx, cy, n, slat, slon, sid, gx_min, gx_max, gy_min, gy_max in rows[:MAX_POINTS]:
        cells.append((cx, cy, n, slat, slon, sid))
        if n > 1 and gx_min == gx_max and gy_min == gy_max:
            stacked.add((cx, cy))
    return cells, stacked


def _stack_entities(
    query: MapQuery, level: int, cx: int, cy: int, url_template: str | None
) -> list[dict]:
    """The entities of one cell that zooming cannot split, by name (at most
    STACK_LIST_LIMIT)."""
    shift = geo.BASE_LEVEL - level
    rows = (
        map_points_filtered(query)
        .filter(
            gx__gte=cx << shift,
            gx__lt=(cx + 1) << shift,
            gy__gte=cy << shift,
            gy__lt=(cy + 1) << shift,
        )
        .order_by("name", "entity_id")
        .values_list("entity_id", "name", "approximate")[:STACK_LIST_LIMIT]
    )
    return [
        {
            "id": pk,
            "name": name,
            "url": url_template.replace("987654321", str(pk)) if url_template else None,
            "approximate": approximate,
        }
        for pk, name, approximate in rows
    ]


def map_features(
    *, bbox: tuple[float, float, float, float], zoom: int, query: MapQuery
) -> dict:
    """A GeoJSON FeatureCollection of the entities in `bbox` at `zoom`.

    Each feature is an entity (`cluster: false`, id, name, url, approximate)
    or a cluster (`cluster: true`, count, bbox of its cell, the zoom to show it
    at). Clusters are 64 px grid cells positioned at their entities' mean. A
    cluster that no zoom can split (all its entities on one spot, or the
    highest zoom) is `stacked` and lists its `entities` (id, name, url,
    approximate; at most STACK_LIST_LIMIT, by name). `count` is the number of
    entities inside the box, cells straddling its edge counted exactly.
    """
    west, south, east, north = bbox
    level = geo.level_for_zoom(zoom)
    source = _aggregate_source(query, zoom)
    if source is not None:
        x0, y0, x1, y1 = geo.cell_range(west, south, east, north, level)
        cells = _cells_from_aggregate(source[0], source[1], level, x0, y0, x1, y1)
        stacked: set[tuple[int, int]] = set()
    else:
        cells, stacked = _cells_from_points(query, level, west, south, east, north)

    single_ids = [int(sid) for cx, cy, count, slat, slon, sid in cells if count == 1]
    singles = {
        pk: (name, approximate)
        for pk, name, approximate in MapPoint.objects.filter(
            entity_id__in=single_ids
        ).values_list("entity_id", "name", "approximate")
    }
    url_template = _entity_url_template()
    next_zoom = min(zoom + 2, geo.MAX_ZOOM)
    features = []
    total = 0
    stacks = 0
    for cx, cy, count, slat, slon, sid in cells:
        total += count
        coordinates = [round(slon / count, 6), round(slat / count, 6)]
        if count == 1 and int(sid) in singles:
            pk = int(sid)
            name, approximate = singles[pk]
            properties = {
                "cluster": False,
                "id": pk,
                "name": name,
                "url": url_template.replace("987654321", str(pk))
                if url_template
                else None,
                "approximate": approximate,
            }
        else:
            properties = {
                "cluster": True,
                "count": count,
                "bbox": geo.cell_bbox(cx, cy, level),
                "zoom": next_zoom,
            }
            # Entities on one spot (e.g. several at their municipality's
            # centroid) or at the highest zoom: listed, not zoomed into.
            if (zoom == geo.MAX_ZOOM or (cx, cy) in stacked) and stacks < MAX_STACKS:
                stacks += 1
                properties["stacked"] = True
                properties["entities"] = _stack_entities(
                    query, level, cx, cy, url_template
                )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": coordinates},
                "properties": properties,
            }
        )
    if source is not None:
        # Cells straddling the box's edge hold entities outside it.
        total = _count_in_box_from_aggregate(
            query, source[0], source[1], level, west, south, east, north
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "count": total,
        "zoom": zoom,
        "source": "aggregate" if source is not None else "points",
    }


#: The view the map opens on (Catalonia), shared by the page and map.js.
FIRST_VIEW_CENTER = (41.7, 1.75)
FIRST_VIEW_ZOOM = 8
#: The first view's features are embedded in the page for the area a map of
#: up to this many pixels shows around FIRST_VIEW_CENTER (a large screen): a
#: smaller map lies inside it and draws them without asking the API.
FIRST_VIEW_PIXELS = (2560, 1600)


def first_view_bbox() -> tuple[float, float, float, float]:
    """(west, south, east, north) of the embedded first view's area."""
    lat, lon = FIRST_VIEW_CENTER
    world = 256 * (1 << FIRST_VIEW_ZOOM)  # the map's width in pixels at that zoom
    half_x = FIRST_VIEW_PIXELS[0] / 2 / world
    half_y = FIRST_VIEW_PIXELS[1] / 2 / world
    x, y = geo.lon_to_x(lon), geo.lat_to_y(lat)
    return (
        round(geo.x_to_lon(max(0.0, x - half_x)), 6),
        round(geo.y_to_lat(min(1.0, y + half_y)), 6),
        round(geo.x_to_lon(min(1.0, x + half_x)), 6),
        round(geo.y_to_lat(max(0.0, y - half_y)), 6),
    )


def map_first_view(query_string: str) -> dict | None:
    """What the map draws first, embedded in the page so that the first clusters
    need no request after the page's own: the API's answer (`map_features`) for
    `first_view_bbox()` at FIRST_VIEW_ZOOM with the page's filters, or None when
    those filters are not answered from the aggregates (text, criteria, places,
    labels: their points would make the page itself slow; the map then asks the
    API as it does after every move).

    `query_string` is the filters as the page's form sends them; map.js only
    uses the answer when its own view lies inside `bbox`, at `zoom`, with the
    same filters. Its `count` is the entities of that whole area.

    Kept in the cache for the register's stamp, per language (the entities'
    addresses) and filters: the map's tables change it when they are written
    (`services`), and the answer took half of each view of the map and its
    embed (a few hundred cells summed to count the area exactly)."""
    from django.http import QueryDict
    from django.utils.translation import get_language

    from teixit.entities.selectors import kept_at_register_stamp

    params = QueryDict(query_string)
    try:
        query = map_query_from_params(params)
    except ValidationError:
        return None
    if _aggregate_source(query, FIRST_VIEW_ZOOM) is None:
        return None
    box = first_view_bbox()
    data = kept_at_register_stamp(
        f"maps:first-view:{get_language()}:{query_string}",
        lambda: map_features(bbox=box, zoom=FIRST_VIEW_ZOOM, query=query),
    )
    return {
        "bbox": list(box),
        "zoom": FIRST_VIEW_ZOOM,
        "query": query_string,
        "data": data,
    }


def map_filter_counts() -> dict[int, dict[int, int]]:
    """Published entities per filter value: {dimension: {value id: count}}
    (dimension ALL has the total under value 0). One small query."""
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        MapCell.objects.filter(level=COUNT_LEVEL)
        .values("dimension", "value")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("dimension", "value", "n")
    )
    for dimension, value, n in rows:
        counts[dimension][value] = int(n)
    return counts


def _count_label(label: str, count: int) -> str:
    return f"{label} ({count})"


def map_filter_choices(municipality: str = "") -> dict:
    """The filter form's options in the current language, each labelled with
    its number of published entities (`map_filter_counts`): `{"total": n,
    "sector": [(code, label)], "legal_form": …, "criterion": …, "comarca": …,
    "municipality": …}` (concepts in their scheme's order, places by name).
    Only municipalities with entities are offered (thousands of options would
    be unusable), plus `municipality` (a code asked for) if it names one.

    Kept in the cache for the register's stamp, which every write of what it
    shows changes: the concepts, comarques and municipalities (the stamp's
    triggers) and the map's cells (`services`). Built on every view of the map
    and its embed, the options took two thirds of each (the names of the
    8,000 municipalities of a network read, rows with their outlines, to list
    the thousand with entities)."""
    from django.utils.translation import get_language

    from teixit.entities.selectors import kept_at_register_stamp
    from teixit.territories.models import Comarca, Municipality
    from teixit.vocabulary.models import Concept

    def read(asked: str = "") -> dict:
        counts = map_filter_counts()
        choices: dict = {"total": counts.get(Dim.ALL, {}).get(0, 0)}
        for name, scheme, dimension in (
            ("sector", SECTORS, Dim.SECTOR),
            ("legal_form", LEGAL_FORMS, Dim.LEGAL_FORM),
            ("criterion", SSE_PRINCIPLES, Dim.CRITERION),
        ):
            per_value = counts.get(dimension, {})
            choices[name] = [
                (
                    concept.code,
                    _count_label(
                        concept.label or concept.code, per_value.get(concept.pk, 0)
                    ),
                )
                for concept in Concept.objects.filter(scheme__code=scheme).order_by(
                    "order", "code"
                )
            ]
        per_comarca = counts.get(Dim.COMARCA, {})
        choices["comarca"] = [
            (code, _count_label(name, per_comarca.get(pk, 0)))
            for pk, code, name in Comarca.objects.order_by("name").values_list(
                "pk", "code", "name"
            )
        ]
        # Code and name only (a municipality row carries its boundary, tens of
        # KB each), as tuples, and every municipality read rather than an IN
        # list of a thousand ids.
        per_municipality = counts.get(Dim.MUNICIPALITY, {})
        choices["municipality"] = [
            (code, _count_label(name, per_municipality.get(pk, 0)))
            for pk, code, name in Municipality.objects.order_by(
                "name", "pk"
            ).values_list("pk", "code", "name")
            if pk in per_municipality or code == asked
        ]
        return choices

    language = get_language()
    choices = kept_at_register_stamp(f"maps:filter-choices:{language}", read)
    if municipality and all(
        code != municipality for code, _label in choices["municipality"]
    ):
        # A municipality without entities, asked for by its code (a bookmarked
        # filter): listed, so that the form keeps it chosen. Only a real code
        # is kept (one answer per municipality at most).
        if Municipality.objects.filter(code=municipality).exists():
            choices = kept_at_register_stamp(
                f"maps:filter-choices:{language}:{municipality}",
                lambda: read(municipality),
            )
    return choices


# -- Outlines: the vector base layer ------------------------------------------

#: Simplification of each outline set: (tolerance in degrees, decimals kept).
#: Measured on the 43 comarques and 947 municipalities shipped with Teixit
#: (docs/map.md): comarques 73 KB (19 KB gzipped), municipalities 450 KB
#: (99 KB gzipped), so the page loads the comarques always and the
#: municipalities only once the visitor zooms in.
OUTLINE_LEVELS = {
    "comarques": (0.003, 3),
    "municipalities": (0.002, 3),
}
OUTLINES_CACHE_SECONDS = 60 * 60
#: How long browsers and caches keep the outlines before revalidating them
#: (by ETag): territories change about once a year, by an import.
OUTLINES_BROWSER_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Outlines:
    content: bytes
    etag: str


def map_outlines(level: str) -> Outlines:
    """The simplified outlines of `level` ("comarques" or "municipalities")
    as a GeoJSON FeatureCollection (properties: code, name), with a strong
    ETag of its bytes. Built once and kept in the cache for an hour, keyed by
    the rows' number and highest id (added or removed territories are picked
    up at once, boundaries changed in place within the hour)."""
    import hashlib
    import json

    from django.core.cache import cache

    from teixit.territories.models import Comarca, Municipality

    model = {"comarques": Comarca, "municipalities": Municipality}[level]
    tolerance, digits = OUTLINE_LEVELS[level]
    rows = model.objects.filter(boundary__isnull=False)
    stamp = rows.aggregate(n=Count("pk"), last=Max("pk"))
    key = f"maps:outlines:{level}:{stamp['n']}:{stamp['last']}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    features = []
    for code, name, boundary in rows.order_by("code").values_list(
        "code", "name", "boundary"
    ):
        geometry = geo.simplify_geometry(boundary, tolerance, digits)
        if geometry is not None:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": name},
                    "geometry": geometry,
                }
            )
    content = json.dumps(
        {"type": "FeatureCollection", "features": features},
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    outlines = Outlines(content=content, etag=hashlib.sha256(content).hexdigest()[:32])
    cache.set(key, outlines, OUTLINES_CACHE_SECONDS)
    return outlines
