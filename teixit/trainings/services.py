"""Writes on trainings.

Rules owned here:
- a training needs an organiser, a place or link, and at least one session
  whose end is after its start;
- who may register and until when (published, not started, open to them);
- the waiting list itself (race-safe seats, order, promotion when a seat
  frees up) is the shared `teixit.core.waitlist`; a promoted person is told by
  e-mail after the commit, through a background task;
- attendance is taken per session, for registered people only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teixit.core.waitlist import (
    lock_row,
    waitlist_cancel,
    waitlist_join,
    waitlist_promote,
    waitlist_refuse_twice,
)

from . import signals
from .models import Attendance, Registration, Training, TrainingSession


@dataclass
class SessionData:
    starts_at: datetime
    ends_at: datetime
    title: str = ""
    pk: int | None = None
    delete: bool = False


TRAINING_FIELDS = [
    "title",
    "description",
    "member",
    "institution",
    "organiser_name",
    "place",
    "online_url",
    "language",
    "audience",
    "seats",
    "open_to_other_members",
]


@transaction.atomic
def training_save(
    *, training: Training, themes=None, sessions: list[SessionData], by=None
) -> Training:
    """Create or update a training and its sessions (all or nothing)."""
    creating = training.pk is None
    if creating and by is not None and training.created_by_id is None:
        training.created_by = by
    training.full_clean()
    kept = [s for s in sessions if not s.delete]
    if not kept:
        raise ValidationError(
            _("A training needs at least one session."), code="no_sessions"
        )
    if creating:
        training.save()
    else:
        training.save(update_fields=[f for f in TRAINING_FIELDS] + ["updated_at"])
    if themes is not None:
        training.themes.set(themes)
    existing = {s.pk: s for s in training.sessions.all()}
    for data in sessions:
        row = existing.get(data.pk) if data.pk else None
        if data.delete:
            if row is not None:
                row.delete()
            continue
        row = row or TrainingSession(training=training)
        row.starts_at, row.ends_at, row.title = data.starts_at, data.ends_at, data.title
        row.full_clean()
        row.save()
    # Saved again once sessions are in place, so that listeners (the search
    # index) see the final dates.
    training.save(update_fields=["updated_at"])
    if not creating and training.status == Training.Status.PUBLISHED:
        # More seats may have been offered: the waiting list moves up.
        training_promote_waiting(training=lock_row(training))
        signals.training_changed.send(Training, training=training, actor=by)
    return training


def training_publish(*, training: Training, by=None) -> Training:
    if training.status != Training.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="not_draft")
    if not training.sessions.exists():
        raise ValidationError(
            _("A training needs at least one session."), code="no_sessions"
        )
    training.status = Training.Status.PUBLISHED
    training.save(update_fields=["status", "updated_at"])
    signals.training_published.send(Training, training=training, actor=by)
    return training


def training_cancel(*, training: Training, by=None) -> Training:
    if training.status == Training.Status.CANCELLED:
        raise ValidationError(
            _("The training is already cancelled."), code="already_cancelled"
        )
    training.status = Training.Status.CANCELLED
    training.save(update_fields=["status", "updated_at"])
    from .tasks import training_cancelled_notify

    # Everyone registered or waiting is told, each in their language, once the
    # cancellation is committed.
    transaction.on_commit(
        lambda: training_cancelled_notify.enqueue(training_id=training.pk)
    )
    signals.training_cancelled.send(Training, training=training, actor=by)
    return training


def training_cancelled_send(*, training: Training) -> int:
    """E-mail the people registered or waiting for a cancelled training; returns
    how many were told. Their registrations stay as they were (a record of who
    had signed up)."""
    registrations = training.registrations.filter(
        status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED]
    ).select_related("user")
    sent = 0
    for registration in registrations:
        if registration.user.email:
            _mail_in_their_language(
                registration.user,
                "trainings/email/cancelled.txt",
                {"training": training},
                lambda: _("Training cancelled: %(title)s") % {"title": training.title},
            )
            sent += 1
    return sent


def _mail_in_their_language(user, template: str, context: dict, subject) -> None:
    """E-mail `user` in their language (Catalan when unset): `subject` is a
    function giving the subject, called in that language."""
    with translation.override(user.language or "ca"):
        text = subject()
        body = render_to_string(template, {**context, "user": user})
    send_mail(text, body, None, [user.email])


def _first_start(training: Training):
    first = training.sessions.order_by("starts_at").first()
    return first.starts_at if first else None


def training_register(*, training: Training, user) -> Registration:
    """Register a person, or put them on the waiting list when it is full.

    Raises ValidationError (codes: not_open, cancelled, started,
    already_registered, already_waitlisted) or PermissionDenied."""
    if not user.has_perm("trainings.register_training", training):
        raise PermissionDenied(
            _("This training is only open to people of the organising member.")
        )
    with transaction.atomic():
        training = lock_row(training)
        if training.status == Training.Status.CANCELLED:
            raise ValidationError(
                _("This training has been cancelled."), code="cancelled"
            )
        if training.status != Training.Status.PUBLISHED:
            raise ValidationError(
                _("Registration is not open for this training."), code="not_open"
            )
        start = _first_start(training)
        if start is None or start <= timezone.now():
            raise ValidationError(
                _("Registration is closed: the training has already started."),
                code="started",
            )
        existing = Registration.objects.filter(training=training, user=user).first()
        waitlist_refuse_twice(
            existing,
            already_registered_message=_(
                "You are already registered for this training."
            ),
        )
        return waitlist_join(
            entries=Registration.objects.filter(training=training),
            capacity=training.seats,
            existing=existing,
            create=lambda **place: Registration.objects.create(
                training=training, user=user, **place
            ),
        )


def registration_cancel(*, registration: Registration, by) -> Registration:
    """Cancel a registration (by the person or an organiser); a freed seat
    goes to the first person waiting, who is told by e-mail."""
    if by.pk != registration.user_id and not by.has_perm(
        "trainings.manage_registrations", registration.training
    ):
        raise PermissionDenied(_("You cannot cancel this registration."))
    with transaction.atomic():
        training = lock_row(registration.training)
        return waitlist_cancel(
            entry=registration,
            capacity=training.seats,
            on_promoted=_notify_promoted,
            already_cancelled_message=_("This registration is already cancelled."),
        )


def training_promote_waiting(*, training: Training) -> list[Registration]:
    """Fill free seats from the waiting list, in order. Call inside a
    transaction holding the training's lock."""
    return waitlist_promote(
        entries=Registration.objects.filter(training=training),
        capacity=training.seats,
        on_promoted=_notify_promoted,
    )


