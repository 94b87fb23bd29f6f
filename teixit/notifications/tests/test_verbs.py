"""Each verb reaches exactly the right people, never someone who may not see
the target."""

import pytest
from django.core import mail

from teixit.accounts.tests.factories import UserFactory
from teixit.diagnosis.models import Diagnosis
from teixit.diagnosis.services import (
    diagnosis_reopen,
    diagnosis_submit,
    diagnosis_update,
    diagnosis_validate,
)
from teixit.network.tests.factories import TechnicianFactory
from teixit.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def recipients(verb):
    return set(
        Notification.objects.filter(verb=verb).values_list("recipient_id", flat=True)
    )


def test_diagnosis_submitted_reaches_the_secretariat_only(
    ready_diagnosis,
    technician_user,
    secretariat_user,
    body_member_user,
    registered_user,
    other_member,
):
    other_technician = UserFactory()
    TechnicianFactory(user=other_technician, member=other_member)
    diagnosis_submit(diagnosis=ready_diagnosis, user=technician_user)
    assert recipients("diagnosis.submitted") == {secretariat_user.pk}
    # Waiting for the secretariat's action: e-mailed at once by the worker.
    assert [m.to for m in mail.outbox] == [[secretariat_user.email]]
    message = mail.outbox[0]
    assert "/notifications/unsubscribe/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_diagnosis_validated_reaches_the_members_technicians_not_the_actor(
    ready_diagnosis, technician_user, secretariat_user, other_member
):
    other_technician = UserFactory()
    TechnicianFactory(user=other_technician, member=other_member)
    diagnosis_update(diagnosis=ready_diagnosis, visibility=Diagnosis.Visibility.PRIVATE)
    diagnosis_submit(diagnosis=ready_diagnosis, user=technician_user)
    diagnosis_validate(diagnosis=ready_diagnosis, user=secretariat_user)
    assert recipients("diagnosis.validated") == {technician_user.pk}
    diagnosis_reopen(diagnosis=ready_diagnosis, user=secretariat_user)
    assert recipients("diagnosis.reopened") == {technician_user.pk}
