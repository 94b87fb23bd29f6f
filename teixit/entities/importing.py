"""Import of entity lists: CSV, .xlsx and GeoJSON, streamed and chunked.

One `EntityImport` run reads the file row by row, maps columns to fields with a
mapping (a preset, a saved mapping or a JSON file), validates every row with
the same rules as the forms (tax ID, postcode, municipality, numbers, e-mail,
URL, coordinates) without per-row queries (municipalities and concepts are
pre-loaded; existing entities are looked up once per chunk) and writes chunks
with `bulk_create` plus one batch insert of history rows.

All or nothing: the whole run happens inside one transaction that is rolled
back when any row has an error, unless `valid_only` is chosen (then the valid
rows are written and the report says so). A dry run never writes.

Re-importing the same source (`source` + `source_key`) updates the entities it
created instead of creating them again.

A run on behalf of a person (`user`: the upload page's batches) writes only what
that person could write by hand: every row is checked with the rule of a single
edit (`entities.change_entity`, on the stored entity and on the row's values),
and a row they may not write is a row error. Runs without a user (the
`import_entities` command, run by an operator) are not limited.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import operator
import os
import re
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.core.db import sqlite_without_mmap
from teixit.core.imports import import_limits

from . import signals, validation
from .conf import (
    entities_import_chunk_size,
    entities_import_heartbeat_seconds,
    entities_import_processes,
    entities_import_stale_seconds,
)
from .models import Entity, ImportBatch, SavedMapping
from .names import municipality_key, normalise_name
from .signals import entities_bulk_written
from .validators import normalise_tax_id, repair_postcode, tax_id_is_valid

# Fields a column may fill, with their kind.
FIELD_KINDS: dict[str, str] = {
    "name": "text",
    "description": "text",
    "legal_form": "concept:legal-forms",
    "sectors": "concepts:sectors",
    "criteria": "concepts:sse-principles",
    "tax_id": "tax_id",
    "address": "text",
    "postcode": "postcode",
    "municipality": "municipality",
    "latitude": "float",
    "longitude": "float",
    "website": "url",
    "email": "email",
    "phone": "phone",
    "year_founded": "year",
    "workers_total": "int",
    "workers_women": "int",
    "members_count": "int",
    "social_balance_year": "year",
    "last_verified_on": "date",
    # An export's "approximate" mark: its coordinates are the municipality's
    # centre, not the entity's own (see `RowValidator.prepare`).
    "location_approximate": "bool",
}
# Length limits of the text fields: the model's (validation.text_limit).
TEXT_FIELDS = ("name", "address", "phone", "website", "email")

PRESETS: dict[str, dict] = {
    "essglobal": {
        "label": "ESSGlobal standard CSV (Digital Commons SSE maps)",
        "key": "Identifier",
        "columns": {
            "name": "Name",
            "description": "Description",
            "legal_form": "Organisational Structure",
            "sectors": {"join": ["Primary Activity", "Activities"]},
            "address": "Street Address",
            "municipality": {"first": ["Locality", "Geo Container"]},
            "postcode": "Postcode",
            "website": "Website",
            "phone": "Phone",
            "email": "Email",
            "tax_id": "Companies House Number",
            "latitude": {"first": ["Latitude", "Geo Container Latitude"]},
            "longitude": {"first": ["Longitude", "Geo Container Longitude"]},
        },
        "external": {
            "twitter": "Twitter",
            "facebook": "Facebook",
            "essglobal": "Identifier",
        },
        "status": "published",
    },
    "osm": {
        "label": "OpenStreetMap-style GeoJSON (OSM tags)",
        "key": "@id",
        "columns": {
            "name": "name",
            "description": "description",
            "address": {"join_space": ["addr:street", "addr:housenumber"]},
            "postcode": "addr:postcode",
            "municipality": {"first": ["addr:city", "is_in:city"]},
            "website": {"first": ["contact:website", "website"]},
            "email": {"first": ["contact:email", "email"]},
            "phone": {"first": ["contact:phone", "phone"]},
            "tax_id": {"first": ["ref:vatin", "ref:NIF", "ref:nif", "vatin"]},
            "latitude": "__latitude",
            "longitude": "__longitude",
        },
        "external": {"osm": "@id"},
        "status": "published",
    },
    "pamapam": {
        "label": "Abastiment agroecològic (Pam a Pam, 2020)",
        "source": "abastiment-pamapam-2020",
        "key": None,
        "columns": {
            "name": "PROJECTE",
            "municipality": "MUNICIPI",
            "description": {"join": ["PRODUCTE(S)", "COM COMPRAR", "OBSERVACIONS"]},
        },
        "status": "published",
    },
}
PRESET_SIGNATURES = {
    "essglobal": {"Identifier", "Name", "Organisational Structure"},
    "pamapam": {"PROJECTE", "MUNICIPI", "COMARCA"},
    "osm": {"addr:city"},
}

_MAX_REPORT_ROWS = 5000
_POSTCODE_PREFIX = re.compile(r"^\s*\d{4,5}\s+|\s+\d{4,5}\s*$")
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")


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


def guess_preset(columns: list[str], kind: str) -> str | None:
    present = set(columns)
    for name, signature in PRESET_SIGNATURES.items():
        if signature <= present:
            return name
    if kind == "geojson":
        return "osm"
    return None


def auto_mapping(columns: list[str]) -> dict:
    """Columns named like a field (name, municipality…) map to it."""
    by_lower = {c.lower().strip(): c for c in columns}
    mapped = {name: by_lower[name] for name in FIELD_KINDS if name in by_lower}
    key = by_lower.get("source_key") or by_lower.get("id") or by_lower.get("identifier")
    return {"columns": mapped, "key": key}


def resolve_mapping(spec: str | dict | None, columns: list[str], kind: str) -> dict:
    """A mapping from a preset name, a saved mapping's name, a JSON file path, a
    dict, or (None) guessed from the columns."""
    if isinstance(spec, dict):
        return spec
    if not spec:
        preset = guess_preset(columns, kind)
        return dict(PRESETS[preset], preset=preset) if preset else auto_mapping(columns)
    if spec in PRESETS:
        return dict(PRESETS[spec], preset=spec)
    saved = SavedMapping.objects.filter(name=spec).first()
    if saved is not None:
        return saved.mapping
    path = Path(spec)
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                _("The mapping file is not valid JSON: %(error)s") % {"error": exc}
            ) from exc
    raise ImportFileError(
        _(
            "Unknown mapping %(name)s: use a preset (%(presets)s), a saved mapping or a JSON file."
        )
        % {"name": spec, "presets": ", ".join(PRESETS)}
    )


def mapping_errors(mapping: dict, columns: list[str]) -> list[str]:
    """Problems with a mapping against a file's columns (empty when usable).
    Optional fields whose columns are absent are dropped from the mapping (a
    preset names more columns than most files have)."""
    errors = []
    present = set(columns)
    cols = mapping.get("columns") or {}
    for field_name, spec in list(cols.items()):
        if field_name not in FIELD_KINDS:
            errors.append(
                _("Unknown field %(field)s in the mapping.") % {"field": field_name}
            )
            continue
        names = _spec_columns(spec)
        if names and not (set(names) & present):
            if field_name in ("name", "municipality"):
                errors.append(
                    _("Column %(column)s (for %(field)s) is not in the file.")
                    % {"column": ", ".join(names), "field": field_name}
                )
            else:
                cols.pop(field_name)
    for required in ("name", "municipality"):
        if required not in cols:
            errors.append(
                _("The mapping must give a column for %(field)s.") % {"field": required}
            )
    return errors


def _spec_columns(spec) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, list):
        return list(spec)
    if isinstance(spec, dict):
        for how in ("first", "join", "join_space"):
            if how in spec:
                return list(spec[how])
    return []


def _getter(spec) -> Callable[[dict], str]:
    """A fast function row → value for a column spec."""
    if isinstance(spec, str):
        return lambda row: (row.get(spec) or "").strip()
    if isinstance(spec, dict) and "join" in spec:
        names = spec["join"]
        return lambda row: "\n\n".join(
            v for v in ((row.get(n) or "").strip() for n in names) if v
        )
    if isinstance(spec, dict) and "join_space" in spec:
        names = spec["join_space"]
        return lambda row: " ".join(
            v for v in ((row.get(n) or "").strip() for n in names) if v
        )
    names = _spec_columns(spec)

    def first(row):
        for name in names:
            value = (row.get(name) or "").strip()
            if value:
                return value
        return ""

    return first


# Look-ups ------------------------------------------------------------------------


class MunicipalityIndex:
    """All municipalities in memory: by IDESCAT/INE code and by name key, with
    a cache of every text already resolved. Name keys follow
    `territories.selectors.municipality_match` without querying: each part of a
    bilingual name ("Donostia / San Sebastián") is a key too; when several
    municipalities share a key, the one whose whole name it is wins, then the
    Catalan one; a key still shared by several matches none."""

    def __init__(self) -> None:
        from teixit.territories.models import CATALAN_PROVINCES, Municipality
        from teixit.territories.selectors import namesake_choice

        self.by_code: dict[str, int] = {}
        self.by_key: dict[str, int | None] = {}
        self.centroids: dict[int, tuple[float | None, float | None]] = {}
        self.codes: dict[int, str] = {}
        candidates: dict[str, dict[int, tuple[bool, bool]]] = {}
        for pk, code, ine, name, lat, lon in Municipality.objects.values_list(
            "pk", "code", "ine_code", "name", "latitude", "longitude"
        ):
            self.by_code[code] = pk
            if ine:
                self.by_code.setdefault(ine, pk)
            key = municipality_key(name)
            catalan = code[:2] in CATALAN_PROVINCES
            candidates.setdefault(key, {})[pk] = (True, catalan)
            if " / " in key:
                for part in key.split(" / "):
                    if part.strip():
                        candidates.setdefault(part.strip(), {}).setdefault(
                            pk, (False, catalan)
                        )
            self.centroids[pk] = (lat, lon)
            self.codes[pk] = code
        for key, found in candidates.items():
            self.by_key[key] = namesake_choice(
                [(pk, whole, catalan) for pk, (whole, catalan) in found.items()]
            )
        self._cache: dict[str, int | None] = {}

    def _lookup(self, text: str) -> int | None:
        text = text.strip(" .,;")
        if not text:
            return None
        if text.isdigit():
            return (
                self.by_code.get(text)
                or self.by_code.get(text.zfill(5))
                or self.by_code.get(text.zfill(6))
            )
        return self.by_key.get(municipality_key(text))

    def match(self, raw: str) -> int | None:
        """The municipality's pk for a text as people type it, or None. Never
        queries the database (an import may read its rows in another process)."""
        if raw in self._cache:
            return self._cache[raw]
        found = self._lookup(raw)
        if found is None:
            # "08380 Malgrat de Mar", "Tiana (Barcelona)", "El Bedorc (Piera)",
            # "Ventalló. Alt Empordà": the name without extras, then what is inside.
            base = _POSTCODE_PREFIX.sub(" ", raw).strip()
            inside = _PAREN.findall(base)
            without = _PAREN.sub(" ", base).strip()
            candidates = [base, without, *inside, without.split(".")[0]]
            for candidate in candidates:
                found = self._lookup(candidate)
                if found is not None:
                    break
        if found is None and re.search(r",| i | y |/", raw):
            # "Talló, Bellver de Cerdanya": a village then its municipality. Only
            # when exactly one part is a municipality ("Cardona, Manresa" is not one).
            parts = {self._lookup(part) for part in re.split(r",| i | y |/", raw)} - {
                None
            }
            if len(parts) == 1:
                found = parts.pop()
        self._cache[raw] = found
        return found


class ConceptIndex:
    """Concepts of the entity schemes, by code, URI, ESSGlobal URI, label."""

    def __init__(self) -> None:
        from teixit.vocabulary.models import Concept

        self.by_scheme: dict[str, dict[str, int]] = {}
        rows = Concept.objects.filter(
            scheme__code__in=["legal-forms", "sectors", "sse-principles"]
        ).values_list(
            "pk",
            "scheme__code",
            "code",
            "uri",
            "essglobal_uri",
            "label_ca",
            "label_es",
            "label_en",
        )
        for pk, scheme, code, uri, essglobal, *labels in rows:
            index = self.by_scheme.setdefault(scheme, {})
            for value in (code, uri, essglobal, *labels):
                if value:
                    index.setdefault(self.key(value), pk)
            for value in (uri, essglobal):
                if value:
                    index.setdefault(self.key(value.rstrip("/").rsplit("/", 1)[-1]), pk)

    @staticmethod
    def key(value: str) -> str:
        return normalise_name(value) or value.strip().lower()

    def match(self, scheme: str, value: str) -> int | None:
        index = self.by_scheme.get(scheme, {})
        found = index.get(self.key(value))
        if found is None and "/" in value:
            found = index.get(self.key(value.rstrip("/").rsplit("/", 1)[-1]))
        return found


# Rows --------------------------------------------------------------------------


@dataclass(slots=True)
class PreparedRow:
    line: int
    key: str
    values: dict
    sectors: list[int] = field(default_factory=list)
    criteria: list[int] = field(default_factory=list)
    external: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _parse_float(text: str) -> float:
    text = text.replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # decimal comma
    return float(text)


_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def _parse_int(text: str) -> int:
    if text.isdigit() and text.isascii():
        return int(text)
    text = (
        text.replace(" ", "").replace(".", "") if _THOUSANDS.fullmatch(text) else text
    )
    number = _parse_float(text)
    if not number.is_integer() or number < 0:
        raise ValueError(text)
    return int(number)


class RowValidator:
    """Turns a mapped row into model values, with the forms' validation rules."""

    def __init__(
        self, mapping: dict, municipalities: MunicipalityIndex, concepts: ConceptIndex
    ) -> None:
        self.mapping = mapping
        self.municipalities = municipalities
        self.concepts = concepts
        self.getters = {
            name: _getter(spec) for name, spec in (mapping.get("columns") or {}).items()
        }
        specs = list((mapping.get("columns") or {}).values())
        # Every column a plain column name (the usual case): all texts of a row
        # in one C-level call.
        self.plain = (
            operator.itemgetter(*specs)
            if len(specs) > 1 and all(isinstance(spec, str) for spec in specs)
            else None
        )
        key_spec = mapping.get("key")
        self.key_getter = _getter(key_spec) if key_spec else None
        self.external = {
            name: _getter(spec)
            for name, spec in (mapping.get("external") or {}).items()
        }
        self.separator = re.compile(mapping.get("separator") or r"\s*[;|]\s*")
        self.year_now = timezone.localdate().year
        self._postcodes: dict[str, str] = {}
        self._contacts: dict[tuple[str, str], tuple[str, list[str]]] = {}
        self.contacts_mapped = any(
            name in self.getters for name in validation.CONTACT_FIELDS
        )
        self.bounds = validation.territory_bounds()
        limits = {name: validation.text_limit(name) for name in TEXT_FIELDS}
        self._concept_lists: dict[tuple[str, str], tuple[list[int], list[str]]] = {}

        # One (field, getter, handler, length limit) per mapped column, decided
        # once: the per-row loop does no dispatch on the field kind.
        self.plan = [
            (
                name,
                get,
                getattr(self, "_" + FIELD_KINDS[name].split(":", 1)[0]),
                FIELD_KINDS[name].split(":", 1)[-1],
                limits.get(name),
            )
            for name, get in self.getters.items()
        ]

    # Field handlers: store the value or raise ValueError / ValidationError (the
    # generic "not valid" message); those with their own message append it.
    def _text(self, out, name, scheme, text):
        out.values[name] = text

    def _municipality(self, out, name, scheme, text):
        pk = self.municipalities.match(text)
        if pk is None:
            out.errors.append(_("Municipality %(value)s not found.") % {"value": text})
        else:
            out.values["municipality_id"] = pk

    def _tax_id(self, out, name, scheme, text):
        normalised = normalise_tax_id(text)
        if not tax_id_is_valid(normalised):
            out.errors.append(
                _("%(value)s is not a valid Spanish tax ID (NIF, NIE or CIF).")
                % {"value": text}
            )
        else:
            out.values["tax_id"] = normalised

    def _postcode(self, out, name, scheme, text):
        postcode = self._postcodes.get(text)
        if postcode is None:
            postcode = self._postcodes[text] = repair_postcode(text)
        out.values["postcode"] = postcode

    def _float(self, out, name, scheme, text):
        out.values[name] = _parse_float(text)

    def _int(self, out, name, scheme, text):
        out.values[name] = _parse_int(text)

    def _year(self, out, name, scheme, text):
        number = _parse_int(text)
        error = validation.year_error(name, number)
        if error:
            out.errors.append(error)
        else:
            out.values[name] = number

    def _contact(self, out, name, scheme, text):
        """The rule of the form (validation.contacts_split): the first value in
        the field, the others in `other_contacts`."""
        found = self._contacts.get((name, text))
        if found is None:
            found = self._contacts[(name, text)] = validation.contacts_split(name, text)
        first, others = found
        error = validation.text_length_error(name, first)
        if error:
            out.errors.append(error)
            return
        out.values[name] = first
        if others:
            out.values.setdefault("other_contacts", {})[name] = others

    _url = _email = _phone = _contact

    def _bool(self, out, name, scheme, text):
        value = text.strip().lower()
        if value in _TRUE:
            out.values[name] = True
        elif value in _FALSE:
            out.values[name] = False
        else:
            raise ValueError(text)

    def _date(self, out, name, scheme, text):
        out.values[name] = datetime.date.fromisoformat(text[:10])

    def _concept(self, out, name, scheme, text):
        pk = self.concepts.match(scheme, text)
        if pk is None:
            out.warnings.append(
                _("Unknown %(field)s %(value)s: left empty.")
                % {"field": _field_label(name), "value": text}
            )
        else:
            out.values["legal_form_id"] = pk

    def _concepts(self, out, name, scheme, text):
        cached = self._concept_lists.get((name, text))
        if cached is None:
            ids, warnings = [], []
            for part in self.separator.split(text):
                if not part:
                    continue
                pk = self.concepts.match(scheme, part)
                if pk is None:
                    warnings.append(
                        _("Unknown %(field)s %(value)s: left out.")
                        % {"field": _field_label(name), "value": part}
                    )
                elif pk not in ids:
                    ids.append(pk)
            cached = self._concept_lists[(name, text)] = (ids, warnings)
        setattr(out, name, cached[0])
        if cached[1]:
            out.warnings.extend(cached[1])

    def prepare(self, line: int, row: dict) -> PreparedRow | None:
        texts = None
        if self.plain is not None:
            try:
                texts = [text.strip() if text else "" for text in self.plain(row)]
            except KeyError:  # a column absent from this row (GeoJSON)
                pass
        if texts is None:
            texts = [get(row) for _n, get, _h, _s, _l in self.plan]
        if not any(texts):
            return None
        out = PreparedRow(line=line, key="", values={})
        errors = out.errors
        values = out.values
        text_handler = self._text
        for (name, _get, handler, scheme, limit), text in zip(
            self.plan, texts, strict=True
        ):
            if not text:
                if name == "name" or name == "municipality":
                    errors.append(
                        _("%(field)s is missing.") % {"field": _field_label(name)}
                    )
                continue
            if handler == text_handler and (not limit or len(text) <= limit):
                values[name] = text
                continue
            if limit and len(text) > limit and handler == text_handler:
                errors.append(
                    _("%(field)s is longer than %(limit)s characters.")
                    % {"field": _field_label(name), "limit": limit}
                )
                continue
            try:
                handler(out, name, scheme, text)
            except (ValueError, ValidationError):
                errors.append(
                    _("%(field)s: %(value)s is not valid.")
                    % {"field": _field_label(name), "value": text}
                )
        if values.get("location_approximate"):
            # Exported at the municipality's centre: not the entity's own point.
            values["latitude"] = values["longitude"] = None
        lat, lon = values.get("latitude"), values.get("longitude")
        if lat is not None or lon is not None:
            errors.extend(validation.coordinates_errors(lat, lon, bounds=self.bounds))
        error = validation.workers_error(
            values.get("workers_total"), values.get("workers_women")
        )
        if error:
            errors.append(error)
        if self.contacts_mapped:
            values.setdefault("other_contacts", {})
        for name, get in self.external.items():
            value = get(row)
            if value:
                out.external[name] = value
        key = self.key_getter(row) if self.key_getter else ""
        if "name" in values:
            name_key = values["name_key"] = normalise_name(values["name"])
            if not key:
                key = name_key or values["name"].lower()
                if "municipality_id" in values:
                    key = (
                        f"{self.municipalities.codes[values['municipality_id']]}:{key}"
                    )
        out.key = key[:200]
        return out


