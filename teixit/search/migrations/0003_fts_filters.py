"""SQLite: rebuild the FTS5 table with a third column, `filters`, holding the
document's filter values as tokens (see text.filter_tokens), and make bm25 with
weights title 10, text 1, filters 0 the table's `rank`. One MATCH then
restricts by text, visibility and filters, ranks and counts inside FTS5; the
documents table is read only for the page of results shown.

PostgreSQL keeps its generated tsvector column (nothing to do).
"""

from django.db import migrations

from teixit.search.text import filter_tokens

CREATE = (
    "CREATE VIRTUAL TABLE {name} USING fts5("
    "title, body, filters, tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
)
RANK = "INSERT INTO search_fts(search_fts, rank) VALUES('rank', 'bm25(10.0, 1.0, 0.0)')"


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS search_fts_new")
        cursor.execute(CREATE.format(name="search_fts_new"))
        cursor.execute(
            "SELECT d.id, f.title, f.body, d.type, d.visibility, d.language, d.themes,"
            " d.territory_code, d.outcome FROM search_searchdocument d"
            " JOIN search_fts f ON f.rowid = d.id"
        )
        rows = [
            (pk, title, body, filter_tokens(type=type_, visibility=visibility,
             language=language, themes=themes, territory=territory, outcome=outcome))
            for pk, title, body, type_, visibility, language, themes, territory, outcome
            in cursor.fetchall()
        ]  # fmt: skip
        cursor.executemany(
            "INSERT INTO search_fts_new(rowid, title, body, filters) VALUES (%s, %s, %s, %s)",
            rows,
        )
        cursor.execute("DROP TABLE search_fts")
        cursor.execute("ALTER TABLE search_fts_new RENAME TO search_fts")
        cursor.execute(RANK)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE search_fts_old USING fts5(title, body,"
            " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
        cursor.execute(
            "INSERT INTO search_fts_old(rowid, title, body)"
            " SELECT rowid, title, body FROM search_fts"
        )
        cursor.execute("DROP TABLE search_fts")
        cursor.execute("ALTER TABLE search_fts_old RENAME TO search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forward, backward)]
