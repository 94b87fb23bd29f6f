"""Whether the site is being served: the lock a restore checks (docs/deploy.md).

Every process that serves the site holds a *shared* lock (`flock`) on one file
for as long as it lives: the web server's processes (gunicorn, uvicorn or
`runserver`, through `config.wsgi` / `config.asgi`) and the background worker
(`manage.py db_worker`). `manage.py restore` takes the same lock *exclusively*:
it cannot while any of them runs, and none of them can start while it holds it.
The kernel releases the lock when a process ends, however it ends (`kill -9`
included), so no stale pid file is ever left behind.

The file is `TEIXIT_RUN_LOCK_FILE` when set; otherwise next to a SQLite
database (`db.sqlite3.running`), or `.teixit-running` in the checkout. It only
sees processes on the same machine: on PostgreSQL a restore also refuses while
other connections to the database are open (`teixit.core.backup`).
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

_held: int | None = None


def run_lock_path() -> Path:
    configured = getattr(settings, "TEIXIT_RUN_LOCK_FILE", "")
    if configured:
        return Path(configured)
    database = settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if database["ENGINE"].endswith("sqlite3") and name and "memory" not in name:
        return Path(f"{name}.running")
    return Path(settings.BASE_DIR) / ".teixit-running"


def _open(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


def serving_lock_hold() -> None:
    """Mark this process as serving the site until it ends (shared lock).

    Waits while a restore runs. Never stops the process from serving: a lock
    file that cannot be written only gives a warning in the log."""
    global _held
    if _held is not None or sys.platform == "win32":
        return
    import fcntl

    path = run_lock_path()
    try:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("A restore is running (%s): waiting for it to end.", path)
            fcntl.flock(fd, fcntl.LOCK_SH)
    except OSError as exc:
        logger.warning(
            "Cannot hold the run lock %s (%s): manage.py restore will not see "
            "that this process serves the site.",
            path,
            exc,
        )
        return
    _held = fd


class SiteRunning(Exception):
    """The site is being served (the run lock is held by another process)."""


@contextmanager
def serving_lock_exclusive(*, wait: bool = False):
    """Hold the run lock exclusively: no process serves the site meanwhile.

    Raises SiteRunning when a serving process holds it (unless `wait`)."""
    if sys.platform == "win32":  # pragma: no cover
        yield
        return
    import fcntl

    fd = _open(run_lock_path())
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise SiteRunning(str(run_lock_path())) from None
        yield
    finally:
        os.close(fd)  # releases the lock