_field_label = validation.field_label
_TRUE = {"1", "true", "yes", "y", "x", "si", "sí", "cert", "verdadero"}
_FALSE = {"0", "false", "no", "n", "fals", "falso"}


# The run ------------------------------------------------------------------------


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    valid_only: bool
    counts: dict = field(
        default_factory=lambda: {
            "rows": 0,
            "created": 0,
            "updated": 0,
            "skipped": 0,
            "errors": 0,
        }
    )
    rows: list = field(default_factory=list)
    rows_not_shown: int = 0
    refused: bool = False
    message: str = ""
    file: dict = field(default_factory=dict)

    def add(
        self,
        line: int,
        action: str,
        *,
        key: str = "",
        name: str = "",
        messages: list | None = None,
        entity: int | None = None,
    ):
        if (
            len(self.rows) < _MAX_REPORT_ROWS
            or action == "error"
            and len(self.rows) < 4 * _MAX_REPORT_ROWS
        ):
            self.rows.append(
                {
                    "line": line,
                    "action": action,
                    "key": key,
                    "name": name,
                    "messages": messages or [],
                    "entity": entity,
                }
            )
        else:
            self.rows_not_shown += 1

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "valid_only": self.valid_only,
            "counts": self.counts,
            "refused": self.refused,
            "message": self.message,
            "file": self.file,
            "rows": self.rows,
            "rows_not_shown": self.rows_not_shown,
        }


