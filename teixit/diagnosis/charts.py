"""Charts drawn on the server as SVG: no script, no style attributes (only
presentation attributes and CSS classes), every mark labelled with its number
or with a shape and a text so nothing relies on colour alone."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def fmt(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return "—"
    return number_format(
        round(value, decimals), decimals, use_l10n=True, force_grouping=True
    )


def _svg(
    width: float,
    height: float,
    title: str,
    body: str,
    desc: str = "",
    css: str = "chart",
) -> SafeString:
    ident = f"c{abs(hash((title, body[:200]))) % 10**8}"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>{body}</svg>'
    )


def _no_data(title: str) -> SafeString:
    message = _("No data")
    return _svg(
        200,
        30,
        title,
        f'<text x="0" y="20" class="chart-text">{escape(message)}</text>',
    )


def comparison_svg(
    *,
    title: str,
    value: float | None,
    comarca: float | None,
    dist: dict | None,
    decimals: int = 2,
    dist_label: str = "",
) -> SafeString:
    """A box (quartiles) with a median line, the municipality as a filled
    triangle and its comarca as a hollow diamond, each labelled in text."""
    width, height, left, right = 520, 118, 16, 16
    points = [v for v in (value, comarca) if v is not None]
    if dist:
        points += [dist["min"], dist["max"]]
    if not points:
        return _no_data(title)
    low = min(0.0, *points)
    high = max(points) or 1.0
    if high == low:
        high = low + 1

    def x(v: float) -> float:
        return left + (v - low) / (high - low) * (width - left - right)

    parts = [
        f'<line x1="{left}" y1="60" x2="{width - right}" y2="60" stroke="#4d4d57" stroke-width="1"/>'
    ]
    parts.append(
        f'<text x="{left}" y="78" class="chart-small">{escape(fmt(low, decimals))}</text>'
    )
    parts.append(
        f'<text x="{width - right}" y="78" text-anchor="end" class="chart-small">{escape(fmt(high, decimals))}</text>'
    )
    desc = []
    if dist:
        x1, x3, xm = x(dist["q1"]), x(dist["q3"]), x(dist["median"])
        parts.append(
            f'<line x1="{x(dist["min"]):.1f}" y1="50" x2="{x(dist["max"]):.1f}" y2="50" stroke="#4d4d57" stroke-dasharray="3 2"/>'
        )
        parts.append(
            f'<rect x="{x1:.1f}" y="40" width="{max(x3 - x1, 1):.1f}" height="20" fill="#e6e3da" stroke="#1b1b1f" class="chart-box"/>'
        )
        parts.append(
            f'<line x1="{xm:.1f}" y1="36" x2="{xm:.1f}" y2="64" stroke="#1b1b1f" stroke-width="3"/>'
        )
        label = _("%(who)s median %(median)s (quartiles %(q1)s–%(q3)s)") % {
            "who": dist_label,
            "median": fmt(dist["median"], decimals),
            "q1": fmt(dist["q1"], decimals),
            "q3": fmt(dist["q3"], decimals),
        }
        parts.append(
            f'<text x="{left}" y="110" class="chart-small">{escape(label)}</text>'
        )
        desc.append(label)
    if value is not None:
        xv = x(value)
        parts.append(
            f'<path d="M{xv:.1f},36 l-7,-12 h14 z" fill="#8a1538" stroke="#1b1b1f" class="chart-mark-own"/>'
        )
        label = _("▼ This municipality: %(value)s") % {"value": fmt(value, decimals)}
        anchor = "end" if xv > width / 2 else "start"
        parts.append(
            f'<text x="{xv:.1f}" y="16" text-anchor="{anchor}" class="chart-text">{escape(label)}</text>'
        )
        desc.append(label)
    if comarca is not None:
        xc = x(comarca)
        parts.append(
            f'<path d="M{xc:.1f},66 l6,8 l-6,8 l-6,-8 z" fill="#ffffff" stroke="#1a4f8b" stroke-width="2" class="chart-mark-comarca"/>'
        )
        label = _("◇ Comarca: %(value)s") % {"value": fmt(comarca, decimals)}
        anchor = "end" if xc > width / 2 else "start"
        parts.append(
            f'<text x="{xc:.1f}" y="96" text-anchor="{anchor}" class="chart-small">{escape(label)}</text>'
        )
        desc.append(label)
    return _svg(width, height, title, "".join(parts), desc="; ".join(desc))


def bars_svg(
    *,
    title: str,
    items: list[tuple[str, float]],
    decimals: int = 2,
    highlight: str | None = None,
) -> SafeString:
    """Vertical bars with the value written above each bar (e.g. years)."""
    if not items:
        return _no_data(title)
    bar, gap, top, bottom = 46, 18, 24, 26
    height = 170
    width = max(len(items) * (bar + gap) + gap, 160)
    high = max(max(v for _l, v in items), 0) or 1.0
    parts = [
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#4d4d57"/>'
    ]
    for i, (label, value) in enumerate(items):
        h = max(value, 0) / high * (height - top - bottom)
        x = gap + i * (bar + gap)
        y = height - bottom - h
        css = "chart-bar chart-bar-current" if label == highlight else "chart-bar"
        fill = "#8a1538" if label == highlight else "#4d4d57"
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{fill}" class="{css}"/>'
        )
        parts.append(
            f'<text x="{x + bar / 2}" y="{y - 5:.1f}" text-anchor="middle" class="chart-small">{escape(fmt(value, decimals))}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2}" y="{height - 8}" text-anchor="middle" class="chart-small">{escape(label)}</text>'
        )
    desc = "; ".join(f"{label}: {fmt(value, decimals)}" for label, value in items)
    return _svg(width, height, title, "".join(parts), desc=desc)


def histogram_svg(
    *, title: str, values: list[float], decimals: int = 2, bins: int = 10
) -> SafeString:
    """Distribution of municipalities by value: bars labelled with their counts."""
    if not values:
        return _no_data(title)
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    step = (high - low) / bins
    counts = [0] * bins
    for v in values:
        counts[min(int((v - low) / step), bins - 1)] += 1
    width, height, left, bottom, top = 640, 220, 10, 44, 20
    bar = (width - 2 * left) / bins
    peak = max(counts) or 1
    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="#4d4d57"/>'
    ]
    desc = []
    for i, count in enumerate(counts):
        h = count / peak * (height - top - bottom)
        x = left + i * bar
        y = height - bottom - h
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar - 4:.1f}" height="{h:.1f}" fill="#4d4d57" stroke="#1b1b1f" class="chart-bar"/>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="chart-small">{count}</text>'
        )
        lo = low + i * step
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" class="chart-small">{escape(fmt(lo, decimals))}</text>'
        )
        desc.append(f"{fmt(lo, decimals)}–{fmt(lo + step, decimals)}: {count}")
    axis = _(
        "value (lower bound of each interval); number of municipalities above each bar"
    )
    parts.append(
        f'<text x="{width / 2}" y="{height - 6}" text-anchor="middle" class="chart-small">{escape(axis)}</text>'
    )
    return _svg(width, height, title, "".join(parts), desc="; ".join(desc))


# Choropleth -------------------------------------------------------------------

# Light to dark, each with its own hatching so classes differ without colour.
CLASS_FILLS = ["#f1eef6", "#d4b9da", "#c994c7", "#df65b0", "#980043"]
CLASS_PATTERNS = [
    "",  # plain
    '<circle cx="2" cy="2" r="1" fill="#1b1b1f"/>',
    '<path d="M0,6 L6,0" stroke="#1b1b1f" stroke-width="1"/>',
    '<path d="M0,6 L6,0 M0,0 L6,6" stroke="#1b1b1f" stroke-width="1"/>',
    '<path d="M0,3 H6 M3,0 V6" stroke="#ffffff" stroke-width="1.5"/>',
]


def _project(
    lon: float,
    lat: float,
    box: tuple[float, float, float, float],
    scale: float,
    kx: float,
) -> tuple[float, float]:
    minlon, minlat, maxlon, maxlat = box
    return ((lon - minlon) * kx * scale, (maxlat - lat) * scale)


def _rings(geometry: dict) -> Iterable[list]:
    if not geometry:
        return []
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return coords
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


# Outlines are drawn on whole pixels, skipping points closer than this to the
# last one kept: the 947 municipalities of Catalonia weigh ~88 KB of paths
# instead of ~530 KB at a tenth of a pixel, and the whole map 139 KB instead of
# 652 KB (the network page was 667 KB; pages are held to 200 KB by
# bench/bench_crawl.py).
SIMPLIFY_PX = 2.5


def _ring_path(points: list[tuple[float, float]]) -> str:
    """One ring as an SVG subpath in whole pixels and relative moves
    ("M x,y l dx,dy dx,dy … z"), decimated to SIMPLIFY_PX; a ring that would
    keep fewer than three points keeps every distinct pixel instead, so no
    small municipality disappears."""
    whole = []
    for px, py in points:
        point = (round(px + 2), round(py + 2))
        if not whole or point != whole[-1]:
            whole.append(point)
    kept = []
    for point in whole:
        if not kept or math.dist(point, kept[-1]) >= SIMPLIFY_PX:
            kept.append(point)
    if len(kept) < 3:
        kept = whole
    if len(kept) < 3:
        return ""
    moves = " ".join(
        f"{bx - ax},{by - ay}"
        for (ax, ay), (bx, by) in zip(kept, kept[1:], strict=False)
    )
    return f"M{kept[0][0]},{kept[0][1]}l{moves}z"


def base_map(width: int = 640) -> dict:
    """Projected SVG paths of every municipality with a boundary, cached."""
    from teixit.territories.models import Municipality

    rows = list(
        Municipality.objects.filter(boundary__isnull=False).values_list(
            "pk", "code", "name"
        )
    )
    key = f"diagnosis:basemap:v3:{width}:{len(rows)}:{sum(pk for pk, _c, _n in rows)}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    boundaries = dict(
        Municipality.objects.filter(boundary__isnull=False).values_list(
            "pk", "boundary"
        )
    )
    lons, lats = [], []
    for geometry in boundaries.values():
        for ring in _rings(geometry):
            for lon, lat, *_rest in ring:
                lons.append(lon)
                lats.append(lat)
    if not lons:
        result = {"key": key, "width": width, "height": 0, "paths": {}}
        cache.set(key, result, 3600)
        return result
    box = (min(lons), min(lats), max(lons), max(lats))
    kx = math.cos(math.radians((box[1] + box[3]) / 2))
    scale = (width - 4) / max((box[2] - box[0]) * kx, 1e-9)
    height = int((box[3] - box[1]) * scale) + 4
    paths = {}
    for pk, code, name in rows:
        d = "".join(
            _ring_path(
                [_project(lon, lat, box, scale, kx) for lon, lat, *_rest in ring]
            )
            for ring in _rings(boundaries[pk])
        )
        if d:
            paths[pk] = (code, name, d)
    result = {"key": key, "width": width, "height": height, "paths": paths}
    cache.set(key, result, 3600)
    return result


def class_breaks(values: list[float], classes: int = 5) -> list[float]:
    """Upper bounds of quantile classes (the last is the maximum)."""
    from .indicators import quantile

    data = sorted(values)
    if not data:
        return []
    return [quantile(data, (i + 1) / classes) for i in range(classes)]


def class_of(value: float, breaks: list[float]) -> int:
    for i, bound in enumerate(breaks):
        if value <= bound:
            return i
    return len(breaks) - 1


def choropleth_svg(
    *,
    title: str,
    values: dict[int, float],
    decimals: int = 2,
    width: int = 640,
    for_print: bool = False,
) -> dict:
    """The municipalities coloured and hatched by quintile of `values`
    (municipality id → value). Returns the SVG and the legend rows.

    `for_print` (the PDF reports): plain fills of increasing darkness and no
    hover titles; WeasyPrint spends most of a large report's time painting
    pattern fills (measured in bench/bench_network_report.py).

    Kept in the cache for the same outlines, values, title and language:
    ~900 formatted numbers and 140 KB of SVG written for every view of the
    network page otherwise."""
    from django.utils.translation import get_language

    base = base_map(width)
    if not base["paths"]:
        return {"svg": None, "legend": []}
    digest = hashlib.sha256(
        repr(
            (
                base["key"],
                title,
                decimals,
                for_print,
                get_language(),
                sorted(values.items()),
            )
        ).encode()
    ).hexdigest()
    key = f"diagnosis:choropleth:{digest}"
    drawn = cache.get(key)
    if drawn is None:
        drawn = _choropleth(
            base=base,
            title=title,
            values=values,
            decimals=decimals,
            for_print=for_print,
        )
        cache.set(key, drawn, 3600)
    return drawn


def _choropleth(
    *, base: dict, title: str, values: dict, decimals: int, for_print: bool
) -> dict:
    breaks = class_breaks(list(values.values()))
    defs = []
    if not for_print:
        for i, (fill, pattern) in enumerate(
            zip(CLASS_FILLS, CLASS_PATTERNS, strict=True)
        ):
            defs.append(
                f'<pattern id="q{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{fill}"/>{pattern}</pattern>'
            )
        defs.append(
            '<pattern id="qnone" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="#ffffff"/><path d="M0,0 L6,6" stroke="#c9c6bd" stroke-width="0.7"/></pattern>'
        )
    parts = [f"<defs>{''.join(defs)}</defs>"] if defs else []
    # Paths grouped by class: the fill, the stroke and the class are written
    # once per group rather than once per municipality.
    groups: dict[int | None, list[str]] = {}
    for pk, (_code, name, d) in base["paths"].items():
        value = values.get(pk)
        if value is None:
            cls, label = None, _("no data")
        else:
            cls, label = class_of(value, breaks), fmt(value, decimals)
        if for_print:
            groups.setdefault(cls, []).append(f'<path d="{d}"/>')
        else:
            groups.setdefault(cls, []).append(
                f'<path d="{d}"><title>{escape(name)}: {escape(label)}</title></path>'
            )
    for cls in sorted(groups, key=lambda c: -1 if c is None else c):
        if cls is None:
            css = "map-none"
            fill = "#ffffff" if for_print else "url(#qnone)"
        else:
            css = f"map-q{cls}"
            fill = CLASS_FILLS[cls] if for_print else f"url(#q{cls})"
        attrs = f'fill="{fill}" stroke="#4d4d57" stroke-width="0.3"'
        if not for_print:
            attrs += f' class="{css}"'
        parts.append(f"<g {attrs}>{''.join(groups[cls])}</g>")
    legend = []
    lower = min(values.values()) if values else None
    for i, bound in enumerate(breaks):
        legend.append(
            {"class": i, "from": fmt(lower, decimals), "to": fmt(bound, decimals)}
        )
        lower = bound
    svg = _svg(
        base["width"],
        base["height"],
        title,
        "".join(parts),
        desc=_(
            "Map of the municipalities by quintile; the values are in the table below."
        ),
        css="chart choropleth",
    )
    if for_print:
        swatches = {
            i: mark_safe(
                f'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true">'
                f'<rect x="1" y="1" width="26" height="16" fill="{CLASS_FILLS[i]}" stroke="#1b1b1f"/></svg>'
            )
            for i in range(len(CLASS_FILLS))
        }
    else:
        swatches = {
            i: mark_safe(
                f'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true">'
                f'<defs><pattern id="lg{i}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{CLASS_FILLS[i]}"/>{CLASS_PATTERNS[i]}</pattern></defs>'
                f'<rect x="1" y="1" width="26" height="16" fill="url(#lg{i})" stroke="#1b1b1f"/></svg>'
            )
            for i in range(len(CLASS_FILLS))
        }
    for row in legend:
        row["swatch"] = swatches[row["class"]]
    none_swatch = mark_safe(
        '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true">'
        '<defs><pattern id="lgnone" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/>'
        '<path d="M0,0 L6,6" stroke="#c9c6bd" stroke-width="0.7"/></pattern></defs>'
        '<rect x="1" y="1" width="26" height="16" fill="url(#lgnone)" stroke="#1b1b1f"/></svg>'
    )
    return {"svg": svg, "legend": legend, "none_swatch": none_swatch}
