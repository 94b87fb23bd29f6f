"""Database objects of the register that Django's models cannot describe:
triggers that keep a stamp of the public register, and the text index of the
entity list's `q` on SQLite.

- **The register stamp** (`RegisterStamp`, one row): database triggers give it
  a new random value on every write that can change what the public list of
  entities answers: an entity published, unpublished, changed or deleted while
  published, its sectors or criteria, a concept, a scheme, a municipality or a
  comarca (their codes are the filters), a province (what an import's preview
  keeps in memory is built from their names), and a member of the network
  (`teixit.core.kept_rows` keeps the rows of the selects of members,
  municipalities, comarcas and concepts by the stamp). Whatever writes (the ORM, an
  import's raw SQL, `QuerySet.update()`, the admin), the stamp changes with
  it, in the same transaction, so it is safe as a cache key
  (`selectors.register_stamp`, `selectors.KeptInProcess`).
  Tables derived from the register and written after its commit (the map's)
  renew it themselves once they commit (`services.register_stamp_renew`).
  On SQLite the triggers run per row (one writer at a time); on PostgreSQL they
  are deferred to the commit and stamp once per transaction, so concurrent
  writers do not wait for each other on the stamp's row before committing.
- **The text index** (SQLite ≥ 3.34 only): an FTS5 `trigram` table on the
  entities' name and description. Triggers only note the ids of the entities
  written (`entities_entity_text_pending`: cheap, so imports stay fast);
  `text_index_catch_up` indexes them later (after a save, after an import in a
  background task). `entity_filter_queryset` narrows `q` to the entities the
  index finds plus the pending ones (a superset: trigram matching folds case
  more widely than `LIKE`, and entries of deleted or renamed entities linger
  only until the catch-up), and keeps the `LIKE` itself, so the results are
  exactly those of the `LIKE` alone, caught up or not. On PostgreSQL
  `pg_trgm` GIN indexes on `UPPER(name)` and `UPPER(description)` serve the
  `UPPER(...) LIKE UPPER(...)` that `icontains` writes, with no change in the
  query.

`ensure(connection)` creates whatever is missing; it is run by the migration
and after every `migrate` (SQLite rebuilds a table to alter it, which drops its
triggers: they are created again, and the text index rebuilt, if so).
"""

from __future__ import annotations

import sqlite3

STAMP_TABLE = "entities_registerstamp"
TEXT_TABLE = "entities_entity_text"
PENDING_TABLE = "entities_entity_text_pending"

# Tables whose every write can change the public list, and the condition (on
# SQLite: a trigger's WHEN) for the entity table itself.
_ANY_WRITE = (
    "entities_entity_sectors",
    "entities_entity_criteria",
    "vocabulary_concept",
    "vocabulary_conceptscheme",
    "territories_municipality",
    "territories_comarca",
    "territories_province",
    # Not the public list's: the network's members, whose selects every form
    # writes (`teixit.core.kept_rows` keeps their rows by this stamp).
    "network_member",
)
_ENTITY_WHEN = {
    "INSERT": "NEW.status = 'published'",
    "UPDATE": "OLD.status = 'published' OR NEW.status = 'published'",
    "DELETE": "OLD.status = 'published'",
}


def stamp_renew(connection) -> None:
    """A new register stamp now, as the triggers give one (see
    `services.register_stamp_renew`)."""
    value = (
        "(random() * 9.2e18)::bigint"
        if connection.vendor == "postgresql"
        else "random()"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STAMP_TABLE} (id, stamp) VALUES (1, {value}) "
            "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp"
        )


def text_index_supported(connection) -> bool:
    """SQLite with FTS5's trigram tokenizer (3.34 and later)."""
    return connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 34, 0)


def ensure(connection) -> None:
    if connection.vendor == "sqlite":
        _ensure_sqlite(connection)
    elif connection.vendor == "postgresql":
        _ensure_postgresql(connection)


def _sqlite_triggers(cursor) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {name for (name,) in cursor.fetchall()}


def _stamped_tables(connection, cursor) -> list[str]:
    """The tables of `_ANY_WRITE` that exist: the entities' migration that
    first creates the triggers may run before the members' table exists
    (another app's); the migration that follows it and every `migrate`
    (`apps._ensure_database_objects`) add the missing ones."""
    existing = set(connection.introspection.table_names(cursor))
    return [table for table in _ANY_WRITE if table in existing]


def _ensure_sqlite(connection) -> None:
    bump = (
        f"INSERT INTO {STAMP_TABLE} (id, stamp) VALUES (1, random()) "
        "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp;"
    )
    with connection.cursor() as cursor:
        existing = _sqlite_triggers(cursor)
        created = False
        for event, when in _ENTITY_WHEN.items():
            name = f"entities_stamp_entity_{event.lower()}"
            if name not in existing:
                cursor.execute(
                    f"CREATE TRIGGER {name} AFTER {event} ON entities_entity "
                    f"WHEN {when} BEGIN {bump} END"
                )
                created = True
        for table in _stamped_tables(connection, cursor):
            for event in ("INSERT", "UPDATE", "DELETE"):
                name = f"entities_stamp_{table}_{event.lower()}"
                if name not in existing:
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                        f"BEGIN {bump} END"
                    )
                    created = True
        if created:
            cursor.execute(bump)
        if not text_index_supported(connection):
            return
        _ensure_sqlite_text(cursor, existing)