def _notify_promoted(registration_id: int) -> None:
    from .tasks import registration_promoted_notify

    registration_promoted_notify.enqueue(registration_id=registration_id)
    registration = Registration.objects.select_related("training").get(
        pk=registration_id
    )
    signals.registration_promoted.send(Registration, registration=registration)


def registration_promoted_send(*, registration: Registration) -> None:
    """E-mail a person promoted from the waiting list, in their language."""
    training = registration.training
    _mail_in_their_language(
        registration.user,
        "trainings/email/promoted.txt",
        {"registration": registration, "training": training},
        lambda: _("A seat is free for you: %(title)s") % {"title": training.title},
    )


def attendance_record(
    *, session: TrainingSession, present_user_ids: set[int], by
) -> int:
    """Record who attended a session; returns how many were present."""
    training = session.training
    if not by.has_perm("trainings.manage_registrations", training):
        raise PermissionDenied(_("Only the organisers take attendance."))
    registered = list(
        Registration.objects.filter(
            training=training, status=Registration.Status.REGISTERED
        ).values_list("user_id", flat=True)
    )
    unknown = set(present_user_ids) - set(registered)
    if unknown:
        raise ValidationError(
            _("Attendance can only be taken for registered people."),
            code="not_registered",
        )
    now = timezone.now()
    with transaction.atomic():
        for user_id in registered:
            Attendance.objects.update_or_create(
                session=session,
                user_id=user_id,
                defaults={
                    "present": user_id in present_user_ids,
                    "recorded_by": by,
                    "recorded_at": now,
                },
            )
    return len(set(present_user_ids))
