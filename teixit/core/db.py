"""Database helpers shared by the apps."""

from contextlib import contextmanager

from django.db import connection as default_connection
from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Coalesce


def count_subquery(rows, by: str) -> Coalesce:
    """How many of `rows` (a queryset filtered on an `OuterRef`) belong to
    each row of the outer query, grouped by their field `by`; 0 when none.

    Counted in a correlated subquery rather than over a join, which would
    multiply the outer rows (and any other count) by the counted ones."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@contextmanager
def sqlite_without_mmap(connection=None):
    """On SQLite, no memory-mapped reads while a large import or export runs.

    Settings map the first 128 MB of the database file (`PRAGMA mmap_size`),
    which speeds up ordinary pages; but every mapped page a long scan touches
    counts in the process's resident memory, so a million-row export or import
    would carry up to 128 MB more. Reads through SQLite's page cache stay within
    its fixed size. The previous value is restored afterwards. Nothing is done
    on other databases, or inside a transaction (tests) where the setting is
    left alone."""
    connection = connection or default_connection
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size")
        row = cursor.fetchone()  # none for an in-memory database
        if row is not None:
            cursor.execute("PRAGMA mmap_size=0")
    if row is None or not row[0]:
        yield
        return
    previous = int(row[0])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size={previous:d}")
