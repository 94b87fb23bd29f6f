"""The experts' part of the home page (teixit/home/registry.py): open
consultations whose last message is not the person's (waiting for them)."""

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teixit.core.prepared import prepared_count

from .models import Consultation, ConsultationMessage

SECTION = _("Consultations")
ORDER = 40


def _waiting_for(user_id: int):
    """Open consultations of the person's whose last message is not theirs."""
    last_author = Subquery(
        ConsultationMessage.objects.filter(consultation=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("author_id")[:1]
    )
    return (
        Consultation.objects.filter(
            Q(expert_id=user_id) | Q(requester_id=user_id),
            status=Consultation.Status.OPEN,
        )
        .annotate(last_author=last_author)
        .exclude(last_author=user_id)
    )


# Counted on every visit to the home page: the statement compiled once.
_waiting_count = prepared_count(_waiting_for)


def items(user) -> list[dict]:
    waiting = _waiting_count(user.pk)
    return [
        {
            "label": _("consultations waiting for my answer"),
            "count": waiting,
            "url": reverse("experts:consultations"),
        }
    ]
