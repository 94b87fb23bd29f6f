from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "teixit.entities"
    label = "entities"
    verbose_name = _("SSE map")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_database_objects, sender=self)

        from django.db.models.signals import post_delete, post_save

        from .models import Entity
        from .signals import entities_bulk_written

        post_save.connect(_entity_written, sender=Entity, dispatch_uid="text_saved")
        post_delete.connect(_entity_written, sender=Entity, dispatch_uid="text_deleted")
        entities_bulk_written.connect(_entities_bulk_written, dispatch_uid="text_bulk")

        # The rows of the selects of members, municipalities, comarcas and
        # concepts, kept by the stamp their tables' triggers change.
        from teixit.core import kept_rows

        from . import database
        from .selectors import register_stamp

        kept_rows.install(register_stamp, database._ANY_WRITE)


# At most this many entities waiting for the text index are indexed at once
# after a save; more (an import whose task has not run yet) are left to it.
TEXT_CATCH_UP_AT_ONCE = 1000


def _entity_written(sender, instance, using="default", **kwargs):
    from . import database

    database.text_index_catch_up(using, at_most=TEXT_CATCH_UP_AT_ONCE)


def _entities_bulk_written(sender, entity_ids, **kwargs):
    from .tasks import entity_statistics_refresh, entity_text_index_catch_up

    entity_text_index_catch_up.enqueue()
    entity_statistics_refresh.enqueue()


def _ensure_database_objects(sender, using="default", **kwargs):
    """After every `migrate`: the register's triggers and text index exist
    (SQLite drops a table's triggers when a migration rebuilds the table)."""
    from django.db import connections

    from . import database

    connection = connections[using]
    if database.STAMP_TABLE in connection.introspection.table_names():
        database.ensure(connection)
