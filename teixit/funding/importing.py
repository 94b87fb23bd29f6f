"""Reading funding lines from a CSV or .xlsx file (pure: bytes in, parsed rows
and line-numbered errors out; `funding_lines_import` applies them).

The first row names the columns (Catalan, Spanish or English names, any case
and accents; see COLUMNS). Lists inside a cell (themes, beneficiaries,
territory) are separated by ";" or "|". Themes are the `themes` vocabulary's
codes or labels; beneficiaries the codes or labels of FundingLine.Beneficiary;
territory "Catalunya", or names or codes of provinces, comarques and
municipalities. Dates are 2026-03-31 or 31/03/2026; amounts 12000, 12.000,50
or 12000.50.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teixit.core.imports import MB, ImportLimits, cell_amount, cell_date
from teixit.core.text import fold
from teixit.territories.models import Comarca, Municipality, Province

from .models import FundingLine
from .selectors import themes as theme_concepts

XLSX_MAGIC = b"PK\x03\x04"
DEFAULT_LIMITS = {
    "max_bytes": 10 * MB,
    "max_rows": 10_000,
    "max_uncompressed_bytes": 100 * MB,
    "max_compression_ratio": 100,
}

# Field → accepted column names (folded).
COLUMNS = {
    "title": ["title", "titol", "titulo", "nom", "nombre", "linia", "linea"],
    "level": ["level", "nivell", "nivel"],
    "administration": ["administration", "administracio", "administracion", "ens", "organisme"],
    "programme": ["programme", "program", "programa"],
    "purpose": ["purpose", "finalitat", "finalidad", "objecte", "objeto"],
    "themes": ["themes", "temes", "temas", "ambits", "ambitos"],
    "beneficiaries": ["beneficiaries", "beneficiaris", "beneficiarios"],
    "territory": ["territory", "territori", "territorio"],
    "opens_on": ["opens on", "opens_on", "obertura", "apertura", "inici sollicituds"],
    "closes_on": ["closes on", "closes_on", "tancament", "cierre", "fi sollicituds"],
    "execution_start": ["execution start", "execution_start", "inici execucio", "inicio ejecucion", "inici"],
    "execution_end": ["execution end", "execution_end", "fi execucio", "fin ejecucion", "fi"],
    "budget": ["budget", "pressupost", "presupuesto"],
    "max_per_beneficiary": ["max per beneficiary", "max_per_beneficiary", "import maxim", "importe maximo", "maxim per beneficiari"],
    "link": ["link", "url", "enllac", "enlace"],
    "documents": ["documents", "documentos"],
}  # fmt: skip
REQUIRED = ["title", "level", "administration", "themes", "beneficiaries", "territory", "execution_start", "execution_end"]  # fmt: skip
WHOLE = {"catalunya", "catalonia", "cataluna", "tot catalunya", "toda cataluna"}
LEVEL_ALIASES = {
    "ajuntament": "municipality", "municipi": "municipality", "municipal": "municipality",
    "ayuntamiento": "municipality", "consell comarcal": "comarca", "comarcal": "comarca",
    "diputacio": "province", "diputacion": "province", "provincial": "province",
    "generalitat": "generalitat", "govern": "generalitat", "estat": "state", "estado": "state",
    "ue": "eu", "unio europea": "eu", "union europea": "eu", "european union": "eu",
}  # fmt: skip


class FundingFileError(Exception):
    """The file cannot be imported; `errors` are (line number or None, message)."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        super().__init__("; ".join(message for _line, message in errors))
        self.errors = errors


@dataclass
class ParsedLine:
    number: int
    values: dict = field(default_factory=dict)
    themes: list = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    whole_catalonia: bool = False
    provinces: list = field(default_factory=list)
    comarques: list = field(default_factory=list)
    municipalities: list = field(default_factory=list)


def import_limits() -> ImportLimits:
    configured = getattr(settings, "TEIXIT_IMPORT_LIMITS", {}).get("funding", {})
    return ImportLimits(**{**DEFAULT_LIMITS, **configured})


