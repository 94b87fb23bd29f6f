"""Indicators of the work plan computed from the trainings catalogue (see
``teixit.workplans.sources``)."""

from django.utils.translation import gettext_lazy as _

from teixit.core.waitlist import WaitlistEntry
from teixit.workplans.sources import register_indicator_source

from .models import Registration, Training


def open_trainings(*, year: int) -> int:
    """Published trainings open to other members with a session that year."""
    return (
        Training.objects.published()
        .filter(open_to_other_members=True, sessions__starts_at__year=year)
        .distinct()
        .count()
    )


def member_places_taken(*, year: int) -> int:
    """Places taken (registrations, not waiting or cancelled) in open trainings
    with a session that year."""
    trainings = (
        Training.objects.published()
        .filter(open_to_other_members=True, sessions__starts_at__year=year)
        .values("pk")
    )
    return Registration.objects.filter(
        training__in=trainings, status=WaitlistEntry.Status.REGISTERED
    ).count()


register_indicator_source(
    "trainings.open_catalogue",
    label=_("Trainings in the open catalogue"),
    compute=open_trainings,
    unit=_("trainings"),
    matches=["catàleg (a la pròpia web/intranet, oberta)"],
)
register_indicator_source(
    "trainings.member_places",
    label=_("Places taken in the members' open trainings"),
    compute=member_places_taken,
    unit=_("places"),
    matches=["Obrir formacions dels ajuntaments"],
)
