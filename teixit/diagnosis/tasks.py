"""Background tasks: call services, hold no logic."""

from django.utils import timezone
from django_tasks import task

from .services import indicator_snapshot_take


@task()
def snapshot_indicators_task(year: int | None = None) -> int:
    """Take the snapshot of the current year (run it periodically, e.g. nightly);
    past years are only retaken when a year is given explicitly."""
    return indicator_snapshot_take(year=year or timezone.localdate().year)
