"""Rows of reference tables read once per process while nothing is written to
them: the options of the selects of members, municipalities, comarcas and
concepts that every form and filter of the site and the admin writes.

A select of the network's 949 members read its rows on every page that shows
it (~0.7 ms of a form page: the query, a tuple and two converters a row), to
write the same options again. A domain app that keeps a stamp of some tables
(a value database triggers change on every write to them, in the same
transaction: `teixit.entities.database`) installs it here with the tables it
covers; `rows(queryset)` then answers a `values_list` queryset whose SQL
reads only those tables from the rows kept for the same SQL, parameters,
database and stamp. The stamp is read before and after the query: rows are
kept only if no write was committed in between, so kept rows are always the
ones at their stamp. Without a stamp (none installed; on PostgreSQL inside a
transaction that wrote, where the triggers stamp at the commit) or with SQL
that reads any other table (a subquery of people, a raw fragment), the
queryset is read as it is.

`core` imports no domain app: the stamp comes from `install()`, called by the
app that owns it (`teixit.entities.apps`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.core.exceptions import EmptyResultSet
from django.db import connections

# Every table a statement names after FROM or JOIN (quoted or not), and any
# FROM that opens something else than a name (a function, VALUES…).
_SOURCES = re.compile(r'\b(?:FROM|JOIN)\s+(?:"([^"]+)"|(\w+)|(\S))', re.IGNORECASE)

# Statements kept: a few per model select of the site. A thousand members'
# rows take ~110 KB (64: ~7 MB at most); rows of an old stamp stay until the
# bound empties them.
_LIMIT = 64

_reader: Callable[[str], int | None] | None = None
_tables: frozenset[str] = frozenset()
#: (database alias, database name, stamp, sql, params) -> rows
_KEPT: dict[tuple, list] = {}


def install(reader: Callable[[str], int | None], tables: Iterable[str]) -> None:
    """`reader(using)`: the stamp of `tables` on that database, or None when it
    cannot be a key."""
    global _reader, _tables
    _reader = reader
    _tables = frozenset(tables)
    _KEPT.clear()


def clear() -> None:
    _KEPT.clear()


def covered(sql: str) -> bool:
    """Whether every table `sql` reads is one the stamp covers."""
    found = False
    for quoted, bare, other in _SOURCES.findall(sql):
        name = quoted or bare
        if other or name not in _tables:
            return False
        found = True
    return found


def rows(queryset) -> list:
    """`list(queryset)`, from the rows kept at the tables' stamp when its SQL
    reads only stamped tables (see the module's docstring). The list may be
    the one kept, shared by every caller: read it, never change it."""
    return rows_kept(queryset)[0]


def rows_kept(queryset) -> tuple[list, bool]:
    """(`rows(queryset)`, whether that list is the one kept: the same object
    for as long as the stamp holds, which a caller may key what it makes of
    the rows by — holding the list, so that its id is not reused)."""
    if _reader is None:
        return list(queryset), False
    using = queryset.db
    connection = connections[using]
    try:
        sql, params = queryset.query.get_compiler(using).as_sql()
    except EmptyResultSet:  # `.none()`, `pk__in=[]`: Django asks nothing
        return list(queryset), False
    if not covered(sql):
        return list(queryset), False
    stamp = _reader(using)
    if stamp is None:
        return list(queryset), False
    try:
        key = (using, connection.settings_dict["NAME"], stamp, sql, tuple(params))
        hash(key)
    except TypeError:
        return list(queryset), False
    found = _KEPT.get(key)
    if found is not None:
        return found, True
    found = list(queryset)
    if _reader(using) != stamp:
        return found, False
    if len(_KEPT) >= _LIMIT:
        _KEPT.clear()
    _KEPT[key] = found
    return found, True
