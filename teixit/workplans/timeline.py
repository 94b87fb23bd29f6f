"""The plan's timeline (Gantt-like) drawn as SVG on the server.

Each action has two bars: the planned periods (upper, outlined) and the actual
span from its first to its latest progress update (lower, filled; open-ended
to today while in progress or blocked). Styling comes from CSS classes in
workplans.css (no style attributes: the Content-Security-Policy forbids them),
with presentation attributes as a fallback so the drawing also reads unstyled
and prints.
"""

from __future__ import annotations

import datetime as dt

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Status
from .selectors import PlanTree

WIDTH = 1100
LABEL_WIDTH = 380
RIGHT = WIDTH - 120
HEADER = 48
ROW = 22
GROUP_ROW = 24
OPEN_STATUSES = {Status.IN_PROGRESS, Status.BLOCKED}


def _truncate(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def timeline_svg(
    tree: PlanTree,
    spans: dict[int, tuple[dt.date, dt.date]],
    *,
    today: dt.date | None = None,
) -> SafeString:
    plan = tree.plan
    today = today or dt.date.today()
    starts = [plan.start_on, *(p.start_on for p in tree.periods)]
    ends = [plan.end_on, *(p.end_on for p in tree.periods)]
    start, end = min(starts), max(ends)
    total = max((end - start).days + 1, 1)

    def x(day: dt.date) -> float:
        day = min(max(day, start), end + dt.timedelta(days=1))
        return round(
            LABEL_WIDTH + (day - start).days / total * (RIGHT - LABEL_WIDTH), 1
        )

    body: list[str] = []
    y = HEADER
    for line in tree.lines:
        objectives = [o for o in line.objective_list if o.shown_actions]
        if not objectives:
            continue
        body.append(
            f'<text class="tl-line" x="4" y="{y + 17}" font-weight="bold">'
            f"{escape(_truncate(f'{line.code}. {line.title}', 110))}</text>"
        )
        y += GROUP_ROW
        for objective in objectives:
            body.append(
                f'<text class="tl-objective" x="10" y="{y + 16}" font-style="italic">'
                f"{escape(_truncate(f'{line.code}.{objective.code}. {objective.title}', 110))}</text>"
            )
            y += GROUP_ROW
            for action in objective.shown_actions:
                body.append(_action_row(action, y, x, spans.get(action.pk), today, end))
                y += ROW
    height = y + 40

    grid: list[str] = []
    for index, period in enumerate(tree.periods):
        x0, x1 = x(period.start_on), x(period.end_on + dt.timedelta(days=1))
        band = "tl-band-odd" if index % 2 else "tl-band-even"
        fill = "#f2f4f7" if index % 2 else "#ffffff"
        grid.append(
            f'<rect class="tl-band {band}" x="{x0}" y="{HEADER - 6}" width="{round(x1 - x0, 1)}" '
            f'height="{y - HEADER + 6}" fill="{fill}"/>'
        )
        head, _sep, rest = period.label.partition(" ")
        cx = round((x0 + x1) / 2, 1)
        lines = [head, rest] if rest else [head]
        tspans = "".join(
            f'<tspan x="{cx}" dy="{0 if i == 0 else 12}">{escape(_truncate(text, 18))}</tspan>'
            for i, text in enumerate(lines)
        )
        grid.append(
            f'<text class="tl-period" x="{cx}" y="{HEADER - 30 + (12 if not rest else 0)}" '
            f'text-anchor="middle" font-size="10">{tspans}</text>'
        )
    today_label = _("today")
    if start <= today <= end:
        tx = x(today)
        grid.append(
            f'<line class="tl-today" x1="{tx}" y1="{HEADER - 6}" x2="{tx}" y2="{y}" '
            f'stroke="#b42318" stroke-dasharray="4 3"/>'
        )
        grid.append(
            f'<text class="tl-today-label" x="{tx + 3}" y="{y + 12}" font-size="10">'
            f"{escape(today_label)}</text>"
        )

    legend_y = y + 22
    planned_label = _("planned")
    actual_label = _("actual (first to latest update)")
    legend = (
        f'<rect class="tl-planned" x="4" y="{legend_y - 9}" width="24" height="8" '
        f'fill="#ffffff" stroke="#1d4e89"/>'
        f'<text x="32" y="{legend_y - 1}" font-size="11">{escape(planned_label)}</text>'
        f'<rect class="tl-actual" x="110" y="{legend_y - 9}" width="24" height="8" fill="#1d4e89"/>'
        f'<text x="138" y="{legend_y - 1}" font-size="11">'
        f"{escape(actual_label)}</text>"
    )
    title = _("Timeline of %(plan)s") % {"plan": plan.title}
    desc = _(
        "For each action, the planned periods (upper outlined bar) and the actual work "
        "from its first to its latest progress update (lower filled bar)."
    )
    svg = (
        f'<svg class="tl" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="tl-title tl-desc" '
        f'font-family="DejaVu Sans, sans-serif" font-size="12">'
        f'<title id="tl-title">{escape(title)}</title><desc id="tl-desc">{escape(desc)}</desc>'
        f"{''.join(grid)}{''.join(body)}{legend}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text is escaped above


def _action_row(action, y: int, x, span, today: dt.date, end: dt.date) -> str:
    parts = [
        f'<g class="tl-row tl-status-{action.status}">',
        f'<text class="tl-label" x="18" y="{y + 15}">'
        f"<title>{escape(action.text)}</title>"
        f"{escape(_truncate(f'{action.code} {action.text}', 58))}</text>",
    ]
    for planned in action.planned_list:
        period = planned.period
        x0, x1 = x(period.start_on), x(period.end_on + dt.timedelta(days=1))
        tip = _("Planned: %(period)s") % {"period": period.label}
        parts.append(
            f'<rect class="tl-planned" x="{x0 + 1}" y="{y + 3}" width="{round(max(x1 - x0 - 2, 2), 1)}" '
            f'height="7" fill="#ffffff" stroke="#1d4e89"><title>'
            f"{escape(tip)}</title></rect>"
        )
    if span:
        first, last = span
        if action.status in OPEN_STATUSES:
            last = max(last, min(today, end))
        x0, x1 = x(first), x(last + dt.timedelta(days=1))
        label = _("%(status)s, %(percent)s%% (%(first)s – %(last)s)") % {
            "status": action.status_label,
            "percent": action.progress,
            "first": first.isoformat(),
            "last": span[1].isoformat(),
        }
        parts.append(
            f'<rect class="tl-actual" x="{x0}" y="{y + 12}" width="{round(max(x1 - x0, 3), 1)}" '
            f'height="7" fill="#1d4e89"><title>{escape(label)}</title></rect>'
        )
    status_text = f"{action.status_label} {action.progress}%"
    if action.is_late:
        status_text += " · " + _("late")
    parts.append(
        f'<text class="tl-status" x="{RIGHT + 4}" y="{y + 15}" font-size="9">'
        f"{escape(_truncate(status_text, 24))}</text>"
    )
    parts.append("</g>")
    return "".join(parts)
