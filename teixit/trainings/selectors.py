"""Reads of trainings: the catalogue, a person's registrations, the feed."""

from __future__ import annotations

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from teixit.core.db import count_subquery
from teixit.core.prepared import prepared_object
from teixit.core.waitlist import waitlist_counts

from .models import Registration, Training, TrainingSession


def training_list(
    *,
    user=None,
    when: str = "upcoming",
    theme: str = "",
    language: str = "",
    member: int | None = None,
    q: str = "",
    with_themes: bool = True,
) -> QuerySet[Training]:
    """The catalogue: published and cancelled trainings, plus the drafts the
    user may edit. `when` is "upcoming", "past" or "all". `with_themes=False`
    for a list that does not show them (the catalogue's page): their
    prefetch is a query and an object per theme of every row."""
    from .rules import can_create

    now = timezone.now()
    qs = Training.objects.listed()
    if user is not None and user.is_authenticated and can_create(user):
        qs = qs | Training.objects.managed_by(user).filter(status=Training.Status.DRAFT)
    # Each training's first start and last end read from its sessions by
    # subqueries (the sessions' index on training), not by joining the
    # sessions and grouping: the GROUP BY over every column of the training,
    # its member and its institution sorted the whole catalogue in a temporary
    # table, twice (the page and the paginator's count), and the registrations'
    # count was computed within it (5–6 ms each at 100 trainings; bench/README).
    sessions = TrainingSession.objects.filter(training=OuterRef("pk")).order_by()
    registered = Registration.objects.filter(
        training=OuterRef("pk"), status=Registration.Status.REGISTERED
    )
    qs = qs.annotate(
        first_start=Subquery(sessions.order_by("starts_at").values("starts_at")[:1]),
        last_end=Subquery(sessions.order_by("-ends_at").values("ends_at")[:1]),
        registered_count=count_subquery(registered, "training"),
    )
    if when == "upcoming":
        qs = qs.filter(last_end__gte=now).order_by("first_start", "pk")
    elif when == "past":
        qs = qs.filter(last_end__lt=now).order_by("-last_end", "-pk")
    else:
        qs = qs.order_by("-first_start", "-pk")
    if theme:
        # A condition, not a join: a join would repeat a training once per
        # theme bearing the code.
        qs = qs.filter(
            Exists(
                Training.themes.through.objects.filter(
                    training_id=OuterRef("pk"), concept__code=theme
                )
            )
        )
    if language:
        qs = qs.filter(language=language)
    if member:
        qs = qs.filter(member_id=member)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return qs.select_related("member", "institution").prefetch_related(
        *(["themes"] if with_themes else []),
        Prefetch("sessions", queryset=TrainingSession.objects.order_by("starts_at")),
    )


# Every query compiled once (`core.prepared`).
_training_of = prepared_object(
    Training, select_related=("member", "institution", "created_by")
)
_training_with_related = prepared_object(
    Training,
    select_related=("member", "institution", "created_by"),
    prefetch=("themes", "sessions"),
)


def training_get(*, pk: int, related: bool = True) -> Training:
    """One training with its member, institution and author; `related`: its
    themes and sessions read too (its page shows them; the attendance list
    shows neither, and reads either when it needs it)."""
    return (_training_with_related if related else _training_of).get(pk)


def training_counts(*, training: Training) -> dict:
    return waitlist_counts(
        Registration.objects.filter(training=training), training.seats
    )


def registration_for(*, training: Training, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(training=training, user=user).first()


def registrations_of_training(*, training: Training) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(training=training)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("status", "queued_at", "pk")
    )


def upcoming_sessions(*, now=None) -> QuerySet[TrainingSession]:
    """Sessions of published trainings that have not ended (the iCalendar feed)."""
    now = now or timezone.now()
    return (
        TrainingSession.objects.filter(
            training__status=Training.Status.PUBLISHED, ends_at__gte=now
        )
        .select_related("training", "training__member", "training__institution")
        .order_by("starts_at")
    )


def trainings_for_themes(*, theme_ids, limit: int = 5) -> QuerySet[Training]:
    """Upcoming published trainings on any of these themes (competence gaps)."""
    return (
        Training.objects.published()
        .filter(themes__in=list(theme_ids), sessions__ends_at__gte=timezone.now())
        .distinct()
        .order_by("pk")[:limit]
    )
