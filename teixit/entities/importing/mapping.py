"""Mappings: which column of a file fills which field of an entity.

The fields a column may fill (`FIELD_KINDS`), the presets of known lists
(`PRESETS`, guessed from a file's columns), saved and JSON mappings
(`resolve_mapping`), the source of an import (`import_source`) and the fast
getters a row validator uses (`_getter`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from ..models import SavedMapping
from .files import ImportFileError

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
        "country": {"first": ["Country ID", "Country Name", "Country"]},
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
        "country": {"first": ["addr:country", "is_in:country"]},
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
    mapping = {"columns": mapped, "key": key}
    country = next(
        (
            by_lower[c]
            for c in ("country", "país", "pais", "país/país")
            if c in by_lower
        ),
        None,
    )
    if country:
        mapping["country"] = country
    return mapping


def resolve_mapping(spec: str | dict | None, columns: list[str], kind: str) -> dict:
    """A mapping from a preset name, a saved mapping's name, a JSON file path, a
    dict, or (None) guessed from the columns."""
    if isinstance(spec, dict):
        return spec
    if not spec:
        preset = guess_preset(columns, kind)
        if preset:
            return dict(PRESETS[preset], preset=preset, detected=True)
        return auto_mapping(columns)
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


def import_source(given: str, mapping: dict, columns: list[str]) -> tuple[str, str]:
    """The source of an import and a sentence saying how it was chosen.

    Re-importing the same source updates its entities, so the source must not
    depend on the file's name (a renamed download would create every entity
    again): it is the name given (`--source`, the upload page), else the
    preset's own source, else the preset's name when the file has the preset's
    identifier column. Otherwise the file cannot say which source it is and
    the import is refused, asking for the name."""
    preset = mapping.get("preset") or ""
    if preset:
        detected = mapping.get("detected")
        how = (
            _("preset %(preset)s, detected from the columns")
            if detected
            else _("preset %(preset)s")
        ) % {"preset": preset}
    else:
        how = _("no preset")
    if given:
        source = given
    elif mapping.get("source"):
        source = mapping["source"]
    elif preset and mapping.get("key") in columns:
        source = preset
    else:
        raise ImportFileError(
            _(
                "Give the name of this list's source (the source name on the upload "
                "page, --source in the command): the file has no identifier column "
                "of a known preset, and importing the same list again must update "
                "its entities instead of creating them again."
            )
        )
    return source[:200], _("Source %(source)s; %(how)s.") % {
        "source": source[:200],
        "how": how,
    }


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
