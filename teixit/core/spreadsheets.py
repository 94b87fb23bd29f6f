"""Values written to CSV and .xlsx exports, safe to open in a spreadsheet.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
run as a formula by Excel, LibreOffice and Google Sheets ("formula" or "CSV
injection": `=HYPERLINK(...)`, `=WEBSERVICE(...)`, DDE). Every export writes its
rows through this module, which prefixes such text with a single quote (the
OWASP advice): the text stays readable and is shown as text, never evaluated.

Numbers stay numbers: ints, floats and Decimals are written unchanged, and so is
text that is just a number (`-3`, `-2,5`, `+34`), which a spreadsheet reads as
a number, not a formula.

    writer = safe_csv_writer(buffer)
    writer.writerow([...])                     # CSV
    xlsx_append(sheet, [...])                  # openpyxl worksheet
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

from django.utils.functional import Promise

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|[.,]\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """`value`, with text that a spreadsheet would run as a formula prefixed by
    a single quote; every other value unchanged."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [neutralise(value) for value in values]


class SafeCsvWriter:
    """`csv.writer` whose rows go through `neutralise`."""

    def __init__(self, buffer, **kwargs):
        self._writer = csv.writer(buffer, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self._writer.writerow(safe_row(row))


def safe_csv_writer(buffer, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(buffer, **kwargs)


def xlsx_append(sheet, row: Iterable) -> None:
    """Append a row to an openpyxl worksheet (which would otherwise store text
    starting with `=` as a formula)."""
    sheet.append(safe_row(row))
