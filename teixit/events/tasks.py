"""Background tasks of events: they call services and hold no logic."""

from django_tasks import task


@task()
def registration_promoted_notify(registration_id: int) -> None:
    from .models import Registration
    from .services import registration_promoted_send

    registration = (
        Registration.objects.select_related("user", "event")
        .filter(pk=registration_id, status=Registration.Status.REGISTERED)
        .first()
    )
    if registration is not None and registration.user.email:
        registration_promoted_send(registration=registration)


@task()
def event_cancelled_notify(event_id: int) -> int:
    from .models import Event
    from .services import event_cancelled_send

    event = Event.objects.filter(pk=event_id, status=Event.Status.CANCELLED).first()
    return event_cancelled_send(event=event) if event else 0


@task()
def invitation_send_task(invitation_id: int, base_url: str) -> None:
    from .models import Invitation
    from .services import invitation_send

    invitation = (
        Invitation.objects.select_related("event").filter(pk=invitation_id).first()
    )
    if invitation is not None:
        invitation_send(invitation=invitation, base_url=base_url)
