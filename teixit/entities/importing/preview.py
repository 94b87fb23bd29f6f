"""The mapping page's preview: the first rows of a file as the import would
store them, with the errors and warnings each would give.

The rows go through the import's own `RowValidator` (the same rules, the same
messages), so what the preview shows is what the run will do with them; it
writes nothing and does not look at the register (a row's update of an
existing entity and the permission checks are the run's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from ..validation import places_current
from .files import ImportFileError, TabularFile
from .lookups import ConceptIndex, MunicipalityIndex
from .mapping import FIELD_KINDS, mapping_errors
from .rows import RowValidator, _field_label

PREVIEW_ROWS = 5


@dataclass
class PreviewRow:
    line: int
    cells: list[str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    empty: bool = False


@dataclass
class MappingPreview:
    fields: list[tuple[str, str]]  # (field, label) of the mapped fields, in order
    rows: list[PreviewRow]
    errors: list[str]  # of the mapping itself (a required field without a column)


def mapping_preview(
    tabular: TabularFile, mapping: dict, *, limit: int = PREVIEW_ROWS
) -> MappingPreview:
    """The first `limit` rows of `tabular` under `mapping`: each mapped
    field's value as it will be stored (a municipality's and a concept's name,
    a repaired postcode, a number) and the row's errors and warnings."""
    from teixit.territories.models import Municipality
    from teixit.vocabulary.models import Concept

    mapping = {**mapping, "columns": dict(mapping.get("columns") or {})}
    errors = mapping_errors(mapping, tabular.columns)
    columns = mapping["columns"]
    fields = [(name, _field_label(name)) for name in FIELD_KINDS if name in columns]
    mapping["columns"] = {name: columns[name] for name, _label in fields}
    # Five rows: the outlines as kept for single edits, not read again.
    validator = RowValidator(
        mapping, MunicipalityIndex.kept(places_current()), ConceptIndex.kept()
    )
    prepared = []
    rows = tabular.rows()
    try:
        for line, row in islice(rows, limit):
            prepared.append((line, validator.prepare(line, row)))
    except ImportFileError as exc:
        errors.append(str(exc))
    finally:
        rows.close()
    municipality_ids = {
        out.values.get("municipality_id") for _line, out in prepared if out
    } - {None}
    concept_ids = set()
    for _line, out in prepared:
        if out:
            concept_ids.update(out.sectors, out.criteria)
            if out.values.get("legal_form_id"):
                concept_ids.add(out.values["legal_form_id"])
    municipalities = dict(
        Municipality.objects.filter(pk__in=municipality_ids).values_list("pk", "name")
    )
    concepts = {c.pk: str(c) for c in Concept.objects.filter(pk__in=concept_ids)}
    result = []
    for line, out in prepared:
        if out is None:
            result.append(
                PreviewRow(line=line, cells=["" for _f in fields], empty=True)
            )
            continue
        cells = []
        for name, _label in fields:
            cells.append(_stored(name, out, municipalities, concepts))
        result.append(
            PreviewRow(line=line, cells=cells, errors=out.errors, warnings=out.warnings)
        )
    return MappingPreview(fields=fields, rows=result, errors=errors)


def _stored(name: str, out, municipalities: dict, concepts: dict) -> str:
    values = out.values
    if name == "municipality":
        return municipalities.get(values.get("municipality_id"), "")
    if name == "legal_form":
        return concepts.get(values.get("legal_form_id"), "")
    if name in ("sectors", "criteria"):
        return ", ".join(concepts.get(pk, "") for pk in getattr(out, name))
    value = values.get(name)
    if value is None:
        return ""
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    return str(value)
