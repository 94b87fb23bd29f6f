"""Reading a work plan laid out as the network's spreadsheet (TSV or .xlsx).

The layout (see docs/workplans.md):

- a header block, repeated before each strategic line: a first row
  ``OBJECTIUS … | PROPOSTES D'ACCIONS … | QUI? | 2017 | 2018 | | 2019`` and a
  second row with the sub-periods under the years (``1er Semestre``…); a year
  whose sub-period cell is blank is a period of its own, a year cell left blank
  (merged) repeats the year on its left;
- a row ``Línia estratègica I. TITLE`` opening each strategic line;
- a row ``Objectiu 1. TITLE | first action | QUI? | marks…`` opening each
  objective, then one row per further action with the objective cell blank;
- the ``QUI?`` cell: ``- Role: body, body i body - Role: body``.

Parsing is pure (no database writes); it returns a `ParsedPlan` or raises
`WorkplanFileError` with every problem found, each naming its line.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from teixit.core.imports import ImportLimits, import_limits
from teixit.core.text import fold

from .models import Responsibility

XLSX_MAGIC = b"PK\x03\x04"


class WorkplanFileError(Exception):
    """The file cannot be imported; `errors` is a list of (line, message)."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        self.errors = errors
        super().__init__(
            "; ".join(self.format_error(line, msg) for line, msg in errors)
        )

    @staticmethod
    def format_error(line: int | None, message: str) -> str:
        if line is None:
            return message
        return _("Line %(line)s: %(message)s") % {"line": line, "message": message}

    @property
    def messages(self) -> list[str]:
        return [self.format_error(line, msg) for line, msg in self.errors]


def normalise(text: str) -> str:
    """Lower case, without accents, with single spaces: for matching names."""
    return re.sub(r"\s+", " ", fold(text)).strip()


ROLE_LABELS = {
    "linies basiques": Responsibility.Role.BASIC_LINES,
    "linies de treball": Responsibility.Role.WORK_LINES,
    "execucio": Responsibility.Role.EXECUTION,
    "suport": Responsibility.Role.SUPPORT,
    # The same roles in Spanish and English, for later plans.
    "lineas basicas": Responsibility.Role.BASIC_LINES,
    "lineas de trabajo": Responsibility.Role.WORK_LINES,
    "ejecucion": Responsibility.Role.EXECUTION,
    "apoyo": Responsibility.Role.SUPPORT,
    "basic lines": Responsibility.Role.BASIC_LINES,
    "lines of work": Responsibility.Role.WORK_LINES,
    "execution": Responsibility.Role.EXECUTION,
    "support": Responsibility.Role.SUPPORT,
}

LINE_RE = re.compile(r"^l[ií]nia\s+estrat\w*\s+([IVXLCDM]+|\d+)\s*[.:\-]\s*(.+)$", re.I)
OBJECTIVE_RE = re.compile(r"^objectiu\s+(\d+)\s*[.:\-]\s*(.+)$", re.I)
YEAR_RE = re.compile(r"^(\d{4})(?:\.0)?$")
ROLE_RE = re.compile(r"(?:^|\s)-\s*([^:\-]+?)\s*:")
# Separators between body names in a QUI? cell: commas and "i"/"y"/"and".
SEPARATOR_RE = re.compile(r"(\s*,\s*|\s+i\s+|\s+y\s+|\s+and\s+)", re.I)


@dataclass
class ParsedPeriod:
    label: str
    start_on: dt.date
    end_on: dt.date
    column: int


@dataclass
class ParsedResponsibility:
    role: str
    text: str
    body_id: int | None
    members: bool = False


@dataclass
class ParsedAction:
    line: int
    text: str
    responsibilities: list[ParsedResponsibility]
    marks: dict[str, str]  # period label → mark


@dataclass
class ParsedObjective:
    line: int
    code: str
    title: str
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedLine:
    line: int
    code: str
    title: str
    objectives: list[ParsedObjective] = field(default_factory=list)


@dataclass
class ParsedPlan:
    title: str
    start_on: dt.date
    end_on: dt.date
    periods: list[ParsedPeriod]
    lines: list[ParsedLine]

    @property
    def counts(self) -> dict[str, int]:
        objectives = [o for line in self.lines for o in line.objectives]
        return {
            "lines": len(self.lines),
            "objectives": len(objectives),
            "actions": sum(len(o.actions) for o in objectives),
        }


