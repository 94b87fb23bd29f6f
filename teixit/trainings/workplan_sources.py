"""Indicators of the work plan computed from the trainings catalogue (see
``teixit.workplans.sources``)."""

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from teixit.core.dates import day_bounds
from teixit.core.waitlist import WaitlistEntry
from teixit.workplans.sources import aggregate_by_year, register_indicator_source

from .models import Registration, Training


def _session_in(start: dt.date, end: dt.date) -> Q:
    first, after = day_bounds(start, end)
    return Q(sessions__starts_at__gte=first, sessions__starts_at__lt=after)


def _open():
    return Training.objects.published().filter(open_to_other_members=True)


def _open_with_session(start: dt.date, end: dt.date):
    return _open().filter(_session_in(start, end))


def open_trainings(*, start: dt.date, end: dt.date) -> int:
    """Published trainings open to other members with a session in the period."""
    return _open_with_session(start, end).distinct().count()


def open_trainings_by_year(*, years) -> dict[int, int]:
    """``open_trainings`` for calendar years, in one query: the trainings
    (each once) among the rows of their sessions in each year."""
    return aggregate_by_year(
        _open(),
        years,
        _session_in,
        lambda rows: Count("pk", distinct=True, filter=rows),
    )


def _in_open_training(start: dt.date, end: dt.date) -> Q:
    return Q(training__in=_open_with_session(start, end).values("pk"))


def _places():
    return Registration.objects.filter(status=WaitlistEntry.Status.REGISTERED)


def member_places_taken(*, start: dt.date, end: dt.date) -> int:
    """Places taken (registrations, not waiting or cancelled) in open trainings
    with a session in the period."""
    return _places().filter(_in_open_training(start, end)).count()


def member_places_by_year(*, years) -> dict[int, int]:
    """``member_places_taken`` for calendar years, in one query (a subquery
    of the year's trainings in each year's count)."""
    return aggregate_by_year(_places(), years, _in_open_training)


register_indicator_source(
    "trainings.open_catalogue",
    label=_("Trainings in the open catalogue"),
    period=open_trainings,
    unit=_("trainings"),
    matches=["catàleg (a la pròpia web/intranet, oberta)"],
    by_year=open_trainings_by_year,
)
register_indicator_source(
    "trainings.member_places",
    label=_("Places taken in the members' open trainings"),
    period=member_places_taken,
    unit=_("places"),
    matches=["Obrir formacions dels ajuntaments"],
    by_year=member_places_by_year,
)
