"""The assembly report's summary charts as images, for the editable report
(.docx), where the page's inline SVG cannot go: progress by line and
indicators against targets, as horizontal bars drawn with Pillow (PNG).

The geometry (``bar_chart``) is computed apart from the drawing, from the
same numbers the page's SVG shows: a bar is ``percent`` hundredths of the
track, a missing value draws no bar and reads "—". Every bar is labelled
with its number, so nothing relies on colour alone; the chart's alt text
(``ChartGeometry.description``) says the same in the user's language."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

# Pixels of the image (drawn at twice the size it is shown at in the document).
WIDTH = 1280
LABEL_WIDTH = 560
VALUE_WIDTH = 150
ROW_HEIGHT = 44
BAR_HEIGHT = 24
PADDING = 16
FONT_SIZE = 22
TRACK = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PADDING

TRACK_COLOUR = (229, 231, 235)
DONE_COLOUR = (47, 125, 79)  # reached / progress: the page's green
SHORT_COLOUR = (194, 124, 14)  # below the target: the page's amber
TEXT_COLOUR = (31, 41, 55)


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    percent: float | None
    # The track and the filled bar, in pixels of the image.
    x: int
    y: int
    length: int
    track: int
    height: int
    reached: bool = True

    @property
    def colour(self) -> tuple[int, int, int]:
        return DONE_COLOUR if self.reached else SHORT_COLOUR


@dataclass(frozen=True)
class ChartGeometry:
    title: str
    width: int
    height: int
    bars: list[Bar]

    @property
    def description(self) -> str:
        """The alt text: the title and every bar's label and value."""
        items = "; ".join(f"{bar.label}: {bar.value_text}" for bar in self.bars)
        return f"{self.title}. {items}." if items else f"{self.title}."


def _percent_text(percent: float | None) -> str:
    return "—" if percent is None else f"{round(percent)} %"


def bar_length(percent: float | None, track: int = TRACK) -> int:
    """The filled length of a bar of ``percent`` on a track of ``track``
    pixels (clamped to the track; no value, no bar)."""
    if percent is None:
        return 0
    return round(track * min(100.0, max(0.0, float(percent))) / 100)


def bar_chart(title: str, items: list[tuple]) -> ChartGeometry:
    """Rows of ``(label, percent, value_text, reached)``, one bar each."""
    bars = []
    for index, (label, percent, value_text, reached) in enumerate(items):
        y = PADDING + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            Bar(
                label=label,
                value_text=value_text,
                percent=percent,
                x=PADDING + LABEL_WIDTH,
                y=y,
                length=bar_length(percent),
                track=TRACK,
                height=BAR_HEIGHT,
                reached=reached,
            )
        )
    height = 2 * PADDING + max(1, len(items)) * ROW_HEIGHT
    return ChartGeometry(title=title, width=WIDTH, height=height, bars=bars)


def _number(value) -> str:
    return "—" if value is None else floatformat(value, "-2")


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def lines_chart(lines) -> ChartGeometry:
    """Progress by line (each line's rolled-up progress, as on the page)."""
    return bar_chart(
        _("Progress by line"),
        [
            (
                _short(f"{line.code}. {line.title}"),
                line.progress,
                _percent_text(line.progress),
                True,
            )
            for line in lines
        ],
    )


def indicators_chart(rows) -> ChartGeometry | None:
    """Indicators against targets: the latest value of the period as a share
    of the target, for the indicators that have both (None when none has)."""
    items = []
    for row in rows:
        if row.ratio is None:
            continue
        value = _number(row.span_latest)
        target = _number(row.indicator.target)
        items.append(
            (
                _short(f"{row.owner} · {row.indicator.name}"),
                row.ratio,
                f"{value} / {target}",
                bool(row.reached),
            )
        )
    if not items:
        return None
    return bar_chart(_("Indicators against targets"), items)


def _font(size: int):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def chart_png(geometry: ChartGeometry) -> bytes:
    """The chart drawn as a PNG image."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (geometry.width, geometry.height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(FONT_SIZE)
    for bar in geometry.bars:
        middle = bar.y + bar.height // 2
        draw.text(
            (PADDING, middle), bar.label, fill=TEXT_COLOUR, font=font, anchor="lm"
        )
        draw.rectangle(
            (bar.x, bar.y, bar.x + bar.track - 1, bar.y + bar.height - 1),
            fill=TRACK_COLOUR,
        )
        if bar.length:
            draw.rectangle(
                (bar.x, bar.y, bar.x + bar.length - 1, bar.y + bar.height - 1),
                fill=bar.colour,
            )
        draw.text(
            (bar.x + bar.track + PADDING, middle),
            bar.value_text,
            fill=TEXT_COLOUR,
            font=font,
            anchor="lm",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
