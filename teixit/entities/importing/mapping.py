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
from django.utils.translation import gettext_lazy

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
#: What each preset is, in the user's language (the labels in PRESETS are
#: stored with the import's mapping, so they stay plain strings).
PRESET_DESCRIPTIONS: dict[str, tuple] = {
    "essglobal": (
        gettext_lazy("ESSGlobal standard CSV (Digital Commons SSE maps)"),
        gettext_lazy(
            "The CSV of the maps made with Digital Commons' tools: name, "
            "description, organisational structure, activities, address, "
            "locality, position and contacts. Its Identifier column keeps each "
            "entity's link, so importing the list again updates them."
        ),
    ),
    "osm": (
        gettext_lazy("OpenStreetMap-style GeoJSON (OSM tags)"),
        gettext_lazy(
            "A GeoJSON export of OpenStreetMap (Overpass): the point and the "
            "tags name, addr:*, contact:* and ref:vatin. The @id of each element "
            "keeps its link to OpenStreetMap."
        ),
    ),
    "pamapam": (
        gettext_lazy("Agroecological supply (Pam a Pam, 2020)"),
        gettext_lazy(
            "Pam a Pam's list of agroecological supply of 2020: project, "
            "municipality, and the products, how to buy and remarks joined "
            "into the description."
        ),
    ),
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


#: Other names of each field's column, as lists are written in Catalan,
#: Spanish and English (compared folded: no case, accents or punctuation).
#: The field's own name, its label in each language and the presets' column
#: names are added by `_column_names()`.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "nom",
        "nombre",
        "entitat",
        "entidad",
        "entity",
        "projecte",
        "proyecto",
        "organitzacio",
        "organizacion",
        "organisation",
        "organization",
        "rao social",
        "razon social",
        "nom de l'entitat",
        "nombre de la entidad",
    ),
    "description": ("descripcio", "descripcion", "desc"),
    "legal_form": (
        "forma juridica",
        "forma legal",
        "tipus d'entitat",
        "tipo de entidad",
        "legal form",
    ),
    "sectors": (
        "sector",
        "sectors",
        "sectores",
        "ambit",
        "ambits",
        "ambito",
        "activitat",
        "actividad",
        "activity",
        "activities",
    ),
    "criteria": ("criteris", "criterios", "principis", "principios", "principles"),
    "tax_id": ("nif", "cif", "nie", "vat", "vat number", "tax id", "vatin"),
    "address": (
        "adreca",
        "direccio",
        "direccion",
        "domicili",
        "domicilio",
        "carrer",
        "calle",
        "street",
    ),
    "postcode": (
        "cp",
        "codi postal",
        "codigo postal",
        "postal code",
        "zip",
        "zip code",
    ),
    "municipality": (
        "municipi",
        "municipio",
        "poblacio",
        "poblacion",
        "poble",
        "pueblo",
        "localitat",
        "localidad",
        "locality",
        "city",
        "town",
        "ciutat",
        "ciudad",
    ),
    "latitude": ("lat", "latitud"),
    "longitude": ("lon", "lng", "long", "longitud"),
    "website": ("web", "url", "lloc web", "pagina web", "sitio web", "site"),
    "email": (
        "e-mail",
        "correu",
        "correu electronic",
        "correo",
        "correo electronico",
        "mail",
    ),
    "phone": ("tel", "telefon", "telefono", "telephone", "mobil", "movil"),
    "year_founded": (
        "any de fundacio",
        "any fundacio",
        "ano de fundacion",
        "founded",
        "year founded",
    ),
    "workers_total": (
        "treballadors",
        "trabajadores",
        "persones treballadores",
        "workers",
    ),
    "workers_women": (
        "treballadores dones",
        "dones treballadores",
        "trabajadoras mujeres",
        "women workers",
    ),
    "members_count": ("socis", "socies", "socios", "membres", "miembros", "members"),
}
#: Names of the column with each entity's identifier in its source.
KEY_ALIASES = (
    "source_key",
    "id",
    "identifier",
    "identificador",
    "codi",
    "codigo",
    "@id",
)
COUNTRY_ALIASES = ("country", "pais", "pais/pais", "country name")


def _fold_column(name: str) -> str:
    """A column name compared without case, accents, punctuation or spacing
    ("Població" = "poblacio", "Codi_postal" = "codi postal")."""
    from teixit.core.text import fold

    text = fold(name).replace("_", " ").replace("-", " ")
    return " ".join(
        "".join(c if c.isalnum() or c in "@'/" else " " for c in text).split()
    )


def _column_names() -> dict[str, str]:
    """Folded column name → field: the field's name, its label in Catalan,
    Spanish and English, the aliases above and the presets' columns. A name
    claimed by two fields (a preset's "Name" and the label "name") goes to
    the first; the order is that of `FIELD_KINDS`."""
    from django.utils import translation

    from ..models import Entity

    names: dict[str, str] = {}
    for field in FIELD_KINDS:
        candidates = [field, *FIELD_ALIASES.get(field, ())]
        for language in ("ca", "es", "en"):
            with translation.override(language):
                try:
                    candidates.append(str(Entity._meta.get_field(field).verbose_name))
                except Exception:  # noqa: BLE001 - a field kind without a model field
                    pass
        for preset in PRESETS.values():
            candidates.extend(_spec_columns((preset.get("columns") or {}).get(field)))
        for candidate in candidates:
            names.setdefault(_fold_column(candidate), field)
    return names


def auto_mapping(columns: list[str]) -> dict:
    """Columns named like a field map to it: its name, its Catalan, Spanish or
    English label or another usual name (`FIELD_ALIASES`), or the name a
    preset gives it, compared without case or accents. The first column that
    matches a field wins; a column fills one field at most."""
    names = _column_names()
    mapped: dict[str, str] = {}
    by_folded: dict[str, str] = {}
    for column in columns:
        folded = _fold_column(column)
        by_folded.setdefault(folded, column)
        field = names.get(folded)
        if field and field not in mapped:
            mapped[field] = column
    used = set(mapped.values())
    key = next(
        (
            by_folded[alias]
            for alias in KEY_ALIASES
            if alias in by_folded and by_folded[alias] not in used
        ),
        None,
    )
    mapping = {"columns": mapped, "key": key}
    country = next(
        (by_folded[alias] for alias in COUNTRY_ALIASES if alias in by_folded), None
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
