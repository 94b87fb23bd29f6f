"""Reading the files people import: CSV (any delimiter, UTF-8 or Latin-1),
.xlsx and GeoJSON, as (line, row) pairs; files cut short are refused."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from teixit.core.imports import import_limits


class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, no header)."""


# Reading files ---------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """utf-8-sig (BOM), utf-8 when the whole file decodes, else cp1252 (or latin-1)."""
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"


def detect_delimiter(sample: str) -> str:
    """csv.Sniffer among , ; TAB |, falling back to the most frequent in the header."""
    candidates = ",;\t|"
    try:
        return csv.Sniffer().sniff(sample, delimiters=candidates).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in candidates}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


@dataclass
class TabularFile:
    """A file opened for reading rows as dicts (column → text)."""

    path: Path
    kind: str  # csv, xlsx, geojson
    columns: list[str]
    encoding: str = ""
    delimiter: str = ""
    estimated_rows: int = 0
    max_rows: int | None = None  # the import limit, checked while reading

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number in the file, row) pairs."""
        if self.kind == "csv":
            rows = self._csv_rows()
        elif self.kind == "xlsx":
            rows = self._xlsx_rows()
        else:
            rows = self._geojson_rows()
        if self.max_rows is None:
            yield from rows
            return
        for count, row in enumerate(rows, start=1):
            if count > self.max_rows:
                raise ImportFileError(import_limits("entities").too_many_rows_message())
            yield row

    def _csv_rows(self):
        with open(self.path, encoding=self.encoding, newline="") as handle:
            tail: deque[str] = deque(maxlen=_TAIL_LINES)
            reader = csv.reader(_kept(handle, tail), delimiter=self.delimiter)
            next(reader, None)
            columns = self.columns
            width = len(columns)
            end = reader.line_num
            start = end + 1  # the line where the last record began
            try:
                for values in reader:
                    start, end = end + 1, reader.line_num
                    if len(values) < width:
                        values = values + [""] * (width - len(values))
                    yield end, dict(zip(columns, values, strict=False))
            except csv.Error as exc:
                raise ImportFileError(
                    _(
                        "Line %(line)s of the file cannot be read (%(error)s): nothing was imported."
                    )
                    % {"line": reader.line_num, "error": exc}
                ) from exc
            _check_last_record(tail, reader.line_num, start, self.delimiter, width)

    def _xlsx_rows(self):
        from openpyxl import load_workbook

        workbook = load_workbook(self.path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            next(rows, None)
            for number, values in enumerate(rows, start=2):
                yield (
                    number,
                    {
                        column: _cell_text(value)
                        for column, value in zip(self.columns, values, strict=False)
                    },
                )
        finally:
            workbook.close()

    def _geojson_rows(self):
        for number, feature in enumerate(_geojson_features(self.path), start=1):
            yield number, _feature_row(feature)


# Raw lines kept to check the file's last record (a record longer than this is
# not checked).
_TAIL_LINES = 1000


def _kept(handle, tail: deque) -> Iterator[str]:
    """The lines of `handle`, the last `_TAIL_LINES` kept in `tail`."""
    for line in handle:
        tail.append(line)
        yield line


def _check_last_record(
    tail: deque, last_line: int, start: int, delimiter: str, width: int
) -> None:
    """A file cut short (a download stopped half way) is refused: its last
    record ends inside a quoted field, or it is shorter than the header and the
    file does not end with a line break."""
    count = last_line - start + 1
    if not tail or count < 1 or count > len(tail):
        return
    lines = list(tail)[-count:]
    text = "".join(lines)
    try:
        record = next(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True),
            [],
        )
    except csv.Error as exc:
        if "end of data" not in str(exc):
            return  # other faults are read leniently, as in the rows above
        raise ImportFileError(
            _(
                "The file is cut short: the record that starts on line %(line)s "
                "opens a quote that never closes. Nothing was imported; download "
                "or save the file again."
            )
            % {"line": start}
        ) from None
    if not text.endswith(("\n", "\r")) and 0 < len(record) < width:
        raise ImportFileError(
            _(
                "The file is cut short: its last line (%(line)s) has %(found)s "
                "of the %(expected)s columns and no line break. Nothing was "
                "imported; download or save the file again."
            )
            % {"line": start, "found": len(record), "expected": width}
        )


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _geojson_features(path: Path) -> list[dict]:
    """The features of a GeoJSON file. Problems name the element (the
    feature's number in the file, from 1), not a line."""
    with open(path, "rb") as handle:
        if not handle.read(4096).strip():
            raise ImportFileError(_("The file is empty."))
    try:
        with open(path, encoding=detect_encoding(path)) as handle:
            data = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFileError(
            _("The GeoJSON file cannot be read: %(error)s") % {"error": exc}
        ) from exc
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if not isinstance(features, list):
            raise ImportFileError(_("The GeoJSON file has no list of features."))
        if not features:
            raise ImportFileError(_("The GeoJSON file is empty: it has no features."))
        for number, feature in enumerate(features, start=1):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise ImportFileError(
                    _(
                        "Element %(number)s of the GeoJSON file is not a feature: "
                        "nothing was imported."
                    )
                    % {"number": number}
                )
        return features
    if isinstance(data, dict) and data.get("type") == "Feature":
        return [data]
    raise ImportFileError(_("The GeoJSON file has no FeatureCollection."))


def _feature_row(feature: dict) -> dict[str, str]:
    row = {
        k: _cell_text(v)
        for k, v in (feature.get("properties") or {}).items()
        if not isinstance(v, dict | list)
    }
    if "@id" not in row and feature.get("id") is not None:
        row["@id"] = str(feature["id"])
    geometry = feature.get("geometry") or {}
    coords = geometry.get("coordinates")
    point = None
    try:
        if geometry.get("type") == "Point":
            point = coords
        elif geometry.get("type") == "Polygon":
            ring = coords[0]
            point = [
                sum(c[0] for c in ring) / len(ring),
                sum(c[1] for c in ring) / len(ring),
            ]
        elif geometry.get("type") == "MultiPolygon":
            ring = coords[0][0]
            point = [
                sum(c[0] for c in ring) / len(ring),
                sum(c[1] for c in ring) / len(ring),
            ]
    except (TypeError, IndexError, ZeroDivisionError):
        point = None
    if point and len(point) >= 2:
        row["__longitude"], row["__latitude"] = str(point[0]), str(point[1])
    return row


def open_tabular(path: Path | str, *, original_name: str = "") -> TabularFile:
    """Open a CSV, .xlsx or GeoJSON file and read its columns (no rows yet).
    Files over the import limits (size, rows, an .xlsx expanding too much) are
    refused before their rows are read (teixit.core.imports)."""
    path = Path(path)
    suffix = Path(original_name or path.name).suffix.lower()
    limits = import_limits("entities")
    try:
        limits.check_size(path.stat().st_size)
        if suffix in (".xlsx", ".xlsm"):
            limits.check_archive(path)
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from None
    tabular = _open_tabular(path, suffix)
    try:
        limits.check_rows(tabular.estimated_rows)
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from None
    tabular.max_rows = limits.max_rows
    return tabular


def _open_tabular(path: Path, suffix: str) -> TabularFile:
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for broken files
            raise ImportFileError(
                _("The spreadsheet cannot be read: %(error)s") % {"error": exc}
            ) from exc
        sheet = workbook.worksheets[0]
        header = next(sheet.iter_rows(values_only=True, max_row=1), None)
        total = max((sheet.max_row or 1) - 1, 0)
        workbook.close()
        if not header:
            raise ImportFileError(_("The spreadsheet has no header row."))
        return TabularFile(
            path, "xlsx", [_cell_text(v) for v in header], estimated_rows=total
        )
    if suffix in (".geojson", ".json"):
        features = _geojson_features(path)
        columns: dict[str, None] = {}
        for feature in features[:1000]:
            columns.update(dict.fromkeys(_feature_row(feature)))
        return TabularFile(path, "geojson", list(columns), estimated_rows=len(features))
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as handle:
        sample = handle.read(64 * 1024)
    if not sample.strip():
        raise ImportFileError(_("The file is empty."))
    if "\x00" in sample:
        raise ImportFileError(
            _("This is not a text file: upload a CSV, .xlsx or GeoJSON file.")
        )
    delimiter = detect_delimiter(sample)
    header = next(csv.reader(io.StringIO(sample), delimiter=delimiter), [])
    header = [h.strip() for h in header]
    if not any(header):
        raise ImportFileError(_("The file has no header row."))
    with open(path, "rb") as handle:
        lines = sum(
            chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")
        )
    return TabularFile(
        path,
        "csv",
        header,
        encoding=encoding,
        delimiter=delimiter,
        estimated_rows=max(lines - 1, 0),
    )
