from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.trainings import services
from teixit.trainings.models import Attendance, Registration, Training
from teixit.trainings.services import SessionData

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db


def test_training_register_takes_a_seat_then_waitlists_in_order():
    training = TrainingFactory(seats=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    assert (
        services.training_register(training=training, user=first).status == "registered"
    )
    waiting = services.training_register(training=training, user=second)
    assert waiting.status == "waitlisted"
    assert waiting.waitlist_position == 1
    assert (
        services.training_register(training=training, user=third).waitlist_position == 2
    )


def test_training_register_rejects_a_second_registration():
    training = TrainingFactory(seats=5)
    user = UserFactory()
    services.training_register(training=training, user=user)
    with pytest.raises(ValidationError) as exc:
        services.training_register(training=training, user=user)
    assert exc.value.code == "already_registered"


def test_training_register_rejects_drafts_cancelled_and_started():
    user = UserFactory()
    with pytest.raises(ValidationError) as exc:
        services.training_register(
            training=TrainingFactory(status=Training.Status.CANCELLED), user=user
        )
    assert exc.value.code == "cancelled"
    with pytest.raises(ValidationError):
        services.training_register(training=TrainingFactory(sessions=[-1]), user=user)


def test_training_register_closed_to_other_members_refuses_outsiders(
    technician_user, member
):
    training = TrainingFactory(member=member, open_to_other_members=False)
    with pytest.raises(PermissionDenied):
        services.training_register(training=training, user=UserFactory())
    assert (
        services.training_register(training=training, user=technician_user).status
        == "registered"
    )


def test_cancellation_promotes_first_waitlisted_and_emails_in_their_language(
    django_capture_on_commit_callbacks,
):
    training = TrainingFactory(seats=1, title="Taller de cooperativisme")
    first = UserFactory()
    second = UserFactory(language="es")
    third = UserFactory()
    reg = services.training_register(training=training, user=first)
    services.training_register(training=training, user=second)
    services.training_register(training=training, user=third)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=reg, by=first)
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses[second.pk] == "registered"
    assert statuses[third.pk] == "waitlisted"
    assert Registration.objects.get(user=third).waitlist_position == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [second.email]
    assert "Taller de cooperativisme" in mail.outbox[0].subject
    assert "plaza" in mail.outbox[0].subject  # Spanish


def test_cancelled_person_can_register_again_at_the_end_of_the_queue():
    training = TrainingFactory(seats=1)
    a, b = UserFactory(), UserFactory()
    services.training_register(training=training, user=a)
    reg_b = services.training_register(training=training, user=b)
    services.registration_cancel(registration=reg_b, by=b)
    again = services.training_register(training=training, user=b)
    assert again.pk == reg_b.pk and again.status == "waitlisted"


def test_only_the_person_or_organisers_cancel_a_registration():
    training = TrainingFactory()
    reg = services.training_register(training=training, user=UserFactory())
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=reg, by=UserFactory())


def test_training_save_rejects_session_ending_before_start(member):
    start = timezone.now() + timedelta(days=3)
    training = Training(title="X", member=member, place="Aquí")
    with pytest.raises(ValidationError) as exc:
        services.training_save(
            training=training,
            sessions=[SessionData(starts_at=start, ends_at=start - timedelta(hours=1))],
        )
    assert "ends_at" in exc.value.message_dict
    assert not Training.objects.exists()


def test_training_save_requires_organiser_place_and_a_session(member):
    with pytest.raises(ValidationError) as exc:
        services.training_save(training=Training(title="X"), sessions=[])
    assert {"member", "place"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.training_save(
            training=Training(title="X", member=member, place="Aquí"), sessions=[]
        )
    assert exc.value.code == "no_sessions"


def test_more_seats_promote_the_waiting_list():
    training = TrainingFactory(seats=1)
    services.training_register(training=training, user=UserFactory())
    waiting = services.training_register(training=training, user=UserFactory())
    training.seats = 2
    sessions = [
        SessionData(pk=s.pk, starts_at=s.starts_at, ends_at=s.ends_at)
        for s in training.sessions.all()
    ]
    services.training_save(training=training, sessions=sessions)
    waiting.refresh_from_db()
    assert waiting.status == "registered"


def test_attendance_record_per_session(technician_user, member):
    training = TrainingFactory(member=member)
    a, b = UserFactory(), UserFactory()
    services.training_register(training=training, user=a)
    services.training_register(training=training, user=b)
    session = training.sessions.first()
    assert (
        services.attendance_record(
            session=session, present_user_ids={a.pk}, by=technician_user
        )
        == 1
    )
    assert dict(Attendance.objects.values_list("user_id", "present")) == {
        a.pk: True,
        b.pk: False,
    }
    with pytest.raises(PermissionDenied):
        services.attendance_record(session=session, present_user_ids=set(), by=a)
    with pytest.raises(ValidationError):
        services.attendance_record(
            session=session, present_user_ids={UserFactory().pk}, by=technician_user
        )


def test_cancelling_a_training_emails_those_registered_or_waiting_in_their_language(
    django_capture_on_commit_callbacks,
):
    training = TrainingFactory(seats=1, title="Taller de finances ètiques")
    seated, waiting, gone = UserFactory(), UserFactory(language="es"), UserFactory()
    services.training_register(training=training, user=seated)
    services.training_register(training=training, user=waiting)
    left = services.training_register(training=training, user=gone)
    services.registration_cancel(registration=left, by=gone)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.training_cancel(training=training)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([seated.email, waiting.email])
    spanish = next(m for m in mail.outbox if m.to == [waiting.email])
    catalan = next(m for m in mail.outbox if m.to == [seated.email])
    assert spanish.subject == "Formación cancelada: Taller de finances ètiques"
    assert catalan.subject == "Formació anul·lada: Taller de finances ètiques"
    assert "«Taller de finances ètiques»" in catalan.body
    # The registrations are kept as a record.
    assert Registration.objects.filter(training=training).count() == 3
    with pytest.raises(ValidationError):
        services.training_cancel(training=training)