def _ensure_sqlite_text(cursor, existing: set[str]) -> None:
    cursor.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
        [TEXT_TABLE],
    )
    rebuild = cursor.fetchone() is None
    if rebuild:
        cursor.execute(
            f"CREATE VIRTUAL TABLE {TEXT_TABLE} USING fts5(name, description, "
            "tokenize='trigram')"
        )
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {PENDING_TABLE} (id INTEGER PRIMARY KEY)"
    )
    pending = f"INSERT OR IGNORE INTO {PENDING_TABLE} (id) VALUES"
    for name, sql in (
        (
            "entities_text_insert",
            f"AFTER INSERT ON entities_entity BEGIN {pending} (NEW.id); END",
        ),
        (
            "entities_text_delete",
            f"AFTER DELETE ON entities_entity BEGIN {pending} (OLD.id); END",
        ),
        (
            "entities_text_update",
            "AFTER UPDATE OF id, name, description ON entities_entity "
            f"BEGIN {pending} (OLD.id); {pending} (NEW.id); END",
        ),
    ):
        if name not in existing:
            cursor.execute(f"CREATE TRIGGER {name} {sql}")
            rebuild = True
    if rebuild:
        # Every entity pending: the next catch-up indexes them all.
        cursor.execute(f"DELETE FROM {TEXT_TABLE}")
        cursor.execute(
            f"INSERT OR IGNORE INTO {PENDING_TABLE} SELECT id FROM entities_entity"
        )
        _catch_up(cursor)


def _catch_up(cursor, at_most: int | None = None) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {PENDING_TABLE}")
    (n,) = cursor.fetchone()
    if n and (at_most is None or n <= at_most):
        cursor.execute(
            f"DELETE FROM {TEXT_TABLE} WHERE rowid IN (SELECT id FROM {PENDING_TABLE})"
        )
        cursor.execute(
            f"INSERT INTO {TEXT_TABLE} (rowid, name, description) "
            f"SELECT e.id, e.name, e.description FROM entities_entity e "
            f"JOIN {PENDING_TABLE} p ON p.id = e.id"
        )
        cursor.execute(f"DELETE FROM {PENDING_TABLE}")
    return n


def text_index_catch_up(using: str = "default", *, at_most: int | None = None) -> int:
    """Index the entities written since the last catch-up (the triggers only
    note their ids: indexing trigrams costs more than writing the row, and an
    import writes thousands). Until then the search reads those entities with
    the `LIKE` alone, so results never wait for it. Run after a bulk write
    (a background task) and after single saves. Returns how many were pending."""
    from django.db import connections, transaction

    connection = connections[using]
    if not text_index_supported(connection):
        return 0
    with transaction.atomic(using=using), connection.cursor() as cursor:
        return _catch_up(cursor, at_most)


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION entities_register_stamp_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('teixit.register_stamped', true), '') <> 'on' THEN
        PERFORM set_config('teixit.register_stamped', 'on', true);
        INSERT INTO {STAMP_TABLE} (id, stamp)
        VALUES (1, (random() * 9.2e18)::bigint)
        ON CONFLICT (id) DO UPDATE SET stamp = EXCLUDED.stamp;
    END IF;
    RETURN NULL;
END;
$$
"""


#: Rows of each index that `statistics_refresh` samples on SQLite (`PRAGMA
#: analysis_limit`): enough for the planner, milliseconds at 1,000,000 entities.
ANALYSIS_LIMIT = 1000


def statistics_refresh(using: str = "default") -> None:
    """The query planner's statistics of the register, after a bulk write (an
    import). Without them SQLite prefers an index that gives a query its
    order: a technician's unverified list walked every stale entity of the
    register on `(status, last_verified_on, name)` to find the few of their
    municipality, where reading the municipality's rows (`entity_municipality_page`)
    and sorting them is cheap. On SQLite a sampled `ANALYZE` of the entity
    table; PostgreSQL's autovacuum analyzes on its own, nothing is done there."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT:d}")
        try:
            cursor.execute("ANALYZE entities_entity")
        finally:
            cursor.execute("PRAGMA analysis_limit=0")


def _ensure_postgresql(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_PG_FUNCTION)
        stamped = _stamped_tables(connection, cursor)
        triggers = [
            (
                f"entities_stamp_entity_{event.lower()}",
                "entities_entity",
                event,
                when,
            )
            for event, when in _ENTITY_WHEN.items()
        ] + [
            (f"entities_stamp_{table}", table, "INSERT OR UPDATE OR DELETE", "")
            for table in stamped
        ]
        for name, table, event, when in triggers:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(
                f"CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                + (f"WHEN ({when}) " if when else "")
                + "EXECUTE FUNCTION entities_register_stamp_bump()"
            )
        # TRUNCATE runs no row trigger: it stamps at once.
        for table in ("entities_entity", *stamped):
            name = f"entities_stamp_truncate_{table}"
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {name} AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION entities_register_stamp_bump()"
            )
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in ("name", "description"):
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS entities_entity_{column}_upper_trgm "
                f'ON entities_entity USING gin ((UPPER("{column}"::text)) '
                "gin_trgm_ops)"
            )


def drop(connection) -> None:
    """The migration's reverse: the triggers, the text table, the trigram indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _sqlite_triggers(cursor):
                if name.startswith(("entities_stamp_", "entities_text_")):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {TEXT_TABLE}")
            cursor.execute(f"DROP TABLE IF EXISTS {PENDING_TABLE}")
        elif connection.vendor == "postgresql":
            for table in ("entities_entity", *_stamped_tables(connection, cursor)):
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass "
                    "AND tgname LIKE 'entities_stamp_%%'",
                    [table],
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS entities_register_stamp_bump()")
            for column in ("name", "description"):
                cursor.execute(
                    f"DROP INDEX IF EXISTS entities_entity_{column}_upper_trgm"
                )
