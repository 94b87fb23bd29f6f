"""Indicators of the work plan computed from the trainings catalogue (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.core.waitlist import WaitlistEntry
from teixit.workplans.sources import register_indicator_source

from .models import Registration, Training


def _open_with_session(start: dt.date, end: dt.date):
    first, after = day_bounds(start, end)
    return Training.objects.published().filter(
        open_to_other_members=True,
        sessions__starts_at__gte=first,
        sessions__starts_at__lt=after,
    )


def open_trainings(*, start: dt.date, end: dt.date) -> int:
    """Published trainings open to other members with a session in the period."""
    return _open_with_session(start, end).distinct().count()


def member_places_taken(*, start: dt.date, end: dt.date) -> int:
    """Places taken (registrations, not waiting or cancelled) in open trainings
    with a session in the period."""
    trainings = _open_with_session(start, end).values("pk")
    return Registration.objects.filter(
        training__in=trainings, status=WaitlistEntry.Status.REGISTERED
    ).count()


register_indicator_source(
    "trainings.open_catalogue",
    label=_("Trainings in the open catalogue"),
    period=open_trainings,
    unit=_("trainings"),
    matches=["catàleg (a la pròpia web/intranet, oberta)"],
)
register_indicator_source(
    "trainings.member_places",
    label=_("Places taken in the members' open trainings"),
    period=member_places_taken,
    unit=_("places"),
    matches=["Obrir formacions dels ajuntaments"],
)