# Reading rows ---------------------------------------------------------------


def read_rows(data: bytes, *, filename: str = "") -> list[tuple[int, list[str]]]:
    """The file's rows as (line number, cells), from TSV/CSV text or .xlsx."""
    if not data or not data.strip():
        raise WorkplanFileError([(None, _("The file is empty."))])
    limits = import_limits("workplans")
    try:
        limits.check_size(len(data))
        if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
            limits.check_archive(io.BytesIO(data))
    except ValidationError as exc:
        raise WorkplanFileError([(None, exc.messages[0])]) from None
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data, limits)
    if b"\x00" in data[:4096]:
        raise WorkplanFileError(
            [
                (
                    1,
                    _(
                        "This is a binary file, not a tab-separated text file or an .xlsx workbook."
                    ),
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WorkplanFileError(
            [
                (
                    line,
                    _(
                        "The text is not UTF-8 encoded; save the file as UTF-8 and try again."
                    ),
                )
            ]
        ) from exc
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if "\t" not in first and not first.count(";") and _comma_separated(first):
        raise WorkplanFileError(
            [
                (
                    None,
                    _(
                        "This file is separated by commas; save it as tab-separated "
                        "text or .xlsx."
                    ),
                )
            ]
        )
    delimiter = "\t" if "\t" in first or not first.count(";") else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for row in reader:
        if len(rows) >= limits.max_rows:
            raise WorkplanFileError([(reader.line_num, limits.too_many_rows_message())])
        rows.append((reader.line_num, [cell.strip() for cell in row]))
    return rows


def _comma_separated(first: str) -> bool:
    """Whether a first line without tabs is a row of comma-separated cells
    (the header has at least the objective, action and QUI? columns)."""
    try:
        cells = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    return len(cells) >= 3


def _read_xlsx(data: bytes, limits: ImportLimits) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkplanFileError(
            [(None, _("The .xlsx workbook cannot be read."))]
        ) from exc
    sheet = workbook.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > limits.max_rows:
            workbook.close()
            raise WorkplanFileError([(number, limits.too_many_rows_message())])
        cells = []
        for value in values:
            if value is None:
                cells.append("")
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            else:
                cells.append(str(value).strip())
        rows.append((number, cells))
    workbook.close()
    return rows


# Parsing --------------------------------------------------------------------


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _is_header(cells: list[str]) -> bool:
    return normalise(_cell(cells, 0)).startswith("objectius") and normalise(
        _cell(cells, 2)
    ).startswith("qui")


def _half(label: str) -> int | None:
    """1 or 2 for a first/second semester label, None otherwise."""
    value = normalise(label)
    if "semest" not in value:
        return None
    if re.match(r"^(1|1r|1er|primer|first|1st)\b", value):
        return 1
    if re.match(r"^(2|2n|2on|segon|second|2nd)\b", value):
        return 2
    return None


def _parse_periods(
    line: int, header: list[str], sub: list[str], errors: list
) -> list[ParsedPeriod]:
    periods: list[ParsedPeriod] = []
    year = None
    width = max(len(header), len(sub))
    for column in range(3, width):
        year_cell = _cell(header, column)
        sub_cell = _cell(sub, column)
        if year_cell:
            match = YEAR_RE.match(year_cell)
            if not match:
                errors.append(
                    (
                        line,
                        _("Column %(column)s of the header is not a year: “%(value)s”.")
                        % {"column": column + 1, "value": year_cell},
                    )
                )
                continue
            year = int(match.group(1))
        elif not sub_cell:
            continue
        if year is None:
            errors.append((line, _("A period column has no year above it.")))
            continue
        if not sub_cell:
            periods.append(
                ParsedPeriod(
                    str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), column
                )
            )
            continue
        half = _half(sub_cell)
        if half is None:
            errors.append(
                (
                    line + 1,
                    _("“%(value)s” is not a first or second semester.")
                    % {"value": sub_cell},
                )
            )
            continue
        start = dt.date(year, 1 if half == 1 else 7, 1)
        end_month = 6 if half == 1 else 12
        end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
        periods.append(ParsedPeriod(f"{year} {sub_cell}", start, end, column))
    if not periods:
        errors.append(
            (line, _("The header names no period (years) after the QUI? column."))
        )
    return periods


# The members themselves ("socis de la XMESS"), who are not a body: each
# member municipality carries the action out. Matched before any body, so an
# old body with these words as aliases no longer takes them.
MEMBERS_RE = re.compile(
    r"^(?:el |els |les |los )?(?:socis|socies|socios|socias|members)"
    r"(?: de la xmess| xmess| de la xarxa| de la red| of the network)?$"
)
MEMBERS = "members"


class BodyMatcher:
    """Recognises body names and aliases, case- and accent-insensitively, and
    the members ("socis"), returned as ``MEMBERS``."""

    def __init__(self, bodies):
        self.names: dict[str, int] = {}
        for body in bodies:
            for name in [body.name, *body.alias_list]:
                self.names.setdefault(normalise(name), body.pk)
        # Longest first, so "secretaria tècnica" wins over "secretaria".
        self.ordered = sorted(self.names.items(), key=lambda item: -len(item[0]))

    def match(self, text: str) -> int | str | None:
        value = normalise(text).strip(" .;")
        if MEMBERS_RE.match(value):
            return MEMBERS
        if value in self.names:
            return self.names[value]
        for name, body_id in self.ordered:
            # A body name followed by a qualifier: "comissió tècnica per a…".
            if value.startswith(name + " "):
                return body_id
        return None

    def split(self, text: str) -> list[tuple[str, int | str | None]]:
        """A role's value → [(text as written, body id, ``MEMBERS`` or None)].
        Parts that name no body are joined back with their neighbours, so free
        text such as "Entitats i moviments" stays whole."""
        text = text.strip().strip(".;").strip()
        if not text:
            return []
        if MEMBERS_RE.match(normalise(text)):
            return [(text, MEMBERS)]
        whole = self.names.get(normalise(text))
        if whole is not None:
            return [(text, whole)]
        tokens = SEPARATOR_RE.split(text)
        parts = tokens[0::2]
        separators = tokens[1::2]
        result: list[tuple[str, int | None]] = []
        pending = ""
        for index, part in enumerate(parts):
            body_id = self.match(part) if part.strip() else None
            if body_id is not None:
                if pending.strip():
                    result.append((pending.strip(), None))
                pending = ""
                result.append((part.strip(), body_id))
            else:
                if pending:
                    pending += separators[index - 1]
                pending += part
        if pending.strip():
            result.append((pending.strip(), None))
        return result


def parse_who(text: str, matcher: BodyMatcher) -> list[ParsedResponsibility]:
    """The QUI? mini-language: ``- Role: names - Role: names``.

    Raises ValueError with a message when a role is unknown or text comes
    before the first role."""
    text = (text or "").strip()
    if not text:
        return []
    matches = list(ROLE_RE.finditer(text))
    if not matches:
        raise ValueError(
            _("“%(value)s” does not follow “- Role: body”.") % {"value": text[:80]}
        )
    if text[: matches[0].start()].strip():
        raise ValueError(
            _("“%(value)s” comes before the first role.")
            % {"value": text[: matches[0].start()].strip()[:80]}
        )
    result: list[ParsedResponsibility] = []
    for index, match in enumerate(matches):
        role = ROLE_LABELS.get(normalise(match.group(1)))
        if role is None:
            raise ValueError(
                _(
                    "Unknown role “%(role)s” (known: Línies bàsiques, Línies de treball, Execució, Suport)."
                )
                % {"role": match.group(1)}
            )
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        for part, found in matcher.split(text[match.end() : end]):
            members = found == MEMBERS
            result.append(
                ParsedResponsibility(
                    role=str(role),
                    text=part,
                    body_id=None if members else found,
                    members=members,
                )
            )
    return result


def _plan_title(header: list[str]) -> tuple[str, int | None, int | None]:
    """ "OBJECTIUS PLA DE TREBALL 2017-2019" → ("Pla de treball 2017-2019", 2017, 2019)."""
    raw = _cell(header, 0)
    title = re.sub(r"^objectius\s*", "", raw, flags=re.I).strip() or raw
    title = title[:1].upper() + title[1:].lower()
    years = re.findall(r"\d{4}", title)
    first = int(years[0]) if years else None
    last = int(years[-1]) if years else None
    return title, first, last


def parse_rows(rows: list[tuple[int, list[str]]], bodies) -> ParsedPlan:
    """The plan in `rows` (from read_rows), or WorkplanFileError."""
    errors: list[tuple[int | None, str]] = []
    matcher = BodyMatcher(bodies)
    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise WorkplanFileError([(None, _("The file is empty."))])
    first_line, first = rows[0]
    if not _is_header(first):
        raise WorkplanFileError(
            [
                (
                    first_line,
                    _(
                        "The first row must be the header: OBJECTIUS… | PROPOSTES D'ACCIONS… | "
                        "QUI? | the years of the plan."
                    ),
                )
            ]
        )
    title, first_year, last_year = _plan_title(first)
    periods: list[ParsedPeriod] = []
    header_signature = None
    lines: list[ParsedLine] = []
    objective: ParsedObjective | None = None
    index = 0
    while index < len(rows):
        number, cells = rows[index]
        index += 1
        if _is_header(cells):
            sub: list[str] = []
            if index < len(rows) and not any(
                _cell(rows[index][1], i) for i in range(3)
            ):
                sub = rows[index][1]
                index += 1
            signature = ([c for c in cells[3:]], [c for c in sub[3:]])
            if header_signature is None:
                header_signature = signature
                periods = _parse_periods(number, cells, sub, errors)
            elif [c for c in signature[0] if c] != [
                c for c in header_signature[0] if c
            ] or [c for c in signature[1] if c] != [
                c for c in header_signature[1] if c
            ]:
                errors.append(
                    (number, _("This header's periods differ from the first header's."))
                )
            continue
        col0, col1, col2 = _cell(cells, 0), _cell(cells, 1), _cell(cells, 2)
        line_match = LINE_RE.match(col0)
        if line_match and not col1:
            code = line_match.group(1).upper()
            if any(line.code == code for line in lines):
                errors.append(
                    (
                        number,
                        _("Strategic line %(code)s appears twice.") % {"code": code},
                    )
                )
            lines.append(ParsedLine(number, code, line_match.group(2).strip()))
            objective = None
            continue
        if col0:
            objective_match = OBJECTIVE_RE.match(col0)
            if not objective_match:
                errors.append(
                    (
                        number,
                        _("“%(value)s” is neither a strategic line nor an objective.")
                        % {"value": col0[:80]},
                    )
                )
                continue
            if not lines:
                errors.append(
                    (number, _("An objective comes before the first strategic line."))
                )
                continue
            code = objective_match.group(1)
            if any(o.code == code for o in lines[-1].objectives):
                errors.append(
                    (
                        number,
                        _("Objective %(code)s appears twice in this line.")
                        % {"code": code},
                    )
                )
            objective = ParsedObjective(number, code, objective_match.group(2).strip())
            lines[-1].objectives.append(objective)
        if not col1:
            if col0:
                errors.append(
                    (number, _("The objective has no action in the second column."))
                )
            else:
                errors.append(
                    (number, _("The row has no action in the second column."))
                )
            continue
        if objective is None:
            errors.append(
                (number, _("An action comes before the first objective of its line."))
            )
            continue
        try:
            responsibilities = parse_who(col2, matcher)
        except ValueError as exc:
            errors.append((number, str(exc)))
            continue
        marks = {}
        for period in periods:
            mark = _cell(cells, period.column)
            if mark:
                marks[period.label] = mark[:50]
        last_column = max((p.column for p in periods), default=2)
        extra = [c for c in cells[last_column + 1 :] if c]
        if extra:
            errors.append((number, _("The row has more columns than the header.")))
            continue
        objective.actions.append(ParsedAction(number, col1, responsibilities, marks))
    if not lines and not errors:
        errors.append(
            (None, _("The file has no strategic line (“Línia estratègica I. …”)."))
        )
    if errors:
        raise WorkplanFileError(errors)
    start = (
        dt.date(first_year, 1, 1) if first_year else min(p.start_on for p in periods)
    )
    end = dt.date(last_year, 12, 31) if last_year else max(p.end_on for p in periods)
    return ParsedPlan(
        title=title, start_on=start, end_on=end, periods=periods, lines=lines
    )


def parse_file(data: bytes, bodies, *, filename: str = "") -> ParsedPlan:
    return parse_rows(read_rows(data, filename=filename), bodies)
