"""The home page's counts read with statements compiled once
(`core.prepared.prepared_count`) are what the ORM counts, for each person."""

import pytest

from teixit.accounts.tests.factories import UserFactory
from teixit.entities.models import Entity, ImportBatch
from teixit.entities.my_work import proposed_count
from teixit.entities.tests.factories import EntityFactory
from teixit.events.models import Agreement
from teixit.events.selectors import open_agreements_count, open_agreements_for
from teixit.events.tests.factories import AgreementFactory
from teixit.experts import my_work as experts_work
from teixit.network.tests.factories import BodyMembershipFactory

pytestmark = pytest.mark.django_db


def test_proposed_entities_counted_in_each_persons_scope(
    technician_user, secretariat_user, member
):
    for status in (Entity.Status.PROPOSED, Entity.Status.PROPOSED, "published"):
        EntityFactory(municipality=member.municipality, status=status)
    EntityFactory(status=Entity.Status.PROPOSED)  # elsewhere
    for person in (technician_user, secretariat_user, UserFactory()):
        assert proposed_count(person) == (
            Entity.objects.managed_by(person)
            .filter(status=Entity.Status.PROPOSED)
            .count()
        )
    assert proposed_count(technician_user) == 2
    assert proposed_count(secretariat_user) == 3


def test_open_agreements_counted_as_listed(secretariat_body):
    person, other = UserFactory(), UserFactory()
    AgreementFactory(responsible_user=person)
    AgreementFactory(responsible_user=person, status=Agreement.Status.DONE)
    AgreementFactory(responsible_body=secretariat_body)
    AgreementFactory(responsible_user=other)
    assert open_agreements_count(person) == open_agreements_for(person).count() == 1
    BodyMembershipFactory(user=person, body=secretariat_body)
    from teixit.accounts.models import User

    person = User.objects.get(pk=person.pk)
    assert open_agreements_count(person) == open_agreements_for(person).count() == 2


def test_consultations_waiting_for_an_answer_counted_as_the_orm():
    from teixit.experts.models import Consultation, ConsultationMessage

    expert, asker, other = UserFactory(), UserFactory(), UserFactory()

    def consultation(*authors, status=Consultation.Status.OPEN, requester=asker):
        found = Consultation.objects.create(
            expert=expert, requester=requester, subject="Cooperatives", status=status
        )
        for author in authors:
            ConsultationMessage.objects.create(
                consultation=found, author=author, body="Hola"
            )
        return found

    consultation(asker)  # waiting for the expert
    consultation(asker, expert)  # waiting for the one who asked
    consultation()  # no message yet
    consultation(asker, status=Consultation.Status.CLOSED)
    consultation(other, requester=other)  # waiting for the expert
    for person in (expert, asker, other, UserFactory()):
        waiting = experts_work._waiting_for(person.pk).count()
        assert experts_work._waiting_count(person.pk) == waiting, person
        assert experts_work.items(person)[0]["count"] == waiting
    assert experts_work._waiting_count(expert.pk) >= 2
    assert experts_work._waiting_count(asker.pk) >= 1


def test_imports_counted_per_person(technician_user):
    from django.core.files.base import ContentFile

    other = UserFactory()
    for person in (technician_user, technician_user, other):
        ImportBatch.objects.create(
            source_name="registre.csv",
            file=ContentFile(b"nom\n", name="registre.csv"),
            created_by=person,
        )
    from teixit.entities import my_work as entities_work

    assert entities_work._imports_of(technician_user.pk) == 2
    assert entities_work._imports_of(other.pk) == 1
    assert entities_work._imports_of(UserFactory().pk) == 0
