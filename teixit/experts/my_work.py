"""The experts' part of the home page (teixit/home/registry.py): open
consultations whose last message is not the person's (waiting for them)."""

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Consultation, ConsultationMessage

SECTION = _("Consultations")
ORDER = 40


def items(user) -> list[dict]:
    last_author = Subquery(
        ConsultationMessage.objects.filter(consultation=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("author_id")[:1]
    )
    waiting = (
        Consultation.objects.filter(
            Q(expert=user) | Q(requester=user), status=Consultation.Status.OPEN
        )
        .annotate(last_author=last_author)
        .exclude(last_author=user.pk)
        .count()
    )
    return [
        {
            "label": _("consultations waiting for my answer"),
            "count": waiting,
            "url": reverse("experts:consultations"),
        }
    ]
