"""Background tasks of notifications: they call services and hold no logic."""

from django_tasks import task


@task()
def notification_email_send(email_id: int) -> int:
    """Send one e-mail (immediate, or a retry); a failure is retried later."""
    from .services import emails_send

    return emails_send([email_id])


@task()
def digests_send_scheduled(frequency: str) -> int:
    """Send the digests of `frequency`, then schedule the next run: once
    started (`manage.py send_digests --schedule`), the worker sends them
    every day / every Monday at TEIXIT_DIGEST_HOUR. The daily run first
    reports the actions that became late and the entities gone stale."""
    from .handlers import late_actions_notify, stale_entities_notify
    from .services import digests_schedule, digests_send

    if frequency == "daily":
        late_actions_notify()
        stale_entities_notify()
    sent = digests_send(frequency=frequency)
    digests_schedule(frequency=frequency, replace=True)
    return sent
