"""A covering index on the register for the indicator computation.

`teixit.diagnosis.indicators._register_facts` reads, for every published
entity, its municipality, legal form, year founded, workers, women workers and
social balance year, grouped by municipality and legal form. With this index
the query reads only the index, in its order, without touching the table nor
sorting (SQLite; on PostgreSQL an index-only scan once the table is vacuumed).

The index is on a table of the entities app, which the diagnosis app does not
own, so it is created with raw SQL (same statement on SQLite and PostgreSQL)
and is not part of any model state. Caveat: if the entities app later alters
`entities_entity` so that SQLite rebuilds the table, or drops one of these
columns, the index disappears; run `manage.py migrate diagnosis 0001` then
`manage.py migrate diagnosis` to recreate it (the computation stays correct
without it, only slower).
"""

from django.db import migrations

INDEX = "diagnosis_entity_indicators_idx"

CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON entities_entity "
    "(status, municipality_id, legal_form_id, year_founded, workers_total, "
    "workers_women, social_balance_year)"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


class Migration(migrations.Migration):
    dependencies = [
        ("diagnosis", "0001_initial"),
        ("entities", "0001_initial"),
    ]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP, elidable=False)]
