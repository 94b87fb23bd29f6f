"""Background tasks: call services, hold no logic."""

from django.utils import timezone
from django_tasks import task

from .services import indicator_snapshot_take


@task()
def snapshot_indicators_task(year: int | None = None) -> int:
    """Take the snapshot of the current year (run it periodically, e.g. nightly);
    past years are only retaken when a year is given explicitly."""
    return indicator_snapshot_take(year=year or timezone.localdate().year)


@task()
def network_report_build_task(
    params: dict, user_id: int | None, language: str, fmt: str = "pdf"
) -> int:
    """Build a large network report into the report cache (see
    reports.render_network); the page asking for it reloads until it is there."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from .comparison import network_context
    from .reports import network_file_cached

    user = AnonymousUser()
    if user_id is not None:
        user = get_user_model().objects.filter(pk=user_id).first() or user
    with translation.override(language):
        context = network_context(params=params, user=user, for_print=fmt == "pdf")
        return len(network_file_cached(context, fmt))
