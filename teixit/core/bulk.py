"""Generic bulk-write helpers for large imports (no model instances, no
signals): primary keys reserved in advance, rows inserted with one
executemany (COPY on PostgreSQL), plain-SQL IN look-ups in slices, and the
cyclic garbage collector paused while a run makes millions of small objects.
Used by the register's importer (`teixit/entities/importing/`); callers must
tell other apps what they wrote (bulk writes send no model signals)."""

from __future__ import annotations

import operator
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """No cyclic garbage collection while an import runs: it makes hundreds of
    thousands of small dicts and lists, each allocation burst triggering scans
    of the whole heap (a third of the run's time), and the rows hold no cycles
    (they are freed by reference counting as before). Restored afterwards."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def raw_in(
    model, sql: str, params: list, values: list, size: int = 5000
) -> list[tuple]:
    """Run `sql` (with {table} = the model's table and {values} = placeholders)
    for `values` in slices of `size`: thousands of values cost less as plain
    SQL than as an ORM IN look-up (one array parameter on PostgreSQL)."""
    from django.db import connection

    out: list[tuple] = []
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter: thousands of literals cost more to plan.
            cursor.execute(
                sql.replace("IN ({values})", "= ANY(%s)").format(table=table),
                [*params, list(values)],
            )
            return cursor.fetchall()
        for start in range(0, len(values), size):
            part = values[start : start + size]
            cursor.execute(
                sql.format(table=table, values=", ".join(["%s"] * len(part))),
                [*params, *part],
            )
            out.extend(cursor.fetchall())
    return out


def reserve_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows, so that rows can be written with one
    executemany and still be linked (history, m2m). PostgreSQL: from the
    sequence. SQLite: after the largest id ever used — safe because imports run
    in a write transaction (SQLite's IMMEDIATE mode holds the write lock)."""
    if count <= 0:
        return []
    from django.db import connection

    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")  # noqa: S608
        start = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(start, row[0] if row else 0)
    return list(range(start + 1, start + 1 + count))


def insert_rows(
    model, rows: list[dict], batch: int = 5000, constants: dict | None = None
) -> None:
    """INSERT rows (dicts by attname) with executemany (COPY on PostgreSQL): no
    model instances. The values are picked with one C-level itemgetter per row;
    only dates, times, JSON and decimals are prepared, once per distinct value
    (JSON: per row unless empty). `constants` gives columns whose value is the
    same for every row."""
    if not rows:
        return
    from django.db import connection

    constants = constants or {}
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    varying = [f for f in fields if f.attname not in constants]
    fixed = [f for f in fields if f.attname in constants]
    constant_values = tuple(
        f.get_db_prep_save(constants[f.attname], connection) for f in fixed
    )
    # Column order of the statement: varying columns, then the constant ones.
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(f.column) for f in (*varying, *fixed))
    attnames = [f.attname for f in varying]
    getter = operator.itemgetter(*attnames)
    try:
        params = [getter(row) for row in rows]
    except KeyError:
        params = [tuple(row.get(name) for name in attnames) for row in rows]
    if len(attnames) == 1:
        params = [(value,) for value in params]
    special = [
        (index, f, f.get_internal_type())
        for index, f in enumerate(varying)
        if f.get_internal_type()
        in ("DateTimeField", "DateField", "JSONField", "DecimalField", "TimeField")
    ]
    if special:
        columns = list(zip(*params, strict=True))
        for index, f, kind in special:
            if kind == "JSONField":
                empty = f.get_db_prep_save({}, connection)

                def prepare(value, f=f, empty=empty):
                    if value is None:
                        return None
                    if value == {}:
                        return empty
                    return f.get_db_prep_save(value, connection)

            else:
                cache: dict = {None: None}

                def prepare(value, f=f, cache=cache):
                    try:
                        return cache[value]
                    except KeyError:
                        prepared = cache[value] = f.get_db_prep_save(value, connection)
                        return prepared

            column = columns[index]
            first = column[0]
            if kind != "JSONField" and all(v is first for v in column):
                columns[index] = (prepare(first),) * len(column)
            else:
                columns[index] = [prepare(value) for value in column]
        params = list(zip(*columns, strict=True))
    if constant_values:
        params = [values + constant_values for values in params]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the rows stream to the server in one command (executemany
            # with client-side binding formats a statement per row, 5× slower).
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"  # noqa: S608
        for start in range(0, len(params), batch):
            cursor.executemany(sql, params[start : start + batch])
