"""Who runs a training is decided once, by the scope
`Training.objects.managed_by(user)`; the permission to edit, publish and manage
registrations asks it, so the rule and the admin's and the drafts' lists agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from teixit.accounts.tests.factories import UserFactory
from teixit.network.tests.factories import TechnicianFactory
from teixit.trainings.models import Training

from .factories import TrainingFactory

pytestmark = pytest.mark.django_db

PERMISSIONS = (
    "trainings.change_training",
    "trainings.publish_training",
    "trainings.manage_registrations",
)


def test_the_rule_gives_exactly_the_trainings_of_the_scope(
    member,
    other_member,
    technician_user,
    secretariat_user,
    body_member_user,
    registered_user,
):
    creator = UserFactory()
    other_technician = UserFactory()
    TechnicianFactory(user=other_technician, member=other_member)
    trainings = [
        TrainingFactory(member=member),
        TrainingFactory(member=other_member, status=Training.Status.DRAFT),
        TrainingFactory(member=None, created_by=creator),
        TrainingFactory(member=other_member, created_by=technician_user),
    ]
    people = {
        "technician": technician_user,
        "other technician": other_technician,
        "creator": creator,
        "secretariat": secretariat_user,
        "commission": body_member_user,
        "registered": registered_user,
    }
    expected = {
        "technician": {trainings[0], trainings[3]},
        "other technician": {trainings[1], trainings[3]},
        "creator": {trainings[2]},
        "secretariat": set(trainings),
        "commission": set(),
        "registered": set(),
    }
    for role, user in people.items():
        scope = set(Training.objects.managed_by(user))
        assert scope == expected[role], role
        for permission in PERMISSIONS:
            allowed = {t for t in trainings if user.has_perm(permission, t)}
            assert allowed == scope, (role, permission)
    for training in trainings:
        assert not AnonymousUser().has_perm("trainings.change_training", training)
