"""Background tasks of the entities app (they call services and hold no logic)."""

from django_tasks import task


@task()
def entity_import_run(batch_id: int) -> str:
    """Run an uploaded import (see `importing.import_batch_run`)."""
    from .importing import import_batch_run
    from .models import ImportBatch

    batch = ImportBatch.objects.get(pk=batch_id)
    return import_batch_run(batch).status


@task()
def entity_text_index_catch_up() -> int:
    """Index the entities an import wrote (see `database.text_index_catch_up`)."""
    from .database import text_index_catch_up

    return text_index_catch_up()


@task()
def entity_statistics_refresh() -> None:
    """The planner's statistics after an import (see `database.statistics_refresh`)."""
    from .database import statistics_refresh

    statistics_refresh()
