import csv
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from teixit.core.spreadsheets import neutralise, safe_csv_writer, xlsx_append


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            '=HYPERLINK("https://evil.example","x")',
            '\'=HYPERLINK("https://evil.example","x")',
        ),
        ("+34 93 000 00 00", "'+34 93 000 00 00"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Coop = cooperative", "Coop = cooperative"),
        ("", ""),
        ("-3", "-3"),
        ("-2,5", "-2,5"),
        ("+1.5e3", "+1.5e3"),
        (-3, -3),
        (-2.5, -2.5),
        (Decimal("-1.25"), Decimal("-1.25")),
        (None, None),
        (True, True),
    ],
)
def test_neutralise_quotes_formulas_and_keeps_numbers(value, written):
    assert neutralise(value) == written


def test_neutralise_reads_lazy_translations():
    label = gettext_lazy("Name")
    assert neutralise(label) == str(label)


def test_csv_writer_and_xlsx_rows_never_hold_formulas():
    from openpyxl import Workbook, load_workbook

    buffer = io.StringIO()
    safe_csv_writer(buffer).writerows([["=1+1", -4, "-4"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["'=1+1", "-4", "-4"]]

    workbook = Workbook()
    xlsx_append(workbook.active, ["=1+1", -4, "@x"])
    out = io.BytesIO()
    workbook.save(out)
    cells = load_workbook(out).active[1]
    assert [c.value for c in cells] == ["'=1+1", -4, "'@x"]
    assert [c.data_type for c in cells] == ["s", "n", "s"]
