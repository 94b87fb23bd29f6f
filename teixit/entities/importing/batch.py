"""Import batches (the upload page's imports): running one, its progress,
and the batches left running by a worker that is gone."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .. import signals
from ..conf import (
    entities_import_heartbeat_seconds,
    entities_import_stale_seconds,
)
from ..models import ImportBatch
from .files import ImportFileError
from .progress import _Heartbeat, _progress_read, _progress_remove
from .run import EntityImport


def import_progress(batch: ImportBatch) -> tuple[int, int]:
    """(rows read, rows expected) of a batch. While it runs they are read from a
    small file the worker rewrites after each chunk: the batch's own row is
    updated inside the import's transaction, which nobody else sees before it
    commits."""
    if batch.status == ImportBatch.Status.RUNNING:
        data = _progress_read(batch)
        if data is not None:
            return data["done"], data["total"]
    return batch.progress, batch.total_rows


def import_batch_is_stale(batch: ImportBatch) -> bool:
    """Whether a running batch's worker is gone: no heartbeat (nor, before the
    first one, a change of the batch) for `entities_import_stale_seconds`."""
    import time

    if batch.status != ImportBatch.Status.RUNNING:
        return False
    data = _progress_read(batch)
    last = max(data["beat"] if data else 0.0, batch.updated_at.timestamp())
    return time.time() - last > entities_import_stale_seconds()


def import_batch_fail_if_stale(batch: ImportBatch) -> ImportBatch:
    """Mark failed a batch left "running" by a worker that is gone (killed,
    restarted, its machine down), and remove its leftover progress files; the
    import's transaction died with the worker, so nothing of it was written.
    Only reads until the batch is found stale (a running import may hold the
    database's write lock)."""
    from django.db import OperationalError

    if not import_batch_is_stale(batch):
        return batch
    try:
        with transaction.atomic():
            current = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if not import_batch_is_stale(current):
                return current
            current.status = ImportBatch.Status.FAILED
            current.report = {
                "message": _(
                    "The import stopped: the background worker running it stopped "
                    "(it was restarted or killed) and nothing was written. You can "
                    "run it again."
                ),
                "refused": True,
                "stale": True,
                "counts": {},
                "rows": [],
            }
            current.save(update_fields=["status", "report", "updated_at"])
    except OperationalError:
        # SQLite: another import holds the write lock; the next look retries.
        return batch
    _progress_remove(current)
    return current


def import_batch_run(batch: ImportBatch) -> ImportBatch:
    """Run the import described by a saved ImportBatch (from the page's task)."""
    batch.status = ImportBatch.Status.RUNNING
    batch.progress = 0
    batch.save(update_fields=["status", "progress", "updated_at"])
    try:
        with _Heartbeat(batch, entities_import_heartbeat_seconds()) as heartbeat:
            return _import_batch_run(batch, heartbeat.beat, heartbeat.last)
    finally:
        _progress_remove(batch)
        signals.import_batch_finished.send(ImportBatch, batch=batch)


def _import_batch_run(batch: ImportBatch, progress, last: list[int]) -> ImportBatch:

    try:
        run = EntityImport(
            path=batch.file.path,
            mapping=batch.mapping or None,
            source=batch.source_name,
            dry_run=batch.dry_run,
            valid_only=batch.valid_only,
            user=batch.created_by,
            batch=batch,
            original_name=batch.file.name,
            progress=progress,
        )
        report = run.run()
    except ImportFileError as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.report = {"message": str(exc), "refused": True, "counts": {}, "rows": []}
        batch.save(update_fields=["status", "report", "updated_at"])
        return batch
    except Exception:
        # Anything unexpected: the transaction was rolled back; say so on the
        # page (the details go to the worker's log with the task's failure).
        batch.status = ImportBatch.Status.FAILED
        batch.report = {
            "message": _(
                "The import stopped because of an unexpected error and nothing was written. "
                "The administrators can see the details in the background worker's log."
            ),
            "refused": True,
            "counts": {},
            "rows": [],
        }
        batch.save(update_fields=["status", "report", "updated_at"])
        raise
    batch.progress, batch.total_rows = last[0], max(last)
    batch.report = report.as_dict()
    if not batch.source_name:  # derived from the preset (import_source)
        batch.source_name = run.source
        batch.save(update_fields=["source_name"])
    batch.status = (
        ImportBatch.Status.REFUSED if report.refused else ImportBatch.Status.DONE
    )
    batch.save(
        update_fields=["status", "report", "progress", "total_rows", "updated_at"]
    )
    return batch
