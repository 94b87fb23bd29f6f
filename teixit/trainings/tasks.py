"""Background tasks of trainings: they call services and hold no logic."""

from django_tasks import task


@task()
def registration_promoted_notify(registration_id: int) -> None:
    from .models import Registration
    from .services import registration_promoted_send

    registration = (
        Registration.objects.select_related("user", "training")
        .filter(pk=registration_id)
        .first()
    )
    if (
        registration is not None
        and registration.status == Registration.Status.REGISTERED
    ):
        registration_promoted_send(registration=registration)
