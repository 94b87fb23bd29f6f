"""Reports of a municipality and of the network as HTML, PDF (WeasyPrint),
.xlsx (openpyxl) and CSV, all built from the same context as the pages."""

from __future__ import annotations

import hashlib
import io
import json

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teixit.core.prepared import prepared
from teixit.core.spreadsheets import safe_csv_writer, xlsx_append

FORMATS = ("html", "pdf", "xlsx", "csv")
#: Formats of the network report kept in the cache (the others are cheap).
CACHED_FORMATS = ("pdf", "xlsx")
#: A network PDF ranking more municipalities than this is built in the
#: background (the page says so and reloads) when it is not in the cache.
BACKGROUND_ROWS = 300
CACHE_SECONDS = 7 * 24 * 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pdf(request, template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, context, request=request)
    stylesheets = []
    for name in ("diagnosis/report.css",):
        path = finders.find(name)
        if path:
            stylesheets.append(CSS(filename=path))
    return HTML(string=html, base_url=None).write_pdf(stylesheets=stylesheets)


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _num(value):
    return None if value is None else round(value, 6)


def municipality_rows(context: dict) -> list[list]:
    header = [
        _("Indicator code"),
        _("Indicator"),
        _("Unit"),
        _("Year"),
        _("Value"),
        _("Comarca"),
        _("Network"),
        _("Network median"),
        _("First quartile"),
        _("Third quartile"),
        _("Rank among municipalities"),
    ]
    rows = [header]
    for row in context["comparison"]["rows"]:
        d = row["indicator"]
        year = row["year"]
        dist = row["network_distribution"] or row["all_distribution"] or {}
        rows.append(
            [
                d.code,
                str(d.name),
                str(d.unit),
                year,
                _num(row["value"]),
                _num(row["comarca"]),
                _num(row["network"]),
                _num(dist.get("median")),
                _num(dist.get("q1")),
                _num(dist.get("q3")),
                row["rank"],
            ]
        )
    return rows


def render_municipality(request, context: dict, fmt: str):
    municipality = context["municipality"]
    context["generated_at"] = timezone.now()
    base = (
        f"diagnosi-{slugify(municipality.name)}-{context['comparison']['year'] or ''}"
    )
    if fmt == "html":
        return render(request, "diagnosis/report_municipality.html", context)
    if fmt == "pdf":
        pdf = _pdf(request, "diagnosis/report_municipality_pdf.html", context)
        return _attachment(pdf, "application/pdf", f"{base}.pdf")
    if fmt == "csv":
        return _csv(municipality_rows(context), f"{base}.csv")
    if fmt == "xlsx":
        sheets = [(_("Indicators"), municipality_rows(context))]
        history = [[_("Indicator code"), _("Indicator"), _("Year"), _("Value")]]
        for row in context["comparison"]["rows"]:
            for year, value in row["history"]:
                history.append(
                    [
                        row["indicator"].code,
                        str(row["indicator"].name),
                        year,
                        _num(value),
                    ]
                )
        sheets.append((_("Evolution"), history))
        if context.get("diagnosis"):
            answers = [[_("Section"), _("Question code"), _("Question"), _("Answer")]]
            for section in context["sections"]:
                for item in section["questions"]:
                    answers.append(
                        [
                            section["section"].title,
                            item["question"].code,
                            item["question"].text,
                            item["display"],
                        ]
                    )
            sheets.append((_("Diagnosis"), answers))
        return _attachment(_xlsx(sheets), XLSX, f"{base}.xlsx")
    raise Http404


def network_rows(context: dict) -> list[list]:
    rows = [
        [
            _("Position"),
            _("Municipality code"),
            _("Municipality"),
            _("Comarca code"),
            _("Value"),
        ]
    ]
    for row in context["ranking"]["rows"]:
        rows.append(
            [
                row["position"],
                row["territory_code"],
                row["territory_name"],
                row["comarca_code"],
                _num(row["value"]),
            ]
        )
    return rows


@prepared
def _stamp_read(pk: int):
    """The stamp row, its query compiled once (several reads a page)."""
    from .models import IndicatorValuesStamp

    return IndicatorValuesStamp.objects.filter(pk=pk).values_list(
        "version", "written_at"
    )


