"""The in-process counter of page views, written to ``DailyVisits`` in
batches.

A page view only adds one to a dictionary in memory (no query on the hot
path). The batch is written when ``TEIXIT_VISITS_FLUSH_EVERY`` views have been
counted or ``TEIXIT_VISITS_FLUSH_SECONDS`` have passed since the last write
(checked on the next counted view), and when the process exits normally. The
write is one statement per batch, an upsert that adds to the stored count
(``INSERT … ON CONFLICT (day, section) DO UPDATE SET count = count +
excluded.count``, on PostgreSQL and SQLite alike): atomic, and several
processes or servers on one database never lose each other's counts. A
process killed without exiting (SIGKILL, a crash) loses the views of its
current batch: at most ``FLUSH_EVERY`` views or ``FLUSH_SECONDS`` of views
per process.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection, transaction

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: Counter[tuple[dt.date, str]] = Counter()
_state = {"hits": 0, "last": time.monotonic()}


def flush_every() -> int:
    return int(getattr(settings, "TEIXIT_VISITS_FLUSH_EVERY", 100))


def flush_seconds() -> float:
    return float(getattr(settings, "TEIXIT_VISITS_FLUSH_SECONDS", 60))


def record(*, day: dt.date, section: str) -> None:
    """Count one page view; write the batch when it is due."""
    with _lock:
        _pending[(day, section)] += 1
        _state["hits"] += 1
        due = (
            _state["hits"] >= flush_every()
            or time.monotonic() - _state["last"] >= flush_seconds()
        )
    if due:
        flush()


def pending() -> dict[tuple[dt.date, str], int]:
    """The views counted and not written yet (for tests and the stats page)."""
    with _lock:
        return dict(_pending)


def flush() -> int:
    """Write the pending views; returns how many were written. On a database
    error the batch is kept for the next write and the page is not broken."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _state["hits"] = 0
        _state["last"] = time.monotonic()
    if not batch:
        return 0
    try:
        upsert(batch)
    except DatabaseError:
        logger.warning("Could not write %s page views; kept for later.", len(batch))
        with _lock:
            _pending.update(batch)
        return 0
    return sum(batch.values())


def upsert(batch: dict[tuple[dt.date, str], int]) -> None:
    """Add the batch's counts to the stored ones in one statement."""
    from .models import DailyVisits

    qn = connection.ops.quote_name
    table = qn(DailyVisits._meta.db_table)
    count = qn("count")
    rows = sorted(batch.items())
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    params: list = []
    for (day, section), n in rows:
        params += [connection.ops.adapt_datefield_value(day), section, n]
    sql = (
        f"INSERT INTO {table} ({qn('day')}, {qn('section')}, {count}) "
        f"VALUES {values} "
        f"ON CONFLICT ({qn('day')}, {qn('section')}) "
        f"DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def reset() -> None:
    """Forget the pending views (tests)."""
    with _lock:
        _pending.clear()
        _state["hits"] = 0
        _state["last"] = time.monotonic()


def _exit_flush() -> None:
    try:
        flush()
    except Exception:  # noqa: BLE001 - the process is ending; never raise here
        logger.warning("Page views not written at exit.", exc_info=True)


def install_exit_flush() -> None:
    atexit.unregister(_exit_flush)
    atexit.register(_exit_flush)
