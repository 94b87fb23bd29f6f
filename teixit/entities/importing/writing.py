"""Writing an import's rows: bulk inserts and updates of entities, their
m2m links and history rows, with the secondary indexes deferred on large
SQLite imports. A mixin of `EntityImport` (run.py)."""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.core.bulk import insert_rows as _insert_rows
from teixit.core.bulk import reserve_ids as _reserve_ids
from teixit.core.db import sqlite_without_mmap

from ..models import Entity

# Imports of at least this many rows may build the secondary indexes at the end
# (see EntityImport._defer_indexes).
DEFER_INDEXES_MIN_ROWS = 20_000
# ... and at most this many: building an index sorts all its keys at once, and
# on 1,000,000 rows the sorts took the process past 300 MB.
DEFER_INDEXES_MAX_ROWS = 250_000


class EntityWriting:
    """The writing half of `EntityImport`."""

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
