"""Background tasks of the map (they call services and hold no logic)."""

from django_tasks import task


@task()
def map_rebuild() -> dict:
    """Recompute the map's points and cells (see `services.map_cells_rebuild`)."""
    from .services import map_cells_rebuild

    return map_cells_rebuild()
