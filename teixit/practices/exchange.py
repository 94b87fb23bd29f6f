"""Practices exchanged with other practice banks (plan II.2.e): export as
CSV or JSON-LD, and read the same formats back.

Exports hold what the person exporting may read (`practice_visible_q`:
public practices for everyone, members-only ones too for registered users),
never the contact person (personal data) nor the attached documents (private
files). JSON-LD is schema.org (`CreativeWork`) with the bank's own fields as
terms of the `practice:` prefix; themes are identified by their concept IRIs
(`teixit.vocabulary.linked_data`).

Reading is pure: bytes in, `ParsedPractice` items or a `PracticeFileError`
with every row's errors out (`services.practices_import` applies them, all or
nothing). Both formats become the same flat records (the CSV columns, see
`CSV_COLUMNS`) before they are checked, so a rule is written once.

Territory: a practice of a member is exported with the member's slug, its
municipality's code and its name as the place. Reading it back, a member of
this bank with that slug (or municipality code) is the territory; otherwise
the name becomes the practice's free place, so nothing is lost in a bank that
does not have that member.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teixit.core.imports import MB, ImportLimits, cell_amount, cell_date
from teixit.core.spreadsheets import FORMULA_TRIGGERS, safe_csv_writer
from teixit.core.text import fold
from teixit.vocabulary.linked_data import absolute_path, concept_iri
from teixit.vocabulary.schemes import THEMES

from .models import LANGUAGES, Practice

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonld": ("application/ld+json", "jsonld"),
}
DEFAULT_LIMITS = {
    "max_bytes": 20 * MB,
    "max_rows": 5_000,
    "max_uncompressed_bytes": 20 * MB,
    "max_compression_ratio": 100,
}
CSV_COLUMNS = [
    "id", "url", "title", "summary", "context", "actions", "resources", "budget",
    "results", "outcome", "enabling_factors", "difficulties", "lessons",
    "transferability", "scope", "member", "municipality_code", "place", "country",
    "start_on", "end_on", "themes", "links", "language", "visibility",
    "replicated_in", "published_at",
]  # fmt: skip
TEXT_FIELDS = [
    "title", "summary", "context", "actions", "resources", "results",
    "enabling_factors", "difficulties", "lessons", "transferability",
]  # fmt: skip
REQUIRED = ["title", "summary", "outcome"]
LINK_MAX_LENGTH = 500  # PracticeLink.url
SCHEMA = "https://schema.org/"

# Practice field → JSON-LD term (compact form) of the export's context.
JSONLD_TERMS = {
    "title": "name",
    "summary": "abstract",
    "context": "practice:context",
    "actions": "practice:actions",
    "resources": "practice:resources",
    "budget": "practice:budget",
    "results": "practice:results",
    "outcome": "practice:outcome",
    "enabling_factors": "practice:enablingFactors",
    "difficulties": "practice:difficulties",
    "lessons": "practice:lessonsLearned",
    "transferability": "practice:transferability",
    "scope": "practice:scope",
    "language": "inLanguage",
    "visibility": "practice:visibility",
    "published_at": "datePublished",
}


class PracticeFileError(Exception):
    """The file cannot be imported; `errors` are (where, message): where is
    a row or item number, or None for the whole file."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        super().__init__("; ".join(message for _where, message in errors))
        self.errors = errors


def import_limits() -> ImportLimits:
    configured = getattr(settings, "TEIXIT_IMPORT_LIMITS", {}).get("practices", {})
    return ImportLimits(**{**DEFAULT_LIMITS, **configured})


# -- Export ---------------------------------------------------------------------


