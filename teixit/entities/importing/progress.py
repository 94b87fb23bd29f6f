"""Progress of a running import, shared with the pages through a small file,
and the heartbeat that tells a running import from one whose worker died."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from ..models import ImportBatch


def _progress_path(batch: ImportBatch) -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "private" / "imports" / f"{batch.pk}.progress"


def _progress_read(batch: ImportBatch) -> dict | None:
    try:
        data = json.loads(_progress_path(batch).read_text())
        return {
            "done": int(data["done"]),
            "total": int(data["total"]),
            "beat": float(data["beat"]),
        }
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _progress_remove(batch: ImportBatch) -> None:
    path = _progress_path(batch)
    path.unlink(missing_ok=True)
    path.with_suffix(".tmp").unlink(missing_ok=True)


class _Heartbeat:
    """The progress file of a running batch, rewritten after each chunk and, by
    a thread, every few seconds between them: the time in it tells the pages
    that the worker is alive (see `import_batch_fail_if_stale`).

    The thread stops while the import forks its reading process
    (`all_paused`): forking a process that runs other threads may deadlock the
    child, and Python 3.12+ warns about it."""

    active: set[_Heartbeat] = set()

    def __init__(self, batch: ImportBatch, every: float) -> None:
        import threading

        self.path = _progress_path(batch)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.last = [0, batch.total_rows]
        self.every = every
        self.name = f"teixit-import-heartbeat-{batch.pk}"
        self._lock = threading.Lock()

    def _start(self) -> None:
        import threading

        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def _halt(self) -> None:
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> _Heartbeat:
        self.beat()
        self._start()
        _Heartbeat.active.add(self)
        return self

    def __exit__(self, *exc) -> None:
        _Heartbeat.active.discard(self)
        self._halt()

    @classmethod
    @contextmanager
    def all_paused(cls):
        """No heartbeat thread running in this process meanwhile."""
        paused = list(cls.active)
        for heartbeat in paused:
            heartbeat._halt()
        try:
            yield
        finally:
            for heartbeat in paused:
                heartbeat.beat()
                heartbeat._start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.beat()
            except OSError:  # pragma: no cover - the next beat tries again
                pass

    def beat(self, done: int | None = None, total: int | None = None) -> None:
        import time

        with self._lock:
            if done is not None:
                self.last[:] = [done, total]
            partial = self.path.with_suffix(".tmp")
            partial.write_text(
                json.dumps(
                    {"done": self.last[0], "total": self.last[1], "beat": time.time()}
                )
            )
            os.replace(partial, self.path)  # readers never see half a file
