"""Rows: a mapped row turned into model values with the register's rules
(`validation.py`), its errors and warnings."""

from __future__ import annotations

import datetime
import operator
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import validation
from ..names import normalise_name
from ..validators import normalise_tax_id, repair_postcode, tax_id_is_valid
from .lookups import ConceptIndex, MunicipalityIndex
from .mapping import FIELD_KINDS, TEXT_FIELDS, _getter

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
        self.contacts_mapped = any(
            name in self.getters for name in validation.CONTACT_FIELDS
        )
        self.places = municipalities.places
        self.bounds = self.places.bounds
        country = mapping.get("country")
        self.country_getter = _getter(country) if country else None
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
        # Decided with the postcode and the point after the loop (`_place`).
        out.values["municipality_id"] = self.municipalities.match(text)
        out.values["__municipality"] = text

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
        # Not cached: contacts are nearly all distinct (a cache of a million
        # rows' addresses would cost more memory than the whole import).
        first, others = validation.contacts_split(name, text)
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

    def _place(self, out: PreparedRow, row: dict) -> None:
        """The municipality decision (validation.municipality_decide): the
        point, the name, the postcode and the country must agree."""
        values = out.values
        text = values.pop("__municipality")
        named = values.pop("municipality_id", None)
        lat, lon = values.get("latitude"), values.get("longitude")
        has_point = lat is not None and lon is not None
        if validation.name_is_not_a_name(text):
            named = None
        pk, errors = validation.municipality_decide(
            self.places,
            named=named,
            name=text,
            postcode=values.get("postcode") or "",
            latitude=lat,
            longitude=lon,
            country=self.country_getter(row) if self.country_getter else "",
        )
        if errors:
            out.errors.extend(errors)
        elif pk is None:
            if text and not validation.name_is_not_a_name(text):
                out.errors.append(
                    _("Municipality %(value)s not found.") % {"value": text}
                )
            else:
                out.errors.append(
                    _("%(field)s is missing.") % {"field": _field_label("municipality")}
                )
        else:
            values["municipality_id"] = pk
            if has_point and named is None and text:
                out.warnings.append(
                    _("Municipality %(value)s not found: the coordinates decide.")
                    % {"value": text}
                )

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
        out = PreparedRow(line=line, key="", values={"__municipality": ""})
        errors = out.errors
        values = out.values
        text_handler = self._text
        for (name, _get, handler, scheme, limit), text in zip(
            self.plan, texts, strict=True
        ):
            if not text:
                if name == "name":
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
        if not errors:
            self._place(out, row)
        else:
            values.pop("__municipality")
            if values.get("municipality_id", 0) is None:
                del values["municipality_id"]
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