def _rows(qs: QuerySet[Practice], base_url: str) -> Iterator[dict]:
    """Plain records of the practices, with what every format needs."""
    qs = (
        qs.select_related("member", "member__municipality")
        .prefetch_related("themes", "themes__scheme", "links", "replicated_in")
        .order_by("pk")
    )
    visible = set(qs.values_list("pk", flat=True))
    for practice in qs:
        member = practice.member
        record = {name: getattr(practice, name) for name in TEXT_FIELDS}
        record.update(
            id=practice.pk,
            url=absolute_path("practices:detail", base_url, pk=practice.pk),
            budget=practice.budget,
            outcome=practice.outcome,
            scope=practice.scope,
            member=member.slug if member else "",
            municipality_code=member.municipality.code
            if member and member.municipality_id
            else "",
            place=member.name if member else practice.place,
            country="" if member else practice.country,
            start_on=practice.start_on,
            end_on=practice.end_on,
            themes=sorted(practice.themes.all(), key=lambda c: c.code),
            links=[(link.url, link.title) for link in practice.links.all()],
            language=practice.language,
            visibility=practice.visibility,
            replicated_in=sorted(
                p.pk for p in practice.replicated_in.all() if p.pk in visible
            ),
            published_at=practice.published_at,
        )
        yield record


