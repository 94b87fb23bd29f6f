"""One import run (`EntityImport`): stream the rows, validate them, look up
what exists and write chunk by chunk, all or nothing."""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.core.bulk import gc_paused as _gc_paused

from .. import validation
from ..conf import (
    entities_import_chunk_size,
    entities_import_processes,
)
from ..models import Entity, ImportBatch
from ..signals import entities_bulk_written
from .checks import EntityChecks, _raw_in
from .files import ImportFileError, open_tabular
from .lookups import ConceptIndex, MunicipalityIndex
from .mapping import import_source, mapping_errors, resolve_mapping
from .progress import _Heartbeat
from .reader import _read_in_child
from .report import ImportReport, KeyLines, _Refused, _Stored
from .rows import PreparedRow, RowValidator
from .writing import EntityWriting

UPDATE_EXCLUDE = {"name_key"}
# Files of at least this many rows are read by a second process (see
# EntityImport._in_parallel): below, starting it costs more than it saves.
PARALLEL_MIN_ROWS = 10_000
# Duplicates inside a file (same tax ID, same name in the same municipality)
# are looked for in files of at most this many rows.
IN_FILE_DUPLICATES_MAX_ROWS = 250_000


class EntityImport(EntityChecks, EntityWriting):
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
        self.source, self.origin = import_source(
            source, self.mapping, self.tabular.columns
        )
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
        self.report.origin = self.origin
        self._seen_keys = KeyLines(self.tabular.estimated_rows)
        # Tax IDs and (municipality, name) pairs: duplicates inside the file.
        # Two keys a row, sized not to grow (growing copies every key); not
        # kept for the largest files, whose reading process must stay small
        # (the 1,000,000-row bench went from 41 to 269 MB with it).
        estimated = self.tabular.estimated_rows
        self._seen_entities = (
            KeyLines(2 * estimated)
            if estimated <= IN_FILE_DUPLICATES_MAX_ROWS
            else None
        )
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
            if not prepared.errors and self._seen_entities is not None:
                self._file_duplicates(prepared)
            chunk.append(prepared)
            if len(chunk) >= self.chunk_size:
                yield processed, empty, chunk
                chunk, empty = [], []
        if chunk or empty:
            yield processed, empty, chunk

    def _file_duplicates(self, row: PreparedRow) -> None:
        """Likely duplicates inside the file, reported as those against the
        register (a warning): the same tax ID, or the same folded name in the
        same municipality, as an earlier row with another key."""
        values = row.values
        first_line = self._seen_entities.first_line
        tax_id = values.get("tax_id")
        if tax_id:
            seen = first_line("t\x00" + tax_id, row.line)
            if seen is not None:
                row.warnings.append(
                    _("Possible duplicate of line %(line)s of this file: same tax ID.")
                    % {"line": seen}
                )
        name_key = values.get("name_key")
        if name_key:
            seen = first_line(
                f"n\x00{values.get('municipality_id')}\x00{name_key}", row.line
            )
            if seen is not None:
                row.warnings.append(
                    _(
                        "Possible duplicate of line %(line)s of this file: similar "
                        "name in the same municipality."
                    )
                    % {"line": seen}
                )

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
