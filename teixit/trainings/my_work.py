"""The trainings' part of the home page (teixit/home/registry.py): the
person's places in trainings still to come."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Registration

SECTION = _("My registrations")
ORDER = 50


def items(user) -> list[dict]:
    registrations = (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
            training__sessions__ends_at__gte=timezone.now(),
        )
        .select_related("training")
        .distinct()
        .order_by("training__title")[:10]
    )
    return [
        {
            "label": str(registration.training)
            + (
                f" ({registration.get_status_display()})"
                if registration.status == Registration.Status.WAITLISTED
                else ""
            ),
            "count": None,
            "url": registration.training.get_absolute_url(),
        }
        for registration in registrations
    ]