def _iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def export_csv(qs: QuerySet[Practice], *, base_url: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = safe_csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in _rows(qs, base_url):
        writer.writerow(
            [
                record["id"], record["url"], record["title"], record["summary"],
                record["context"], record["actions"], record["resources"],
                "" if record["budget"] is None else record["budget"],
                record["results"], record["outcome"], record["enabling_factors"],
                record["difficulties"], record["lessons"], record["transferability"],
                record["scope"], record["member"], record["municipality_code"],
                record["place"], record["country"], _iso(record["start_on"]),
                _iso(record["end_on"]),
                ";".join(theme.code for theme in record["themes"]),
                "\n".join(f"{url} {title}".strip() for url, title in record["links"]),
                record["language"], record["visibility"],
                ";".join(str(pk) for pk in record["replicated_in"]),
                _iso(record["published_at"]),
            ]
        )  # fmt: skip
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def jsonld_context(base_url: str) -> dict:
    return {
        "@vocab": SCHEMA,
        "schema": SCHEMA,
        "practice": absolute_path("practices:list", base_url) + "#",
        "url": {"@id": "schema:url", "@type": "@id"},
        "license": {"@id": "schema:license", "@type": "@id"},
        "about": {"@id": "schema:about", "@type": "@id"},
        "practice:replicatedIn": {"@type": "@id"},
    }


def _practice_node(record: dict, base_url: str) -> dict:
    node: dict = {
        "@id": record["url"],
        "@type": "CreativeWork",
        "identifier": str(record["id"]),
    }
    for name, term in JSONLD_TERMS.items():
        value = record[name]
        if value in ("", None):
            continue
        if name == "budget":
            value = str(value)
        elif name == "published_at":
            value = _iso(value)
        node[term] = value
    if record["themes"]:
        node["about"] = [
            concept_iri(THEMES, theme.code, _essglobal(theme.essglobal_uri), base_url)
            for theme in record["themes"]
        ]
        node["keywords"] = [theme.code for theme in record["themes"]]
    place: dict = {"@type": "Place", "name": record["place"]}
    if record["member"]:
        place["practice:member"] = record["member"]
    if record["municipality_code"]:
        place["identifier"] = record["municipality_code"]
    if record["country"]:
        place["address"] = {
            "@type": "PostalAddress",
            "addressCountry": record["country"],
        }
    if record["place"] or record["country"]:
        node["spatialCoverage"] = place
    if record["start_on"] or record["end_on"]:
        node["temporalCoverage"] = (
            f"{_iso(record['start_on']) or '..'}/{_iso(record['end_on']) or '..'}"
        )
    if record["links"]:
        node["relatedLink"] = [
            {"@type": "WebPage", "url": url, "name": title} if title else {"url": url}
            for url, title in record["links"]
        ]
    if record["replicated_in"]:
        prefix = record["url"][: -len(f"{record['id']}/")]
        node["practice:replicatedIn"] = [
            f"{prefix}{pk}/" for pk in record["replicated_in"]
        ]
    return node


def _essglobal(uri: str) -> str:
    return uri if uri and "essglobal" in uri.lower() else ""


def export_jsonld(qs: QuerySet[Practice], *, base_url: str) -> Iterator[str]:
    from teixit.network.selectors import network_get_current

    network = network_get_current()
    with translation.override(settings.LANGUAGE_CODE):
        list_url = absolute_path("practices:list", base_url)
    dataset: dict = {
        "@id": absolute_path("practices:export", base_url),
        "@type": "Dataset",
        "name": "Practice bank",
        "url": list_url,
        "dateModified": timezone.now().isoformat(timespec="seconds"),
    }
    if network is not None:
        dataset["publisher"] = {"@type": "Organization", "name": network.name}
        dataset["license"] = network.open_data_licence_url
        dataset["creditText"] = network.open_data_licence
    yield (
        '{"@context": '
        + json.dumps(jsonld_context(base_url))
        + ', "@graph": [\n'
        + json.dumps(dataset, ensure_ascii=False)
    )
    for record in _rows(qs, base_url):
        yield ",\n" + json.dumps(_practice_node(record, base_url), ensure_ascii=False)
    yield "\n]}\n"


EXPORTERS = {"csv": export_csv, "jsonld": export_jsonld}


# -- Import ---------------------------------------------------------------------


@dataclass
class ParsedPractice:
    number: int
    source_id: str = ""
    source_url: str = ""
    values: dict = field(default_factory=dict)
    themes: list = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    replicated_in: list[str] = field(default_factory=list)


def read_records(data: bytes, *, filename: str = "") -> list[tuple[int, dict]]:
    """The file's practices as (row or item number, flat record)."""
    if not data or not data.strip():
        raise PracticeFileError([(None, _("The file is empty."))])
    limits = import_limits()
    try:
        limits.check_size(len(data))
    except ValidationError as exc:
        raise PracticeFileError([(None, exc.messages[0])]) from None
    if b"\x00" in data[:4096]:
        raise PracticeFileError(
            [(None, _("This is not a text file: upload a CSV or JSON-LD file."))]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")) or filename.lower().endswith(
        (".json", ".jsonld")
    ):
        records = _jsonld_records(text)
    else:
        records = _csv_records(text)
    if not records:
        raise PracticeFileError([(None, _("The file has no practices."))])
    if len(records) > limits.max_rows:
        raise PracticeFileError([(None, limits.too_many_rows_message())])
    return records


def _unneutralise(text: str) -> str:
    """Undo the export's protection against spreadsheet formulas."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _csv_records(text: str) -> list[tuple[int, dict]]:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    records = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [fold(cell).replace(" ", "_").replace("-", "_") for cell in row]
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                raise PracticeFileError(
                    [
                        (
                            reader.line_num,
                            _("Missing columns: %(columns)s")
                            % {"columns": ", ".join(missing)},
                        )
                    ]
                )
            continue
        record = {
            name: _unneutralise(row[position].strip()) if position < len(row) else ""
            for position, name in enumerate(header)
            if name in CSV_COLUMNS
        }
        records.append((reader.line_num, record))
        if len(records) > import_limits().max_rows:
            break
    return records


def _local(key: str) -> str:
    """A JSON-LD key without its prefix or namespace (`schema:name`,
    `https://schema.org/name` and `name` are the same term)."""
    for separator in ("#", "/"):
        if key.startswith("http") and separator in key:
            key = key.rsplit(separator, 1)[-1]
    return key.split(":", 1)[-1] if ":" in key and "//" not in key else key


def _plain(value):
    """A JSON-LD value without its wrapping (`{"@value": …}`, `{"@id": …}`)."""
    if isinstance(value, dict):
        if "@value" in value:
            return value["@value"]
        if "@id" in value and len(value) == 1:
            return value["@id"]
    return value


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(node: dict) -> set[str]:
    return {_local(str(t)) for t in _as_list(node.get("@type"))}


TERM_FIELDS = {_local(term): name for name, term in JSONLD_TERMS.items()}


def _jsonld_records(text: str) -> list[tuple[int, dict]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PracticeFileError(
            [
                (
                    None,
                    _("The file is not valid JSON (line %(line)s): %(error)s")
                    % {"line": exc.lineno, "error": exc.msg},
                )
            ]
        ) from None
    if isinstance(document, dict):
        nodes = document.get("@graph", [document])
    else:
        nodes = document
    if not isinstance(nodes, list):
        raise PracticeFileError([(None, _("The file holds no list of practices."))])
    records = []
    number = 0
    for node in nodes:
        if not isinstance(node, dict):
            continue
        node = {
            _local(key) if not key.startswith("@") else key: v
            for key, v in node.items()
        }
        if "Dataset" in _types(node) or not ({"name", "abstract"} & node.keys()):
            continue
        number += 1
        records.append((number, _record_of_node(node)))
    return records


def _text(value) -> str:
    value = _plain(value)
    if isinstance(value, list):
        value = _plain(value[0]) if value else ""
    return "" if value is None else str(value).strip()


def _record_of_node(node: dict) -> dict:
    record = {name: "" for name in CSV_COLUMNS}
    record["id"] = _text(node.get("identifier")) or _text(node.get("@id"))
    record["url"] = _text(node.get("@id"))
    for key, value in node.items():
        name = TERM_FIELDS.get(key)
        if name:
            record[name] = _text(value)
    themes = [_text(item) for item in _as_list(node.get("about"))]
    if not themes:
        themes = [_text(item) for item in _as_list(node.get("keywords"))]
    record["themes"] = ";".join(t for t in themes if t)
    place = _plain(node.get("spatialCoverage"))
    if isinstance(place, list):
        place = place[0] if place else None
    if isinstance(place, dict):
        place = {_local(k) if not k.startswith("@") else k: v for k, v in place.items()}
        record["place"] = _text(place.get("name"))
        record["member"] = _text(place.get("member"))
        record["municipality_code"] = _text(place.get("identifier"))
        address = _plain(place.get("address"))
        if isinstance(address, dict):
            address = {_local(k): v for k, v in address.items()}
            record["country"] = _text(address.get("addressCountry"))
    elif place:
        record["place"] = _text(place)
    period = _text(node.get("temporalCoverage"))
    if "/" in period:
        start, _slash, end = period.partition("/")
        record["start_on"] = "" if start == ".." else start
        record["end_on"] = "" if end == ".." else end
    links = []
    for item in _as_list(node.get("relatedLink")):
        item = _plain(item)
        if isinstance(item, dict):
            item = {
                _local(k) if not k.startswith("@") else k: v for k, v in item.items()
            }
            url = _text(item.get("url")) or _text(item.get("@id"))
            title = _text(item.get("name"))
        else:
            url, title = _text(item), ""
        if url:
            links.append(f"{url} {title}".strip())
    record["links"] = "\n".join(links)
    record["replicated_in"] = ";".join(
        _text(item) for item in _as_list(node.get("replicatedIn"))
    )
    return record


# -- Checking the records -------------------------------------------------------


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", text) if part.strip()]


def _links(text: str) -> list[tuple[str, str]]:
    """One link per line, `URL title`; several on one line are separated by
    a ";" before the next address."""
    out = []
    for line in text.splitlines():
        for part in re.split(r"\s*;\s*(?=https?://)", line.strip()):
            if part:
                url, _space, title = part.partition(" ")
                out.append((url.strip(), title.strip()))
    return out


def _choices(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Folded codes and labels (in every language) → code."""
    out = {}
    for code, label in choices:
        out[fold(code)] = code
        for language in ("ca", "es", "en"):
            with translation.override(language):
                out[fold(str(label))] = code
    return out


class _Lookups:
    """Themes, members and choices, folded, read once per file."""

    def __init__(self):
        from teixit.network.models import Member
        from teixit.vocabulary.models import Concept

        self.themes = {}
        for concept in Concept.objects.filter(scheme__code=THEMES):
            keys = [
                concept.code,
                concept.label_ca,
                concept.label_es,
                concept.label_en,
                concept.essglobal_uri,
                concept.uri,
            ]
            for key in keys:
                if key:
                    self.themes[fold(key)] = concept
        self.members = {}
        for member in Member.objects.select_related("municipality"):
            self.members[("slug", member.slug)] = member
            if member.municipality_id:
                self.members.setdefault(("code", member.municipality.code), member)
        self.outcomes = _choices(Practice.Outcome.choices)
        self.scopes = _choices(Practice.Scope.choices)
        self.visibilities = _choices(Practice.Visibility.choices)
        self.languages = _choices(LANGUAGES)

    def theme(self, value: str):
        key = fold(value)
        if key in self.themes:
            return self.themes[key]
        # A concept IRI of any Teixit: …/vocabulary/themes/<code>/
        match = re.search(r"/vocabulary/themes/([^/]+)/?$", value)
        if match:
            return self.themes.get(fold(match.group(1)))
        return None


def parse_records(records: list[tuple[int, dict]]) -> list[ParsedPractice]:
    """The practices of the file; raises PracticeFileError with every row's
    errors (each with its row or item number)."""
    lookups = _Lookups()
    validate_url = URLValidator(schemes=["http", "https"])
    errors: list[tuple[int | None, str]] = []
    parsed = []
    for number, record in records:
        row_errors: list[str] = []
        item = ParsedPractice(
            number=number,
            source_id=record.get("id", ""),
            source_url=record.get("url", ""),
        )
        for name in REQUIRED:
            if not record.get(name):
                row_errors.append(
                    _("the column “%(column)s” is empty") % {"column": name}
                )
        values = {name: record.get(name, "") for name in TEXT_FIELDS}
        for name, table, default in (
            ("outcome", lookups.outcomes, None),
            ("scope", lookups.scopes, Practice.Scope.LOCAL),
            ("visibility", lookups.visibilities, Practice.Visibility.MEMBERS),
            ("language", lookups.languages, "ca"),
        ):
            text = record.get(name, "")
            if not text:
                values[name] = default
                continue
            code = table.get(fold(text))
            if code is None:
                row_errors.append(
                    _("unknown %(column)s “%(value)s”")
                    % {"column": name, "value": text}
                )
            values[name] = code
        for name in ("start_on", "end_on"):
            text = record.get(name, "")
            values[name] = None
            if text:
                try:
                    values[name] = cell_date(text.strip()[:10])
                except ValueError:
                    row_errors.append(
                        _("“%(value)s” is not a date (write 2026-03-31 or 31/03/2026)")
                        % {"value": text}
                    )
        text = record.get("budget", "")
        values["budget"] = None
        if text:
            try:
                values["budget"] = cell_amount(text)
            except (InvalidOperation, ValueError):
                row_errors.append(_("“%(value)s” is not an amount") % {"value": text})
        member = lookups.members.get(("slug", record.get("member", ""))) or (
            lookups.members.get(("code", record.get("municipality_code", "")))
        )
        values["member"] = member
        values["place"] = "" if member else record.get("place", "")
        values["country"] = "" if member else record.get("country", "")
        for value in _split(record.get("themes", "")):
            concept = lookups.theme(value)
            if concept is None:
                row_errors.append(_("unknown theme “%(value)s”") % {"value": value})
            elif concept not in item.themes:
                item.themes.append(concept)
        for url, title in _links(record.get("links", "")):
            try:
                validate_url(url)
                if len(url) > LINK_MAX_LENGTH:
                    raise ValidationError("too long")
            except ValidationError:
                row_errors.append(
                    _("“%(value)s” is not a web address") % {"value": url}
                )
            else:
                item.links.append((url, title[:250]))
        item.replicated_in = _split(record.get("replicated_in", ""))
        item.values = values
        if not row_errors:
            row_errors.extend(_model_errors(values))
        if row_errors:
            errors.extend((number, message) for message in row_errors)
        else:
            parsed.append(item)
    if errors:
        raise PracticeFileError(errors)
    return parsed


def _model_errors(values: dict) -> list[str]:
    practice = Practice(status=Practice.Status.DRAFT, **values)
    out = []
    try:
        practice.full_clean(exclude=["author"])
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            label = (
                str(Practice._meta.get_field(field_name).verbose_name)
                if field_name != "__all__"
                else ""
            )
            out.extend(
                f"{label}: {message}" if label else message for message in messages
            )
    return out