class _Refused(Exception):
    pass


class _Stored:
    """Attribute access to a dict of stored values, so that `_apply` compares a
    row with an entity without building a model instance."""

    __slots__ = ("_values",)

    def __init__(self, values: dict) -> None:
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str):
        if name == "pk":
            name = "id"
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value) -> None:
        self._values[name] = value


class KeyLines:
    """The line where each key of a file was first seen, in two flat arrays
    (open addressing on the key's 64-bit hash): 12 bytes a key instead of about
    a hundred in a dict of ints, so that a million keys fit in 24 MB. Two keys
    with the same hash count as the same key (about one chance in 10^7 for a
    million keys)."""

    def __init__(self, expected: int = 0) -> None:
        size = 1 << 10
        while size < 2 * expected:
            size <<= 1
        self._allocate(size)

    def _allocate(self, size: int) -> None:
        self._hashes = array("q", bytes(8 * size))  # 0: an empty slot
        self._lines = array("i", bytes(4 * size))
        self._mask = size - 1
        self._free = size // 2  # keys that fit before growing

    def first_line(self, key: str, line: int) -> int | None:
        """The line of `key`'s first row, or None when this is the first (then
        `line` is recorded for it)."""
        digest = hash(key) or 1
        hashes = self._hashes
        mask = self._mask
        slot = digest & mask
        while True:
            found = hashes[slot]
            if found == digest:
                return self._lines[slot]
            if not found:
                break
            slot = (slot + 1) & mask
        hashes[slot] = digest
        self._lines[slot] = line
        self._free -= 1
        if not self._free:
            self._grow()
        return None

    def _grow(self) -> None:
        old = [(h, n) for h, n in zip(self._hashes, self._lines, strict=True) if h]
        self._allocate(2 * (self._mask + 1))
        hashes, lines, mask = self._hashes, self._lines, self._mask
        self._free -= len(old)
        for digest, line in old:
            slot = digest & mask
            while hashes[slot]:
                slot = (slot + 1) & mask
            hashes[slot] = digest
            lines[slot] = line


