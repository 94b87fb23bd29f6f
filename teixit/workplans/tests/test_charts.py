"""The assembly report's summary charts: the bars' geometry from the plan's
numbers, the PNG drawn from it, and the charts embedded in the .docx summary
with alt text in the reader's language."""

import io
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from teixit.workplans import charts
from teixit.workplans.models import Action, Indicator, IndicatorValue
from teixit.workplans.selectors import plan_tree
from teixit.workplans.services import progress_update_record

pytestmark = pytest.mark.django_db

DOCX_PICTURE_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def test_a_bar_is_the_share_of_the_track_its_percent_says():
    assert charts.bar_length(0) == 0
    assert charts.bar_length(None) == 0
    assert charts.bar_length(25, track=400) == 100
    assert charts.bar_length(62.5, track=400) == 250
    assert charts.bar_length(100, track=400) == 400
    assert charts.bar_length(140, track=400) == 400  # clamped to the track
    assert charts.bar_length(-5, track=400) == 0


def test_bar_chart_rows_stack_and_keep_their_numbers():
    geometry = charts.bar_chart(
        "T",
        [("a", 50, "50 %", True), ("b", None, "—", True), ("c", 10, "1 / 10", False)],
    )
    first, second, third = geometry.bars
    assert first.length == round(charts.TRACK / 2)
    assert second.length == 0
    assert third.length == round(charts.TRACK / 10)
    assert not third.reached
    assert second.y - first.y == charts.ROW_HEIGHT == third.y - second.y
    assert geometry.height >= third.y + third.height
    assert geometry.description == "T. a: 50 %; b: —; c: 1 / 10."


def test_the_lines_chart_follows_each_lines_progress(seed_plan, secretariat_user):
    first_line = seed_plan.lines.order_by("order").first()
    action = Action.objects.filter(objective__line=first_line).first()
    before = charts.lines_chart(plan_tree(seed_plan).lines)

    progress_update_record(
        action=action, author=secretariat_user, status="in_progress", percent=80
    )
    lines = plan_tree(seed_plan).lines
    after = charts.lines_chart(lines)

    assert after.bars[0].length > before.bars[0].length
    assert after.bars[0].length == round(charts.TRACK * lines[0].progress / 100)
    assert [b.length for b in after.bars[1:]] == [b.length for b in before.bars[1:]]
    assert f"{round(lines[0].progress)} %" in after.description


def _filled_pixels(png: bytes, bar: charts.Bar, colour) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    middle = bar.y + bar.height // 2
    return sum(
        1
        for x in range(bar.x, bar.x + bar.track)
        if image.getpixel((x, middle)) == colour
    )


def test_the_png_draws_the_bars_the_geometry_computes():
    geometry = charts.bar_chart(
        "T", [("a", 30, "30 %", True), ("b", 75, "3 / 4", False)]
    )
    png = charts.chart_png(geometry)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (geometry.width, geometry.height)
    a, b = geometry.bars
    assert _filled_pixels(png, a, charts.DONE_COLOUR) == a.length
    assert _filled_pixels(png, b, charts.SHORT_COLOUR) == b.length


def _summary_pictures(content: bytes) -> list[dict]:
    """The pictures between the "Summary" heading and the next top heading,
    with their alt text and image bytes."""
    from docx import Document

    document = Document(io.BytesIO(content))
    pictures, in_summary = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            if in_summary:
                break
            in_summary = paragraph.text in ("Summary", "Resum", "Resumen")
            continue
        if not in_summary:
            continue
        for inline in paragraph._p.findall(".//wp:inline", DOCX_PICTURE_NS):
            blip = inline.find(".//a:blip", DOCX_PICTURE_NS)
            rid = blip.get(f"{{{DOCX_PICTURE_NS['r']}}}embed")
            pictures.append(
                {
                    "descr": inline.find("wp:docPr", DOCX_PICTURE_NS).get("descr"),
                    "data": document.part.related_parts[rid].blob,
                }
            )
    return pictures


def _docx(client, plan, language="ca") -> bytes:
    """The .docx in a language (the site's language prefix; Catalan bare)."""
    with translation.override(language):
        url = reverse("workplans:plan_assembly_file", args=[plan.pk, "docx"])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return str(translation.gettext(text))


def test_the_docx_summary_has_the_charts_with_alt_text(
    client_for, seed_plan, registered_user, secretariat_user
):
    client = client_for(registered_user)
    action = Action.objects.for_plan(seed_plan).first()
    indicator = Indicator.objects.create(action=action, name="Trobades", target=4)
    IndicatorValue.objects.create(
        indicator=indicator, year=seed_plan.start_on.year, value=3
    )

    pictures = _summary_pictures(_docx(client, seed_plan))

    assert len(pictures) == 2
    lines, indicators = pictures
    assert lines["descr"].startswith(_in("ca", "Progress by line") + ".")
    for line in seed_plan.lines.all():
        assert f"{line.code}." in lines["descr"]
    assert indicators["descr"].startswith(_in("ca", "Indicators against targets") + ".")
    assert "Trobades: 3 / 4" in indicators["descr"]
    assert Image.open(io.BytesIO(lines["data"])).format == "PNG"

    progress_update_record(
        action=action, author=secretariat_user, status="in_progress", percent=60
    )
    changed = _summary_pictures(_docx(client, seed_plan))
    assert changed[0]["data"] != lines["data"]
    assert changed[0]["descr"] != lines["descr"]


def test_the_alt_text_is_in_the_readers_language(
    client_for, seed_plan, registered_user
):
    client = client_for(registered_user)
    catalan = _summary_pictures(_docx(client, seed_plan, "ca"))[0]["descr"]
    spanish = _summary_pictures(_docx(client, seed_plan, "es"))[0]["descr"]
    assert _in("es", "Progress by line") != _in("ca", "Progress by line")
    assert catalan.startswith(_in("ca", "Progress by line") + ".")
    assert spanish.startswith(_in("es", "Progress by line") + ".")
