"""The register stamp also changes with every write to the network's members
(teixit/entities/database.py): their triggers, once the members' table exists."""

from django.db import migrations


def create_member_triggers(apps, schema_editor):
    from teixit.entities import database

    database.ensure(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("entities", "0007_entity_coordinates_page_index"),
        ("network", "0002_logo_checked_random_name"),
    ]

    operations = [
        # Backwards the triggers stay: a stamp that changes more often than
        # needed only renews what is kept by it.
        migrations.RunPython(create_member_triggers, migrations.RunPython.noop),
    ]