UPDATE_EXCLUDE = {"name_key"}
# Imports of at least this many rows may build the secondary indexes at the end
# (see EntityImport._defer_indexes).
DEFER_INDEXES_MIN_ROWS = 20_000
# ... and at most this many: building an index sorts all its keys at once, and
# on 1,000,000 rows the sorts took the process past 300 MB.
DEFER_INDEXES_MAX_ROWS = 250_000
# Files of at least this many rows are read by a second process (see
# EntityImport._in_parallel): below, starting it costs more than it saves.
PARALLEL_MIN_ROWS = 10_000


class EntityImport:
    """One import run (see the module docstring)."""

    def __init__(
        self,
        *,
        path: Path | str,
        mapping: str | dict | None = None,
        source: str = "",
        dry_run: bool = False,
        valid_only: bool = False,
        user=None,
        batch: ImportBatch | None = None,
        original_name: str = "",
        progress: Callable[[int, int], None] | None = None,
        row_callback: Callable[[dict], None] | None = None,
        chunk_size: int | None = None,
        with_history: bool = True,
        defer_indexes: bool | None = None,
        parallel: bool | None = None,
    ) -> None:
        self.tabular = open_tabular(path, original_name=original_name)
        self.mapping = json.loads(
            json.dumps(
                resolve_mapping(mapping, self.tabular.columns, self.tabular.kind)
            )
        )
        problems = mapping_errors(self.mapping, self.tabular.columns)
        if problems:
            raise ImportFileError(" ".join(problems))
        self.source = (
            source or self.mapping.get("source") or Path(original_name or path).stem
        )[:200]
        self.dry_run = dry_run
        self.valid_only = valid_only
        self.user = user
        self.batch = batch
        self.progress = progress
        self.row_callback = row_callback
        self.chunk_size = chunk_size or entities_import_chunk_size()
        self.with_history = with_history
        self.status = self.mapping.get("status") or Entity.Status.PUBLISHED
        public = {
            "website": True,
            "email": False,
            "phone": False,
            **(self.mapping.get("public") or {}),
        }
        self.public_flags = {f"{k}_public": bool(v) for k, v in public.items()}
        self.mapped_fields = self._mapped_model_fields()
        self.report = ImportReport(
            source=self.source, dry_run=dry_run, valid_only=valid_only
        )
        self.report.file = {
            "name": original_name or Path(path).name,
            "format": self.tabular.kind,
            "encoding": self.tabular.encoding,
            "delimiter": self.tabular.delimiter,
            "columns": self.tabular.columns,
            "mapping": self.mapping.get("preset") or "",
        }
        self._seen_keys = KeyLines(self.tabular.estimated_rows)
        self.defer_indexes = defer_indexes
        self.parallel = parallel
        self._dropped_indexes: list[str] | None = None
        self._new_links: dict[str, list[dict]] = {}  # the chunk's m2m rows
        self._failed = False
        self._written_ids = array("q")  # 8 bytes an id, for a million rows too
        self._allowed_municipalities: dict[int | None, bool] = {}

    def _mapped_model_fields(self) -> list[str]:
        names = []
        for name in self.mapping.get("columns") or {}:
            if name in ("sectors", "criteria"):
                continue
            names.append(
                {"municipality": "municipality_id", "legal_form": "legal_form_id"}.get(
                    name, name
                )
            )
        if "name" in names:
            names.append("name_key")
        if "latitude" in names:
            names.append("location_approximate")
        if any(name in names for name in validation.CONTACT_FIELDS):
            names.append("other_contacts")
        return list(dict.fromkeys(names))

    # -- public --------------------------------------------------------------

    def run(self) -> ImportReport:
        with _gc_paused():
            return self._run()

    def _run(self) -> ImportReport:
        municipalities = MunicipalityIndex()
        concepts = ConceptIndex()
        validator = RowValidator(self.mapping, municipalities, concepts)
        self.centroids = municipalities.centroids
        self._source_had_entities = Entity.objects.filter(source=self.source).exists()
        try:
            if self.dry_run:
                self._stream(validator)
            else:
                with self._no_mmap(), transaction.atomic():
                    self._stream(validator)
                    if self._failed and not self.valid_only:
                        raise _Refused
                    self._restore_indexes()
                    written = self._written_ids
                    if written:
                        # Bulk writes send no model signals: tell the other
                        # apps (the map) once the transaction commits.
                        transaction.on_commit(
                            lambda: entities_bulk_written.send(
                                sender=Entity, entity_ids=written
                            )
                        )
        except _Refused:
            pass
        counts = self.report.counts
        if counts["errors"] and not self.valid_only:
            self.report.refused = True
            self.report.message = _(
                "Import refused: %(errors)s of %(rows)s rows have errors and nothing was written. "
                "Correct them, or choose to import only the valid rows."
            ) % {"errors": counts["errors"], "rows": counts["rows"]}
            if not self.dry_run:
                counts["created"] = counts["updated"] = 0
        elif self.dry_run:
            self.report.message = (
                _(
                    "Dry run: %(created)s would be created, %(updated)s updated, %(skipped)s skipped, "
                    "%(errors)s with errors. Nothing was written."
                )
                % counts
            )
        else:
            self.report.message = (
                _("%(created)s created, %(updated)s updated, %(skipped)s skipped.")
                % counts
            )
            if self.valid_only and counts["errors"]:
                self.report.message += (
                    " "
                    + _(
                        "Only the valid rows were imported, as chosen: %(errors)s rows with errors were left out."
                    )
                    % counts
                )
        return self.report

    # -- internals -------------------------------------------------------------

    def _stream(self, validator: RowValidator) -> None:
        total = self.tabular.estimated_rows
        processed = 0
        chunks = (
            self._chunks_from_reader(validator)
            if self._in_parallel()
            else self._chunks(validator)
        )
        for processed, empty, chunk in chunks:
            for line in empty:
                self._row(line, "skip", messages=[_("empty row")])
            self.report.counts["rows"] += len(chunk)
            if chunk:
                self._flush(chunk)
            if self.progress:
                self.progress(processed, max(total, processed))
        if self.progress:
            self.progress(processed, processed)

    def _chunks(
        self, validator: RowValidator
    ) -> Iterator[tuple[int, list[int], list[PreparedRow]]]:
        """Read and validate the file: (rows read so far, lines of the empty rows,
        validated rows) per chunk. Uses no database (it may run in another
        process)."""
        chunk: list[PreparedRow] = []
        empty: list[int] = []
        processed = 0
        first_line = self._seen_keys.first_line
        for line, row in self.tabular.rows():
            processed += 1
            prepared = validator.prepare(line, row)
            if prepared is None:
                empty.append(line)
                continue
            if prepared.key:
                seen = first_line(prepared.key, line)
                if seen is not None:
                    prepared.errors.append(
                        _("Same entity as line %(line)s (key %(key)s).")
                        % {"line": seen, "key": prepared.key}
                    )
            chunk.append(prepared)
            if len(chunk) >= self.chunk_size:
                yield processed, empty, chunk
                chunk, empty = [], []
        if chunk or empty:
            yield processed, empty, chunk

    def _in_parallel(self) -> bool:
        """Large files are read and validated by a second process while this one
        writes (see `_chunks_from_reader`): on a machine with two cores or more,
        where processes can be forked, unless settings say one process."""
        import multiprocessing

        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if self.parallel is not None:
            return self.parallel and can_fork
        cores = (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else (os.cpu_count() or 1)
        )
        return (
            entities_import_processes() > 1
            and cores > 1
            and self.tabular.estimated_rows >= PARALLEL_MIN_ROWS
            and can_fork
        )

    def _chunks_from_reader(
        self, validator: RowValidator
    ) -> Iterator[tuple[int, list[int], list[PreparedRow]]]:
        """`_chunks`, computed in a forked child process and received through a
        pipe, so that reading and validating overlap with the database writes
        here. The child only reads the file and the in-memory indexes (never the
        database connection it inherits) and is at most a chunk or two ahead
        (the pipe blocks it). Its errors are raised here; stopping early stops it.
        Each process closes the end of the pipe it does not use, and the child
        ends itself when this process dies (even by `kill -9`): see
        `_read_in_child`."""
        import multiprocessing

        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        reader = context.Process(
            target=_read_in_child,
            args=(self, validator, sender, receiver, os.getpid()),
            daemon=True,
            name="teixit-import-reader",
        )
        with _Heartbeat.all_paused():  # no other thread while forking
            reader.start()
        sender.close()
        try:
            while True:
                try:
                    message = receiver.recv()
                except EOFError:
                    raise RuntimeError(
                        "the import's reading process stopped unexpectedly"
                    ) from None
                if message[0] == "chunk":
                    _kind, processed, empty, rows = message
                    yield processed, empty, [PreparedRow(*row) for row in rows]
                elif message[0] == "error":
                    raise message[1]
                else:
                    break
        finally:
            receiver.close()
            reader.join(timeout=10)
            if reader.is_alive():  # pragma: no cover - blocked on a closed pipe
                reader.terminate()
                reader.join()

    def _row(self, line: int, action: str, **kwargs) -> None:
        counts = self.report.counts
        counts[
            {
                "create": "created",
                "update": "updated",
                "skip": "skipped",
                "error": "errors",
            }[action]
        ] += 1
        self.report.add(line, action, **kwargs)
        if self.row_callback:
            self.row_callback({"line": line, "action": action, **kwargs})

    def _flush(self, chunk: list[PreparedRow]) -> None:
        keys = [row.key for row in chunk if row.key]
        # Stored values of the entities this source already has, by key: plain
        # dicts (model instances only for those that change, below).
        existing: dict[str, dict] = {}
        # A source with no entities before the run: nothing to look up (keys
        # repeated within the file are errors already).
        if keys and self._source_had_entities:
            # Which keys exist: one plain query (building an ORM IN lookup of
            # thousands of values costs more than running it); then the stored
            # values of those only.
            found = _raw_in(
                "SELECT source_key FROM {table} WHERE source = %s AND source_key IN ({values})",
                [self.source],
                keys,
            )
            if found:
                columns = self._row_columns
                for values in Entity.objects.filter(
                    source=self.source, source_key__in=[k for (k,) in found]
                ).values_list(*columns):
                    stored = dict(zip(columns, values, strict=True))
                    existing[stored["source_key"]] = stored
        duplicates = self._duplicates(chunk, existing)
        self._existing_links: dict[str, dict[int, set[int]]] = {}
        m2m_mapped = [
            n
            for n in ("sectors", "criteria")
            if n in (self.mapping.get("columns") or {})
        ]
        if existing and m2m_mapped:
            ids = [stored["id"] for stored in existing.values()]
            for name in m2m_mapped:
                links: dict[int, set[int]] = {}
                through = getattr(Entity, name).through
                for entity_id, concept_id in through.objects.filter(
                    entity_id__in=ids
                ).values_list("entity_id", "concept_id"):
                    links.setdefault(entity_id, set()).add(concept_id)
                self._existing_links[name] = links
        to_create: list[tuple[PreparedRow, dict]] = []  # (row, column values)
        to_update: list = []  # (row, pk), then (row, Entity) below
        for row in chunk:
            name = row.values.get("name", "")
            if not row.errors and self.user is not None:
                refusal = self._refusal(row, existing.get(row.key))
                if refusal:
                    row.errors.append(refusal)
            if row.errors:
                self._failed = True
                self._row(
                    row.line,
                    "error",
                    key=row.key,
                    name=name,
                    messages=row.errors + row.warnings,
                )
                continue
            messages = list(row.warnings)
            messages.extend(duplicates.get(row.line, []))
            stored = existing.get(row.key)
            if stored is None:
                values = dict(self._create_varying)
                values.update(row.values)
                values["source_key"] = row.key
                values["external_ids"] = row.external
                values["location_approximate"] = (
                    values["latitude"] is None or values["longitude"] is None
                )
                to_create.append((row, values))
            else:
                if not self._apply(_Stored(stored), row):
                    self._row(
                        row.line,
                        "skip",
                        key=row.key,
                        name=name,
                        messages=[_("unchanged"), *messages],
                        entity=stored["id"],
                    )
                    continue
                to_update.append((row, stored["id"]))
            row.warnings = messages
        if to_update:
            # The changed ones as model instances (for bulk_update and history).
            instances = Entity.objects.in_bulk([pk for _r, pk in to_update])
            to_update = [(row, instances[pk]) for row, pk in to_update]
            for row, entity in to_update:
                self._apply(entity, row)
        write = not self.dry_run and not (self._failed and not self.valid_only)
        if write:
            self._write(to_create, to_update)
        for row, values in to_create:
            self._row(
                row.line,
                "create",
                key=row.key,
                name=values["name"],
                messages=row.warnings,
                entity=values["id"],
            )
        for row, entity in to_update:
            self._row(
                row.line,
                "update",
                key=row.key,
                name=entity.name,
                messages=row.warnings,
                entity=entity.pk,
            )

    def _may_manage(self, municipality_id: int | None) -> bool:
        """Whether the importing user may write an entity of this municipality:
        the rule of a single edit (`entities.change_entity`, asked of an entity
        of that municipality), answered once per municipality and run."""
        allowed = self._allowed_municipalities.get(municipality_id)
        if allowed is None:
            allowed = self.user.has_perm(
                "entities.change_entity", Entity(municipality_id=municipality_id)
            )
            self._allowed_municipalities[municipality_id] = allowed
        return allowed

    def _refusal(self, row: PreparedRow, stored: dict | None) -> str | None:
        """Why the importing user may not write this row, or None. A new entity
        must be in a municipality they manage; an existing one (same source and
        key) must be theirs before and after the change, as in `entity_update`."""
        if stored is not None and not self._may_manage(stored["municipality_id"]):
            return _(
                "This key belongs to entity #%(pk)s, in a municipality whose "
                "entities you may not manage."
            ) % {"pk": stored["id"]}
        if not self._may_manage(row.values.get("municipality_id")):
            return _("You may not manage the entities of this municipality.")
        return None

    def _defer_indexes(self) -> list[str]:
        """Large imports on SQLite: drop the secondary indexes the import does not
        read from (kept: unique ones, and name_key / tax_id for the duplicate
        look-ups) before the first write, to build them again in one sorted pass
        at the end (`_restore_indexes`), inside the same transaction: inserting
        into a dozen B-trees row by row costs more than the rows themselves. The
        schema after the run is the same; a rolled-back run restores the indexes
        with everything else. Only when the import is at least as large as the
        history table (rebuilding costs in proportion to the whole table), unless
        `defer_indexes` says otherwise. Returns the CREATE statements to replay."""
        from django.db import connection

        if connection.vendor != "sqlite" or self.dry_run:
            return []
        History = Entity.history.model
        if self.defer_indexes is None:
            if not (
                DEFER_INDEXES_MIN_ROWS
                <= self.tabular.estimated_rows
                <= DEFER_INDEXES_MAX_ROWS
            ):
                return []
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(History._meta.db_table)}"  # noqa: S608
                )
                if cursor.fetchone()[0] > self.tabular.estimated_rows:
                    return []
        elif not self.defer_indexes:
            return []
        tables = [
            Entity._meta.db_table,
            History._meta.db_table,
            *(
                getattr(Entity, n).through._meta.db_table
                for n in ("sectors", "criteria")
            ),
            *(
                apps.get_model("entities", f"HistoricalEntity_{n}")._meta.db_table
                for n in ("sectors", "criteria")
            ),
        ]
        read = {
            (Entity._meta.db_table, ("name_key",)),
            (Entity._meta.db_table, ("tax_id",)),
        }
        if self._source_had_entities:  # existing keys are looked up per chunk
            read.add((Entity._meta.db_table, ("source_key",)))
        dropped = []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                f" AND tbl_name IN ({', '.join(['%s'] * len(tables))}) ORDER BY name",  # noqa: S608
                tables,
            )
            for name, table, sql in cursor.fetchall():
                if sql.lstrip().upper().startswith("CREATE UNIQUE"):
                    continue
                columns = tuple(
                    re.findall(r'"(\w+)"', sql.split(" ON ", 1)[1].split("(", 1)[1])
                )
                if (table, columns) in read:
                    continue
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                dropped.append(sql)
        return dropped

    @contextmanager
    def _no_mmap(self):
        """Large imports: no memory-mapped reads on SQLite while they run (see
        `core.db.sqlite_without_mmap`; the file grows by hundreds of megabytes
        and the index builds read it whole)."""
        if self.tabular.estimated_rows < DEFER_INDEXES_MIN_ROWS:
            yield
            return
        with sqlite_without_mmap():
            yield

    def _restore_indexes(self) -> None:
        if not self._dropped_indexes:
            return
        from django.db import connection

        with connection.cursor() as cursor:
            for sql in self._dropped_indexes:
                cursor.execute(sql)
        self._dropped_indexes = []

    @cached_property
    def _row_columns(self) -> list[str]:
        """The entity columns a row of this file decides: what `_apply` compares
        with a stored entity, and what varies between new entities."""
        return list(
            dict.fromkeys(
                [
                    "id",
                    "source_key",
                    *self.mapped_fields,
                    "latitude",
                    "longitude",
                    "location_approximate",
                    "external_ids",
                ]
            )
        )

    def _apply(self, entity: Entity, row: PreparedRow) -> bool:
        """Give `entity` the row's values; True when anything changed. `entity`
        is a model instance or a `_Stored` view of its stored values."""
        changed = False
        for name, value in row.values.items():
            if getattr(entity, name) != value:
                setattr(entity, name, value)
                changed = True
        approximate = entity.latitude is None or entity.longitude is None
        if approximate != entity.location_approximate:
            entity.location_approximate = approximate
            changed = True
        if row.external and any(
            entity.external_ids.get(k) != v for k, v in row.external.items()
        ):
            entity.external_ids = {**entity.external_ids, **row.external}
            changed = True
        for name, links in self._existing_links.items():
            if links.get(entity.pk, set()) != set(getattr(row, name)):
                changed = True
        return changed

    def _duplicates(
        self, chunk: list[PreparedRow], existing: dict[str, Entity]
    ) -> dict[int, list[str]]:
        """Likely duplicates among entities NOT from this source: same tax ID, or
        the same normalised name in the same municipality."""
        found: dict[int, list[str]] = {}
        tax_ids = {
            row.values["tax_id"]: row
            for row in chunk
            if row.values.get("tax_id") and not row.errors
        }
        name_keys = {}
        for row in chunk:
            if row.errors or not row.values.get("name_key"):
                continue
            name_keys[(row.values.get("municipality_id"), row.values["name_key"])] = row
        if not tax_ids and not name_keys:
            return found
        # Entity.objects.exclude(status=ARCHIVED).exclude(source=self.source)
        # .filter(Q(tax_id__in=…) | Q(name_key__in=…)), as plain SQL.
        rows = []
        if tax_ids:
            rows += _raw_in(
                "SELECT id, tax_id, municipality_id, name_key, name FROM {table}"
                " WHERE NOT (status = %s) AND NOT (source = %s) AND tax_id IN ({values})",
                [Entity.Status.ARCHIVED.value, self.source],
                list(tax_ids),
            )
        if name_keys:
            rows += _raw_in(
                "SELECT id, tax_id, municipality_id, name_key, name FROM {table}"
                " WHERE NOT (status = %s) AND NOT (source = %s) AND name_key IN ({values})",
                [Entity.Status.ARCHIVED.value, self.source],
                list({k for _m, k in name_keys}),
            )
        seen = set()
        for pk, tax_id, municipality_id, key, name in sorted(
            rows, key=lambda r: (r[4], r[0])
        ):
            if pk in seen:
                continue
            seen.add(pk)
            row = tax_ids.get(tax_id)
            if row is not None:
                found.setdefault(row.line, []).append(
                    _("Possible duplicate of %(name)s (#%(pk)s): same tax ID.")
                    % {"name": name, "pk": pk}
                )
            row = name_keys.get((municipality_id, key))
            if row is not None:
                found.setdefault(row.line, []).append(
                    _(
                        "Possible duplicate of %(name)s (#%(pk)s): similar name in the same municipality."
                    )
                    % {"name": name, "pk": pk}
                )
        return found

    @cached_property
    def _create_base(self) -> dict:
        """Column values of a new entity before the row's own values."""
        base = {f.attname: f.get_default() for f in Entity._meta.concrete_fields}
        now = timezone.now()
        base.update(
            id=None,
            created_at=now,
            updated_at=now,
            status=self.status,
            source=self.source,
            source_batch_id=getattr(self.batch, "pk", None),
            last_verified_on=timezone.localdate()
            if self.status == Entity.Status.PUBLISHED
            else None,
            **self.public_flags,
        )
        return base

    @cached_property
    def _create_varying(self) -> dict:
        """The columns of a new entity that a row may fill, with their defaults."""
        return {n: self._create_base[n] for n in self._row_columns}

    @cached_property
    def _create_constants(self) -> dict:
        """The columns that are the same for every new entity of the run."""
        return {
            n: v for n, v in self._create_base.items() if n not in self._create_varying
        }

    def _write(self, to_create, to_update) -> None:
        if self._dropped_indexes is None:
            self._dropped_indexes = self._defer_indexes()
        now = timezone.now()
        created_range = None
        if to_create:
            ids = _reserve_ids(Entity, len(to_create))
            for (_r, values), pk in zip(to_create, ids, strict=True):
                values["id"] = pk
            if ids[-1] - ids[0] == len(ids) - 1:
                created_range = (ids[0], ids[-1])
            _insert_rows(
                Entity,
                [values for _r, values in to_create],
                constants=self._create_constants,
            )
            self._written_ids.extend(values["id"] for _r, values in to_create)
        if to_update:
            self._written_ids.extend(entity.pk for _r, entity in to_update)
            fields = sorted(
                set(self.mapped_fields)
                | {"external_ids", "location_approximate", "updated_at"}
            )
            for _r, entity in to_update:
                entity.updated_at = now
            Entity.objects.bulk_update(
                [entity for _r, entity in to_update], fields, batch_size=500
            )
        m2m_names = [
            n
            for n in ("sectors", "criteria")
            if n in (self.mapping.get("columns") or {})
        ]
        updated = [
            (
                row,
                {
                    f.attname: getattr(e, f.attname)
                    for f in Entity._meta.concrete_fields
                },
            )
            for row, e in to_update
        ]
        for name in m2m_names:
            through = getattr(Entity, name).through
            if to_update:
                through.objects.filter(
                    entity_id__in=[values["id"] for _r, values in updated]
                ).delete()
            links = [
                {"entity_id": values["id"], "concept_id": concept_id}
                for row, values in (*to_create, *updated)
                for concept_id in getattr(row, name)
            ]
            for link, pk in zip(links, _reserve_ids(through, len(links)), strict=True):
                link["id"] = pk
            _insert_rows(through, links)
            self._new_links[name] = links  # for `_write_history`
        if self.with_history:
            copied = created_range is not None and self._copy_history(
                created_range, "+", now, m2m_names
            )
            if to_create and not copied:
                self._write_history(
                    to_create, "+", now, m2m_names, constants=self._create_constants
                )
            self._write_history(updated, "~", now, m2m_names)

    def _copy_history(
        self, id_range: tuple[int, int], history_type: str, now, m2m_names: list[str]
    ) -> bool:
        """History rows of the entities with ids in `id_range` (just written, so
        the rows hold exactly what history needs) copied by the database itself:
        INSERT … SELECT, with contiguous history ids (`id + offset`), and the
        m2m snapshot from the entities' links — no values pass through Python.
        False (nothing written) when the history ids reserved are not contiguous
        (a shared PostgreSQL sequence); the caller then writes the rows itself."""
        from django.db import connection

        first, last = id_range
        History = Entity.history.model
        history_ids = _reserve_ids(History, last - first + 1)
        if history_ids[-1] - history_ids[0] != last - first:
            return False
        offset = history_ids[0] - first
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in Entity._meta.concrete_fields)
        date = History._meta.get_field("history_date").get_db_prep_save(now, connection)
        reason = _("import %(source)s") % {"source": self.source}
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(History._meta.db_table)} ({columns}, history_id, history_date,"  # noqa: S608
                f" history_change_reason, history_type, history_user_id) SELECT {columns},"
                f" {quote('id')} + %s, %s, %s, %s, %s FROM {quote(Entity._meta.db_table)}"
                f" WHERE {quote('id')} BETWEEN %s AND %s",
                [
                    offset,
                    date,
                    reason,
                    history_type,
                    getattr(self.user, "pk", None),
                    first,
                    last,
                ],
            )
            for name in m2m_names:
                through = getattr(Entity, name).through
                history_through = apps.get_model("entities", f"HistoricalEntity_{name}")
                concept = through._meta.get_field("concept").column
                cursor.execute(
                    f"INSERT INTO {quote(history_through._meta.db_table)} (id, entity_id, {concept},"  # noqa: S608
                    f" history_id) SELECT id, entity_id, {concept}, entity_id + %s"
                    f" FROM {quote(through._meta.db_table)} WHERE entity_id BETWEEN %s AND %s",
                    [offset, first, last],
                )
        return True

    def _write_history(
        self,
        pairs,
        history_type: str,
        now,
        m2m_names: list[str],
        constants: dict | None = None,
    ) -> None:
        """One batch insert of history rows (and their m2m snapshot): the same rows
        simple_history writes for a save(), without a model instance per row."""
        if not pairs:
            return
        History = Entity.history.model
        reason = _("import %(source)s") % {"source": self.source}
        user_id = getattr(self.user, "pk", None)
        records = [values for _r, values in pairs]
        for values, history_id in zip(
            records, _reserve_ids(History, len(pairs)), strict=True
        ):
            values["history_id"] = history_id
        _insert_rows(
            History,
            records,
            constants={
                **(constants or {}),
                "history_date": now,
                "history_type": history_type,
                "history_change_reason": reason,
                "history_user_id": user_id,
            },
        )
        for name in m2m_names:
            through = apps.get_model("entities", f"HistoricalEntity_{name}")
            link_ids = {
                (link["entity_id"], link["concept_id"]): link["id"]
                for link in self._new_links.get(name, [])
            }
            rows = [
                {
                    "id": link_ids.get((values["id"], concept_id)),
                    "history_id": record["history_id"],
                    "entity_id": values["id"],
                    "concept_id": concept_id,
                }
                for (row, values), record in zip(pairs, records, strict=True)
                for concept_id in getattr(row, name)
            ]
            for item, pk in zip(rows, _reserve_ids(through, len(rows)), strict=True):
                item["m2m_history_id"] = pk
            _insert_rows(through, rows)


