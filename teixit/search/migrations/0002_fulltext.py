"""The full-text index, in the database's own engine.

SQLite: an FTS5 table `search_fts` whose rowid is SearchDocument.id, holding
the folded title and text (bm25 ranks the matches).
PostgreSQL: a generated tsvector column `fts` over the folded title (weight A)
and text (weight B) with a GIN index (ts_rank ranks the matches).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN fts tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(title_folded, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(body_folded, '')), 'B')) STORED",
    "CREATE INDEX search_doc_fts_gin ON search_searchdocument USING GIN (fts)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_fts_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
