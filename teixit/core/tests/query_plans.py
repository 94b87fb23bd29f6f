"""Whether a statement reads its rows in order from an index instead of
sorting them (SQLite's and PostgreSQL's plans): a list of a bank of 100,000
rows ordered by a sort is a read of all of them for each page."""

from __future__ import annotations

from django.db import connection


def read_in_order(sql: str, params, index: str) -> tuple[bool, str]:
    """(True, plan) when `index` serves the statement's order with no sort
    step. PostgreSQL, with a few test rows, would rather scan and sort: told
    not to sort, it must find the index."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            return index in plan and "TEMP B-TREE" not in plan, plan
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
        return index in plan and "Sort" not in plan, plan