def data_version() -> str:
    """Changes whenever indicator values are written: a snapshot replaces a
    year's rows and bumps the one-row stamp in the same transaction
    (`models.IndicatorValuesStamp`), so this reads one row at any scale."""
    rows = _stamp_read(1)
    if not rows:
        return "0:"
    version, written_at = rows[0]
    return f"{version}:{written_at.isoformat() if written_at else ''}"


def network_report_key(context: dict, fmt: str) -> str:
    """The cache key of a network report: the report, its filters (the
    resolved parameters), the language and the data version."""
    parts = {
        "report": "network",
        "fmt": fmt,
        "params": context["params"],
        "language": get_language(),
        "data": data_version(),
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return f"diagnosis:report:{digest}"


def network_file(context: dict, fmt: str, request=None) -> tuple[bytes, str]:
    """(content, content type) of a network report in `fmt`, built now."""
    if fmt == "pdf":
        return _pdf(request, "diagnosis/report_network_pdf.html", context), (
            "application/pdf"
        )
    if fmt == "xlsx":
        indicator = context["indicator"]
        dist = context["ranking"]["distribution"] or {}
        summary = [
            [_("Indicator"), context["title"]],
            [_("Unit"), str(indicator.unit)],
            [_("Formula"), str(indicator.formula)],
            [_("Year"), context["year"]],
            [_("Municipalities"), dist.get("count")],
            [_("Minimum"), _num(dist.get("min"))],
            [_("First quartile"), _num(dist.get("q1"))],
            [_("Median"), _num(dist.get("median"))],
            [_("Third quartile"), _num(dist.get("q3"))],
            [_("Maximum"), _num(dist.get("max"))],
        ]
        content = _xlsx(
            [(_("Summary"), summary), (_("Ranking"), network_rows(context))]
        )
        return content, XLSX
    raise Http404


def network_file_cached(context: dict, fmt: str, request=None) -> bytes:
    """Build a network report and keep it in the cache."""
    context.setdefault("generated_at", timezone.now())
    content, _type = network_file(context, fmt, request)
    cache.set(network_report_key(context, fmt), content, CACHE_SECONDS)
    return content


def render_network(request, context: dict, fmt: str):
    """A network report. PDF and xlsx come from the cache when the same
    report of the same data was built before; a large PDF not in the cache is
    built by a background task while the visitor is asked to wait."""
    context["generated_at"] = timezone.now()
    indicator = context["indicator"]
    base = f"xarxa-{indicator.code}-{context['breakdown'] + '-' if context['breakdown'] else ''}{context['year']}"
    if fmt == "html":
        return render(request, "diagnosis/report_network.html", context)
    if fmt == "csv":
        return _csv(network_rows(context), f"{base}.csv")
    if fmt not in CACHED_FORMATS:
        raise Http404
    content_type = "application/pdf" if fmt == "pdf" else XLSX
    key = network_report_key(context, fmt)
    content = cache.get(key)
    if (
        content is None
        and fmt == "pdf"
        and len(context["ranking"]["rows"]) > BACKGROUND_ROWS
    ):
        from .tasks import network_report_build_task

        if cache.add(f"{key}:building", True, 600):
            network_report_build_task.enqueue(
                params=context["params"],
                user_id=request.user.pk if request.user.is_authenticated else None,
                language=get_language(),
                fmt=fmt,
            )
        content = cache.get(key)  # built already when tasks run immediately
        if content is None:
            return render(
                request,
                "diagnosis/report_preparing.html",
                context,
                status=202,
            )
    if content is None:
        content = network_file_cached(context, fmt, request)
    return _attachment(content, content_type, f"{base}.{fmt}")


def _csv(rows: list[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = safe_csv_writer(buffer)
    writer.writerows(rows)
    return _attachment(
        buffer.getvalue().encode("utf-8"), "text/csv; charset=utf-8", filename
    )


def _xlsx(sheets: list[tuple[str, list[list]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        for row in rows:
            xlsx_append(sheet, row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(
                max(width + 2, 8), 60
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
