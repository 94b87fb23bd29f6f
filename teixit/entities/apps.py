from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "teixit.entities"
    label = "entities"
    verbose_name = _("SSE map")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_database_objects, sender=self)


def _ensure_database_objects(sender, using="default", **kwargs):
    """After every `migrate`: the register's triggers and text index exist
    (SQLite drops a table's triggers when a migration rebuilds the table)."""
    from django.db import connections

    from . import database

    connection = connections[using]
    if database.STAMP_TABLE in connection.introspection.table_names():
        database.ensure(connection)
