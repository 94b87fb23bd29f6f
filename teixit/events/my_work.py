"""The agenda's part of the home page (teixit/home/registry.py): the
person's places at events still to come, and agreements assigned to them."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Registration
from .selectors import open_agreements_count

# Shown under the same heading as the trainings' registrations.
SECTION = _("My registrations")
ORDER = 51


def items(user) -> list[dict]:
    registrations = (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
            event__ends_at__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__starts_at")[:10]
    )
    result = [
        {
            "label": str(registration.event)
            + (
                f" ({registration.get_status_display()})"
                if registration.status == Registration.Status.WAITLISTED
                else ""
            ),
            "count": None,
            "url": registration.event.get_absolute_url(),
        }
        for registration in registrations
    ]
    result.append(
        {
            "label": _("agreements assigned to me"),
            "count": open_agreements_count(user),
            "url": reverse("events:my_agreements"),
        }
    )
    return result
