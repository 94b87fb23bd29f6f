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


@task()
def training_cancelled_notify(training_id: int) -> int:
    from .models import Training
    from .services import training_cancelled_send

    training = Training.objects.filter(
        pk=training_id, status=Training.Status.CANCELLED
    ).first()
    return training_cancelled_send(training=training) if training else 0