def read_rows(data: bytes, *, filename: str = "") -> list[tuple[int, list[str]]]:
    """The file's rows as (line number, cells)."""
    if not data or not data.strip():
        raise FundingFileError([(None, _("The file is empty."))])
    limits = import_limits()
    is_xlsx = data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx")
    try:
        limits.check_size(len(data))
        if is_xlsx:
            limits.check_archive(io.BytesIO(data))
    except ValidationError as exc:
        raise FundingFileError([(None, exc.messages[0])]) from None
    if is_xlsx:
        return _read_xlsx(data, limits)
    if b"\x00" in data[:4096]:
        raise FundingFileError(
            [(None, _("This is not a text file: upload a CSV or .xlsx file."))]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for row in reader:
        if len(rows) > limits.max_rows:
            raise FundingFileError([(reader.line_num, limits.too_many_rows_message())])
        rows.append((reader.line_num, [cell.strip() for cell in row]))
    return rows


def _read_xlsx(data: bytes, limits: ImportLimits) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FundingFileError(
            [(None, _("The .xlsx workbook cannot be read."))]
        ) from exc
    rows = []
    for number, values in enumerate(
        workbook.worksheets[0].iter_rows(values_only=True), 1
    ):
        if number > limits.max_rows + 1:
            workbook.close()
            raise FundingFileError([(number, limits.too_many_rows_message())])
        cells = []
        for value in values:
            if value is None:
                cells.append("")
            elif isinstance(value, datetime):
                cells.append(value.date().isoformat())
            elif isinstance(value, date):
                cells.append(value.isoformat())
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            else:
                cells.append(str(value).strip())
        rows.append((number, cells))
    workbook.close()
    return rows


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", text) if part.strip()]


class _Lookups:
    """Names and codes of the vocabulary and territories, folded, read once."""

    def __init__(self):
        self.themes = {}
        for concept in theme_concepts():
            for key in (
                concept.code,
                concept.label_ca,
                concept.label_es,
                concept.label_en,
            ):
                if key:
                    self.themes[fold(key)] = concept
        self.kinds = {}
        for code, label in FundingLine.Beneficiary.choices:
            self.kinds[fold(code)] = code
            self.kinds[fold(str(label))] = code
        self.levels = {}
        for code, label in FundingLine.Level.choices:
            self.levels[fold(code)] = code
            self.levels[fold(str(label))] = code
        self.levels.update(LEVEL_ALIASES)
        self.provinces = {}
        for province in Province.objects.all():
            self.provinces[fold(province.name)] = province
            self.provinces[fold(province.code)] = province
        self.comarques = {}
        for comarca in Comarca.objects.all():
            self.comarques[fold(comarca.name)] = comarca
        self.municipalities = {}
        for municipality in Municipality.objects.only("pk", "code", "name"):
            self.municipalities.setdefault(fold(municipality.name), municipality)
            self.municipalities[fold(municipality.code)] = municipality


def parse_lines(rows: list[tuple[int, list[str]]]) -> list[ParsedLine]:
    """The lines of the file; raises FundingFileError with every row's errors."""
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise FundingFileError([(None, _("The file is empty."))])
    header_number, header = rows[0]
    aliases = {alias: name for name, names in COLUMNS.items() for alias in names}
    index = {}
    for position, heading in enumerate(header):
        name = aliases.get(fold(heading).replace("-", " "))
        if name and name not in index:
            index[name] = position
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise FundingFileError(
            [(header_number, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})]
        )  # fmt: skip
    if len(rows) == 1:
        raise FundingFileError([(None, _("The file has no funding lines."))])
    lookups = _Lookups()
    errors: list[tuple[int | None, str]] = []
    parsed = []
    for number, cells in rows[1:]:

        def cell(name, cells=cells):
            position = index.get(name)
            return (
                cells[position].strip()
                if position is not None and position < len(cells)
                else ""
            )

        line = ParsedLine(number=number)
        row_errors = []
        for name in REQUIRED:
            if not cell(name):
                row_errors.append(
                    _("the column “%(column)s” is empty") % {"column": name}
                )
        level = cell("level")
        if level:
            code = lookups.levels.get(fold(level))
            if code is None:
                row_errors.append(_("unknown level “%(value)s”") % {"value": level})
            line.values["level"] = code
        for name in ("title", "administration", "programme", "purpose", "link"):
            line.values[name] = cell(name)
        line.values["documents"] = "\n".join(_split(cell("documents")))
        for name in ("opens_on", "closes_on", "execution_start", "execution_end"):
            text = cell(name)
            if not text:
                line.values[name] = None
                continue
            try:
                line.values[name] = cell_date(text)
            except ValueError:
                row_errors.append(_("“%(value)s” is not a date (write 2026-03-31 or 31/03/2026)") % {"value": text})  # fmt: skip
        for name in ("budget", "max_per_beneficiary"):
            text = cell(name)
            line.values[name] = None
            if text:
                try:
                    line.values[name] = cell_amount(text)
                except (InvalidOperation, ValueError):
                    row_errors.append(
                        _("“%(value)s” is not an amount") % {"value": text}
                    )
        for value in _split(cell("themes")):
            concept = lookups.themes.get(fold(value))
            if concept is None:
                row_errors.append(_("unknown theme “%(value)s”") % {"value": value})
            else:
                line.themes.append(concept)
        for value in _split(cell("beneficiaries")):
            kind = lookups.kinds.get(fold(value))
            if kind is None:
                row_errors.append(
                    _("unknown beneficiary “%(value)s”") % {"value": value}
                )
            else:
                line.beneficiaries.append(kind)
        for value in _split(cell("territory")):
            key = fold(value)
            if key in WHOLE:
                line.whole_catalonia = True
            elif key in lookups.provinces:
                line.provinces.append(lookups.provinces[key])
            elif key in lookups.comarques:
                line.comarques.append(lookups.comarques[key])
            elif key in lookups.municipalities:
                line.municipalities.append(lookups.municipalities[key])
            else:
                row_errors.append(_("unknown place “%(value)s”") % {"value": value})
        if not row_errors:
            instance = FundingLine(whole_catalonia=line.whole_catalonia, **line.values)
            try:
                instance.full_clean()
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    label = (
                        str(FundingLine._meta.get_field(field_name).verbose_name)
                        if field_name != "__all__"
                        else ""
                    )
                    for message in messages:
                        row_errors.append(f"{label}: {message}" if label else message)
        if row_errors:
            errors.extend((number, message) for message in row_errors)
        else:
            parsed.append(line)
    if errors:
        raise FundingFileError(errors)
    return parsed


@dataclass
class ImportResult:
    created: list[FundingLine]


def funding_lines_import(*, data: bytes, filename: str = "", by) -> ImportResult:
    """Import every line of the file, or none: any row's error refuses the whole
    file and every error is reported with its line number."""
    from django.core.exceptions import PermissionDenied

    from .services import funding_line_save

    if not by.has_perm("funding.import_fundingline"):
        raise PermissionDenied(_("You cannot import funding lines."))
    parsed = parse_lines(read_rows(data, filename=filename))
    created = []
    with transaction.atomic():
        for item in parsed:
            line = FundingLine(whole_catalonia=item.whole_catalonia, **item.values)
            try:
                created.append(
                    funding_line_save(
                        line=line,
                        themes=item.themes,
                        beneficiaries=item.beneficiaries,
                        provinces=item.provinces,
                        comarques=item.comarques,
                        municipalities=item.municipalities,
                        by=by,
                    )
                )
            except ValidationError as exc:
                raise FundingFileError(
                    [(item.number, message) for message in exc.messages]
                ) from None
    return ImportResult(created=created)
