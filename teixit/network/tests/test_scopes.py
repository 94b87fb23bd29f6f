"""The scopes written once (issue 18.3), per role: the members a user acts
for and the events, trainings, services and expert profiles they manage.
The admin, the forms and the selectors of each app call these methods
(core/tests/test_scopes.py keeps them from being copied)."""

import pytest

from teixit.accounts.tests.factories import UserFactory
from teixit.events.models import Event
from teixit.events.tests.factories import EventFactory
from teixit.experts.models import ExpertProfile
from teixit.experts.tests.factories import ExpertProfileFactory
from teixit.municipal_services.models import MunicipalService
from teixit.municipal_services.tests.factories import MunicipalServiceFactory
from teixit.network.models import Member
from teixit.network.roles import sole_member_id
from teixit.network.tests.factories import MemberFactory, TechnicianFactory
from teixit.trainings.models import Training
from teixit.trainings.tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db


def test_member_managed_by_secretariat_is_every_member(
    secretariat_user, member, other_member
):
    assert set(Member.objects.managed_by(secretariat_user)) == {member, other_member}


def test_member_managed_by_technician_is_their_members(
    technician_user, member, other_member
):
    assert list(Member.objects.managed_by(technician_user)) == [member]
    assert list(Member.objects.of_technician(technician_user)) == [member]


@pytest.mark.parametrize("who", ["registered_user", "body_member_user"])
def test_member_managed_by_others_is_empty(request, who, member):
    user = request.getfixturevalue(who)
    assert not Member.objects.managed_by(user).exists()


def test_sole_member_id_only_when_there_is_one(technician_user, member):
    assert sole_member_id(technician_user) == member.pk
    second = UserFactory()
    TechnicianFactory(user=second, member=member)
    TechnicianFactory(user=second, member=MemberFactory())
    assert sole_member_id(second) is None
    assert sole_member_id(UserFactory()) is None


def test_event_managed_by_role(secretariat_user, technician_user, member, other_member):
    own = EventFactory(organiser_kind="member", organiser_member=member)
    others = EventFactory(organiser_kind="member", organiser_member=other_member)
    network = EventFactory()
    assert set(Event.objects.managed_by(secretariat_user)) == {own, others, network}
    assert list(Event.objects.managed_by(technician_user)) == [own]
    assert not Event.objects.managed_by(UserFactory()).exists()


def test_training_managed_by_role(
    secretariat_user, technician_user, member, other_member
):
    of_member = TrainingFactory(member=member)
    created = TrainingFactory(member=other_member, created_by=technician_user)
    others = TrainingFactory(member=other_member)
    assert set(Training.objects.managed_by(secretariat_user)) == {
        of_member,
        created,
        others,
    }
    assert set(Training.objects.managed_by(technician_user)) == {of_member, created}
    assert not Training.objects.managed_by(UserFactory()).exists()


def test_municipal_service_managed_by_role(
    secretariat_user, technician_user, member, other_member
):
    own = MunicipalServiceFactory(member=member)
    others = MunicipalServiceFactory(member=other_member)
    assert set(MunicipalService.objects.managed_by(secretariat_user)) == {own, others}
    assert list(MunicipalService.objects.managed_by(technician_user)) == [own]


def test_expert_profile_managed_by_role(secretariat_user, registered_user):
    own = ExpertProfileFactory(user=registered_user)
    others = ExpertProfileFactory()
    assert set(ExpertProfile.objects.managed_by(secretariat_user)) == {own, others}
    assert list(ExpertProfile.objects.managed_by(registered_user)) == [own]