@contextmanager
def _gc_paused():
    """No cyclic garbage collection while an import runs: it makes hundreds of
    thousands of small dicts and lists, each allocation burst triggering scans
    of the whole heap (a third of the run's time), and the rows hold no cycles
    (they are freed by reference counting as before). Restored afterwards."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """Make this forked process end when its parent does, however the parent
    ends. On Linux the kernel sends SIGKILL to it when the parent dies
    (`prctl(PR_SET_PDEATHSIG)`); the parent may have died before that call,
    hence the check of the parent's pid afterwards. Elsewhere the closed pipe
    ends it at its next write (see `_read_in_child`)."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:
        os._exit(0)


def _read_in_child(
    run: EntityImport,
    validator: RowValidator,
    sender,
    receiver=None,
    parent: int | None = None,
) -> None:
    """Body of the reading process (see `EntityImport._chunks_from_reader`).

    The child closes its copy of the receiving end first: then, when the parent
    is gone, nobody reads the pipe any more and a write fails (BrokenPipeError)
    instead of blocking forever on a full pipe; and it asks to be killed with
    its parent, so that it never outlives it while reading a large file."""
    import pickle

    if receiver is not None:
        receiver.close()
    if parent is not None:
        _die_with_parent(parent)
    try:
        for processed, empty, rows in run._chunks(validator):
            sender.send(
                (
                    "chunk",
                    processed,
                    empty,
                    [
                        (
                            r.line,
                            r.key,
                            r.values,
                            r.sectors,
                            r.criteria,
                            r.external,
                            r.errors,
                            r.warnings,
                        )
                        for r in rows
                    ],  # fmt: skip
                )
            )
        sender.send(("end",))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the writing process stopped first
    except Exception as exc:  # raised again in the writing process
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(repr(exc))
        sender.send(("error", exc))
    finally:
        sender.close()


