"""Background tasks of the expertise directory: they call services only."""

from django_tasks import task


@task()
def consultation_notify(consultation_id: int, recipient_id: int) -> None:
    from django.contrib.auth import get_user_model

    from .models import Consultation
    from .services import consultation_notify_send

    consultation = Consultation.objects.filter(pk=consultation_id).first()
    recipient = get_user_model().objects.filter(pk=recipient_id, is_active=True).first()
    if (
        consultation is not None
        and recipient is not None
        and consultation.is_party(recipient)
    ):
        consultation_notify_send(consultation=consultation, recipient=recipient)
