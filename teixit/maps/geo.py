"""Web-Mercator grid arithmetic for the map's server-side clustering.

Every point is stored with its position on a fine integer grid (`BASE_LEVEL`:
2**24 cells across the world, about 2.4 m at the equator). A cell of a coarser
level L is the fine position shifted right by `BASE_LEVEL - L` bits, so the
clusters of any zoom are plain integer divisions, the same on SQLite and
PostgreSQL.

A map at zoom Z is 256 * 2**Z pixels wide; clusters are cells of
`2**CLUSTER_SHIFT` cells per tile side, i.e. 64 px squares: level Z + 2.
"""

import math

BASE_LEVEL = 24
CLUSTER_SHIFT = 2  # 4 x 4 cells per 256 px tile: 64 px cells
MAX_LAT = 85.05112878
MIN_ZOOM = 0
MAX_ZOOM = 20


def level_for_zoom(zoom: int) -> int:
    return zoom + CLUSTER_SHIFT


def lon_to_x(lon: float) -> float:
    """Longitude → fraction of the world's width (0 at 180°W, 1 at 180°E)."""
    return (lon + 180.0) / 360.0


def lat_to_y(lat: float) -> float:
    """Latitude → fraction of the world's height (0 at the top, Web Mercator)."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    s = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def x_to_lon(x: float) -> float:
    return x * 360.0 - 180.0


def y_to_lat(y: float) -> float:
    n = math.pi - 2.0 * math.pi * y
    return math.degrees(math.atan(math.sinh(n)))


def grid_position(lat: float, lon: float) -> tuple[int, int]:
    """(gx, gy) of a point on the BASE_LEVEL grid."""
    size = 1 << BASE_LEVEL
    gx = min(size - 1, max(0, int(lon_to_x(lon) * size)))
    gy = min(size - 1, max(0, int(lat_to_y(lat) * size)))
    return gx, gy


def cell_of(gx: int, gy: int, level: int) -> tuple[int, int]:
    shift = BASE_LEVEL - level
    return gx >> shift, gy >> shift


def cell_range(
    west: float, south: float, east: float, north: float, level: int
) -> tuple[int, int, int, int]:
    """Inclusive cell bounds (x0, y0, x1, y1) of a bounding box at a level."""
    size = 1 << level
    x0 = max(0, int(lon_to_x(west) * size))
    x1 = min(size - 1, int(lon_to_x(east) * size))
    y0 = max(0, int(lat_to_y(north) * size))
    y1 = min(size - 1, int(lat_to_y(south) * size))
    return x0, y0, x1, y1


def grid_range(
    west: float, south: float, east: float, north: float
) -> tuple[int, int, int, int]:
    """Inclusive (gx0, gy0, gx1, gy1) of a bounding box on the BASE_LEVEL grid."""
    return cell_range(west, south, east, north, BASE_LEVEL)


def cell_bbox(cx: int, cy: int, level: int) -> list[float]:
    """[west, south, east, north] of a cell, rounded to 6 decimals."""
    size = 1 << level
    return [
        round(x_to_lon(cx / size), 6),
        round(y_to_lat((cy + 1) / size), 6),
        round(x_to_lon((cx + 1) / size), 6),
        round(y_to_lat(cy / size), 6),
    ]


def simplify_ring(points: list, tolerance: float) -> list:
    """Douglas–Peucker simplification of one line or ring (lists of [lon, lat]).

    Iterative (no recursion limit on long borders); the first and last points
    are always kept, so a closed ring stays closed.
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tolerance2 = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        ax, ay = points[first][0], points[first][1]
        bx, by = points[last][0], points[last][1]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        worst, worst_index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i][0], points[i][1]
            if length2 == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
                d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d2 > worst:
                worst, worst_index = d2, i
        if worst > tolerance2:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_geometry(
    geometry: dict | None, tolerance: float, digits: int
) -> dict | None:
    """A GeoJSON Polygon or MultiPolygon simplified for a light base layer.

    Rings are simplified with `simplify_ring` and rounded to `digits` decimals;
    rings left with fewer than 4 points (too small to see at that tolerance)
    are dropped, and polygons whose outer ring is dropped go with them.
    Returns None when nothing is left or the geometry is of another type.
    """
    if not geometry:
        return None
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry.get("coordinates") or []]
    elif kind == "MultiPolygon":
        polygons = geometry.get("coordinates") or []
    else:
        return None
    kept = []
    for polygon in polygons:
        rings = []
        for index, ring in enumerate(polygon):
            simple = simplify_ring(ring, tolerance)
            rounded = []
            for point in simple:
                pair = [round(point[0], digits), round(point[1], digits)]
                if not rounded or rounded[-1] != pair:
                    rounded.append(pair)
            if len(rounded) < 4:
                if index == 0:
                    break
                continue
            rings.append(rounded)
        if rings:
            kept.append(rings)
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}
