"""Each module's indicator source computes its value from data made here."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from teixit.debates.tests.factories import DebateFactory
from teixit.events.models import Event
from teixit.events.tests.factories import (
    EventFactory,
    InvitationFactory,
    ThemeFactory,
)
from teixit.experts.models import Consultation, ConsultationMessage
from teixit.experts.tests.factories import ExpertProfileFactory
from teixit.materials.tests.factories import MaterialFactory, PublishedMaterialFactory
from teixit.municipal_services.models import MunicipalService
from teixit.municipal_services.tests.factories import MunicipalServiceFactory
from teixit.network.tests.factories import InstitutionFactory
from teixit.practices.models import Practice
from teixit.practices.tests.factories import PracticeFactory, PublishedPracticeFactory
from teixit.trainings.models import Registration as TrainingRegistration
from teixit.trainings.tests.factories import RegistrationFactory, TrainingFactory
from teixit.workplans.sources import indicator_source_get, indicator_sources

pytestmark = pytest.mark.django_db

YEAR = timezone.now().year


def value(code: str, year: int = YEAR):
    return indicator_source_get(code).compute(year=year)


def test_every_module_of_the_plan_registers_its_sources():
    codes = set(indicator_sources())
    assert {
        "events.network_meetings_held",
        "events.institutions_invited",
        "trainings.open_catalogue",
        "trainings.member_places",
        "experts.people_listed",
        "experts.consultations_answered",
        "practices.published",
        "practices.failures_published",
        "materials.published",
        "municipal_services.shared",
        "municipal_services.debated",
        "debates.concluded",
        "competences.profile_published",
        "competences.self_assessments",
        "diagnosis.mapping_coverage",
        "diagnosis.validated",
    } <= codes
    assert indicator_source_get("events.network_meetings_held").target == 3


def test_network_meetings_held_count_only_held_meetings_of_the_year():
    now = timezone.now()
    EventFactory(status=Event.Status.HELD, starts_at=now - timedelta(days=1))
    EventFactory(status=Event.Status.HELD, starts_at=now - timedelta(days=2))
    EventFactory(status=Event.Status.PUBLISHED, starts_at=now - timedelta(days=1))
    EventFactory(status=Event.Status.HELD, starts_at=now - timedelta(days=400))
    assert value("events.network_meetings_held") == 2


def test_institutions_invited_count_each_institution_once_with_themes():
    institution = InstitutionFactory()
    other = InstitutionFactory()
    now = timezone.now()
    theme = ThemeFactory(label_ca="Mercat social")
    first = EventFactory(starts_at=now - timedelta(days=1), themes=[theme])
    second = EventFactory(starts_at=now - timedelta(days=1), themes=[theme])
    draft = EventFactory(starts_at=now - timedelta(days=1), status=Event.Status.DRAFT)
    InvitationFactory(event=first, institution=institution)
    InvitationFactory(event=second, institution=institution)
    InvitationFactory(event=draft, institution=other)
    InvitationFactory(event=first)  # a member, not an institution
    assert value("events.institutions_invited") == 1
    breakdown = indicator_source_get("events.institutions_invited").breakdown
    assert breakdown(year=YEAR) == {"Mercat social": 1}


def test_open_trainings_and_members_places():
    soon = (timezone.now() + timedelta(days=1)).year
    training = TrainingFactory(open_to_other_members=True, sessions=[1])
    TrainingFactory(open_to_other_members=False, sessions=[1])
    RegistrationFactory(training=training)
    RegistrationFactory(training=training)
    RegistrationFactory(
        training=training, status=TrainingRegistration.Status.WAITLISTED
    )
    assert value("trainings.open_catalogue", soon) == 1
    assert value("trainings.member_places", soon) == 2


def test_experts_listed_and_consultations_answered():
    expert = ExpertProfileFactory()
    ExpertProfileFactory(listed=False)
    asker = ExpertProfileFactory(listed=False).user
    answered = Consultation.objects.create(
        expert=expert.user, requester=asker, subject="Cooperatives"
    )
    ConsultationMessage.objects.create(
        consultation=answered, author=asker, body="Pregunta"
    )
    ConsultationMessage.objects.create(
        consultation=answered, author=expert.user, body="Resposta"
    )
    waiting = Consultation.objects.create(
        expert=expert.user, requester=asker, subject="Mercat social"
    )
    ConsultationMessage.objects.create(
        consultation=waiting, author=asker, body="Pregunta"
    )
    assert value("experts.people_listed") == 1
    assert value("experts.people_listed", YEAR - 1) == 0
    assert value("experts.consultations_answered") == 1


def test_practices_published_and_failures():
    PublishedPracticeFactory()
    PublishedPracticeFactory(outcome=Practice.Outcome.FAILURE)
    PracticeFactory(outcome=Practice.Outcome.FAILURE)  # draft
    assert value("practices.published") == 2
    assert value("practices.failures_published") == 1


def test_materials_published():
    PublishedMaterialFactory()
    MaterialFactory()
    assert value("materials.published") == 1


def test_municipal_services_shared_and_debated():
    service = MunicipalServiceFactory()
    MunicipalServiceFactory()
    for _ in range(2):
        DebateFactory(
            target_type=ContentType.objects.get_for_model(MunicipalService),
            target_id=service.pk,
        )
    DebateFactory()
    assert value("municipal_services.shared") == 2
    assert value("municipal_services.debated") == 1


def test_debates_concluded():
    DebateFactory(status="closed", closed_at=timezone.now(), conclusions="Acordat")
    DebateFactory(status="closed", closed_at=timezone.now(), conclusions="")
    DebateFactory()
    assert value("debates.concluded") == 1
