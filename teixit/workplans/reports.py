"""The plan's state for the assembly: CSV, .xlsx and PDF (the HTML report is a
page). Every format takes the same rows (selectors.report_rows)."""

from __future__ import annotations

import io

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

from teixit.core.spreadsheets import safe_csv_writer, xlsx_append

from .selectors import PlanTree


def _columns() -> list[tuple[str, str]]:
    return [
        ("code", _("Code")),
        ("line", _("Strategic line")),
        ("objective", _("Objective")),
        ("action", _("Action")),
        ("responsibilities", _("Responsible bodies")),
        ("periods", _("Planned periods")),
        ("status", _("Status")),
        ("progress", _("Progress (%)")),
        ("last_update", _("Last update")),
        ("late", _("Late")),
    ]


def _cell(row: dict, key: str):
    value = row[key]
    if key == "late":
        return _("yes") if value else _("no")
    if key == "last_update":
        return value.isoformat() if value else ""
    return value


def report_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = safe_csv_writer(out)
    columns = _columns()
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([_cell(row, key) for key, _ in columns])
    return out.getvalue()


def report_xlsx(tree: PlanTree, rows: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    xlsx_append(summary, [tree.plan.title])
    summary["A1"].font = Font(bold=True, size=14)
    xlsx_append(summary, [_("Progress of the plan (%)"), _round(tree.progress)])
    xlsx_append(summary, [])
    xlsx_append(
        summary, [_("Code"), _("Strategic line or objective"), _("Progress (%)")]
    )
    for cell in summary[4]:
        cell.font = Font(bold=True)
    for line in tree.lines:
        xlsx_append(summary, [line.code, line.title, _round(line.progress)])
        for objective in line.objective_list:
            xlsx_append(
                summary,
                [
                    f"{line.code}.{objective.code}",
                    objective.title,
                    _round(objective.progress),
                ],
            )
    summary.column_dimensions["B"].width = 80
    sheet = workbook.create_sheet(_("Actions")[:31])
    columns = _columns()
    xlsx_append(sheet, [label for _, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, [_cell(row, key) for key, _ in columns])
    for letter, width in zip(
        "ABCDEFGHIJ", (8, 30, 30, 70, 40, 20, 14, 10, 12, 8), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)


def report_pdf(html: str) -> bytes:
    """The printable report (HTML rendered from report_document.html) as PDF."""
    from weasyprint import CSS, HTML

    stylesheet = finders.find("workplans/report.css")
    stylesheets = [CSS(filename=stylesheet)] if stylesheet else []
    return HTML(string=html).write_pdf(stylesheets=stylesheets)