def _raw_in(sql: str, params: list, values: list, size: int = 5000) -> list[tuple]:
    """Run `sql` (with {table} = the entity table and {values} = placeholders)
    for `values` in slices of `size`."""
    from django.db import connection

    out: list[tuple] = []
    table = connection.ops.quote_name(Entity._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter: thousands of literals cost more to plan.
            cursor.execute(
                sql.replace("IN ({values})", "= ANY(%s)").format(table=table),
                [*params, list(values)],
            )
            return cursor.fetchall()
        for start in range(0, len(values), size):
            part = values[start : start + size]
            cursor.execute(
                sql.format(table=table, values=", ".join(["%s"] * len(part))),
                [*params, *part],
            )
            out.extend(cursor.fetchall())
    return out


def _reserve_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows, so that rows can be written with one
    executemany and still be linked (history, m2m). PostgreSQL: from the
    sequence. SQLite: after the largest id ever used — safe because imports run
    in a write transaction (SQLite's IMMEDIATE mode holds the write lock)."""
    if count <= 0:
        return []
    from django.db import connection

    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")  # noqa: S608
        start = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(start, row[0] if row else 0)
    return list(range(start + 1, start + 1 + count))


def _insert_rows(
    model, rows: list[dict], batch: int = 5000, constants: dict | None = None
) -> None:
    """INSERT rows (dicts by attname) with executemany (COPY on PostgreSQL): no
    model instances. The values are picked with one C-level itemgetter per row;
    only dates, times, JSON and decimals are prepared, once per distinct value
    (JSON: per row unless empty). `constants` gives columns whose value is the
    same for every row."""
    if not rows:
        return
    from django.db import connection

    constants = constants or {}
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    varying = [f for f in fields if f.attname not in constants]
    fixed = [f for f in fields if f.attname in constants]
    constant_values = tuple(
        f.get_db_prep_save(constants[f.attname], connection) for f in fixed
    )
    # Column order of the statement: varying columns, then the constant ones.
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(f.column) for f in (*varying, *fixed))
    attnames = [f.attname for f in varying]
    getter = operator.itemgetter(*attnames)
    try:
        params = [getter(row) for row in rows]
    except KeyError:
        params = [tuple(row.get(name) for name in attnames) for row in rows]
    if len(attnames) == 1:
        params = [(value,) for value in params]
    special = [
        (index, f, f.get_internal_type())
        for index, f in enumerate(varying)
        if f.get_internal_type()
        in ("DateTimeField", "DateField", "JSONField", "DecimalField", "TimeField")
    ]
    if special:
        columns = list(zip(*params, strict=True))
        for index, f, kind in special:
            if kind == "JSONField":
                empty = f.get_db_prep_save({}, connection)

                def prepare(value, f=f, empty=empty):
                    if value is None:
                        return None
                    if value == {}:
                        return empty
                    return f.get_db_prep_save(value, connection)

            else:
                cache: dict = {None: None}

                def prepare(value, f=f, cache=cache):
                    try:
                        return cache[value]
                    except KeyError:
                        prepared = cache[value] = f.get_db_prep_save(value, connection)
                        return prepared

            column = columns[index]
            first = column[0]
            if kind != "JSONField" and all(v is first for v in column):
                columns[index] = (prepare(first),) * len(column)
            else:
                columns[index] = [prepare(value) for value in column]
        params = list(zip(*columns, strict=True))
    if constant_values:
        params = [values + constant_values for values in params]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the rows stream to the server in one command (executemany
            # with client-side binding formats a statement per row, 5× slower).
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"  # noqa: S608
        for start in range(0, len(params), batch):
            cursor.executemany(sql, params[start : start + batch])


def _progress_path(batch: ImportBatch) -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "private" / "imports" / f"{batch.pk}.progress"


def _progress_read(batch: ImportBatch) -> dict | None:
    try:
        data = json.loads(_progress_path(batch).read_text())
        return {
            "done": int(data["done"]),
            "total": int(data["total"]),
            "beat": float(data["beat"]),
        }
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _progress_remove(batch: ImportBatch) -> None:
    path = _progress_path(batch)
    path.unlink(missing_ok=True)
    path.with_suffix(".tmp").unlink(missing_ok=True)


class _Heartbeat:
    """The progress file of a running batch, rewritten after each chunk and, by
    a thread, every few seconds between them: the time in it tells the pages
    that the worker is alive (see `import_batch_fail_if_stale`).

    The thread stops while the import forks its reading process
    (`all_paused`): forking a process that runs other threads may deadlock the
    child, and Python 3.12+ warns about it."""

    active: set[_Heartbeat] = set()

    def __init__(self, batch: ImportBatch, every: float) -> None:
        import threading

        self.path = _progress_path(batch)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.last = [0, batch.total_rows]
        self.every = every
        self.name = f"teixit-import-heartbeat-{batch.pk}"
        self._lock = threading.Lock()

    def _start(self) -> None:
        import threading

        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def _halt(self) -> None:
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> _Heartbeat:
        self.beat()
        self._start()
        _Heartbeat.active.add(self)
        return self

    def __exit__(self, *exc) -> None:
        _Heartbeat.active.discard(self)
        self._halt()

    @classmethod
    @contextmanager
    def all_paused(cls):
        """No heartbeat thread running in this process meanwhile."""
        paused = list(cls.active)
        for heartbeat in paused:
            heartbeat._halt()
        try:
            yield
        finally:
            for heartbeat in paused:
                heartbeat.beat()
                heartbeat._start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.beat()
            except OSError:  # pragma: no cover - the next beat tries again
                pass

    def beat(self, done: int | None = None, total: int | None = None) -> None:
        import time

        with self._lock:
            if done is not None:
                self.last[:] = [done, total]
            partial = self.path.with_suffix(".tmp")
            partial.write_text(
                json.dumps(
                    {"done": self.last[0], "total": self.last[1], "beat": time.time()}
                )
            )
            os.replace(partial, self.path)  # readers never see half a file


def import_progress(batch: ImportBatch) -> tuple[int, int]:
    """(rows read, rows expected) of a batch. While it runs they are read from a
    small file the worker rewrites after each chunk: the batch's own row is
    updated inside the import's transaction, which nobody else sees before it
    commits."""
    if batch.status == ImportBatch.Status.RUNNING:
        data = _progress_read(batch)
        if data is not None:
            return data["done"], data["total"]
    return batch.progress, batch.total_rows


def import_batch_is_stale(batch: ImportBatch) -> bool:
    """Whether a running batch's worker is gone: no heartbeat (nor, before the
    first one, a change of the batch) for `entities_import_stale_seconds`."""
    import time

    if batch.status != ImportBatch.Status.RUNNING:
        return False
    data = _progress_read(batch)
    last = max(data["beat"] if data else 0.0, batch.updated_at.timestamp())
    return time.time() - last > entities_import_stale_seconds()


def import_batch_fail_if_stale(batch: ImportBatch) -> ImportBatch:
    """Mark failed a batch left "running" by a worker that is gone (killed,
    restarted, its machine down), and remove its leftover progress files; the
    import's transaction died with the worker, so nothing of it was written.
    Only reads until the batch is found stale (a running import may hold the
    database's write lock)."""
    from django.db import OperationalError

    if not import_batch_is_stale(batch):
        return batch
    try:
        with transaction.atomic():
            current = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if not import_batch_is_stale(current):
                return current
            current.status = ImportBatch.Status.FAILED
            current.report = {
                "message": _(
                    "The import stopped: the background worker running it stopped "
                    "(it was restarted or killed) and nothing was written. You can "
                    "run it again."
                ),
                "refused": True,
                "stale": True,
                "counts": {},
                "rows": [],
            }
            current.save(update_fields=["status", "report", "updated_at"])
    except OperationalError:
        # SQLite: another import holds the write lock; the next look retries.
        return batch
    _progress_remove(current)
    return current


def import_batch_run(batch: ImportBatch) -> ImportBatch:
    """Run the import described by a saved ImportBatch (from the page's task)."""
    batch.status = ImportBatch.Status.RUNNING
    batch.progress = 0
    batch.save(update_fields=["status", "progress", "updated_at"])
    try:
        with _Heartbeat(batch, entities_import_heartbeat_seconds()) as heartbeat:
            return _import_batch_run(batch, heartbeat.beat, heartbeat.last)
    finally:
        _progress_remove(batch)
        signals.import_batch_finished.send(ImportBatch, batch=batch)


def _import_batch_run(batch: ImportBatch, progress, last: list[int]) -> ImportBatch:

    try:
        run = EntityImport(
            path=batch.file.path,
            mapping=batch.mapping or None,
            source=batch.source_name,
            dry_run=batch.dry_run,
            valid_only=batch.valid_only,
            user=batch.created_by,
            batch=batch,
            original_name=batch.file.name,
            progress=progress,
        )
        report = run.run()
    except ImportFileError as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.report = {"message": str(exc), "refused": True, "counts": {}, "rows": []}
        batch.save(update_fields=["status", "report", "updated_at"])
        return batch
    except Exception:
        # Anything unexpected: the transaction was rolled back; say so on the
        # page (the details go to the worker's log with the task's failure).
        batch.status = ImportBatch.Status.FAILED
        batch.report = {
            "message": _(
                "The import stopped because of an unexpected error and nothing was written. "
                "The administrators can see the details in the background worker's log."
            ),
            "refused": True,
            "counts": {},
            "rows": [],
        }
        batch.save(update_fields=["status", "report", "updated_at"])
        raise
    batch.progress, batch.total_rows = last[0], max(last)
    batch.report = report.as_dict()
    batch.status = (
        ImportBatch.Status.REFUSED if report.refused else ImportBatch.Status.DONE
    )
    batch.save(
        update_fields=["status", "report", "progress", "total_rows", "updated_at"]
    )
    return batch
