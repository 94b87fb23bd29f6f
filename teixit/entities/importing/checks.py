"""What each row of an import may do, decided per chunk: the permission of
the importing person, likely duplicates against the register, and whether a
stored entity changes. A mixin of `EntityImport` (run.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from teixit.core.bulk import raw_in

from ..models import Entity
from .rows import PreparedRow


def _raw_in(sql: str, params: list, values: list) -> list[tuple]:
    """`core.bulk.raw_in` on the entity table."""
    return raw_in(Entity, sql, params, values)


class EntityChecks:
    """The checks half of `EntityImport`."""

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
