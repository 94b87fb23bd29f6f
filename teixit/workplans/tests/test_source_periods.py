"""Values per period: each module's source gives the right value for a
semester (here the first one of 2026) from data made in the test, and the
assembly's report of a semester uses the semester's dates."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.competences.models import CompetenceProfile, SelfAssessment
from teixit.debates.tests.factories import DebateFactory
from teixit.diagnosis.models import Diagnosis, Methodology, MethodologyVersion
from teixit.documents.tests.factories import ApprovedVersionFactory, DocumentFactory
from teixit.events.models import Event
from teixit.events.tests.factories import EventFactory, InvitationFactory
from teixit.experts.models import Consultation, ConsultationMessage
from teixit.experts.tests.factories import ExpertProfileFactory
from teixit.funding.models import OverlapResolution
from teixit.funding.tests.factories import FundingLineFactory
from teixit.materials.tests.factories import PublishedMaterialFactory
from teixit.municipal_services.models import MunicipalService
from teixit.municipal_services.tests.factories import MunicipalServiceFactory
from teixit.needs.models import Need
from teixit.needs.tests.factories import NeedFactory
from teixit.network.tests.factories import InstitutionFactory, MemberFactory
from teixit.news.tests.factories import NewsItemFactory
from teixit.practices.models import Practice
from teixit.practices.tests.factories import PublishedPracticeFactory
from teixit.recognitions.tests.factories import RecognitionFactory
from teixit.trainings.models import TrainingSession
from teixit.trainings.tests.factories import RegistrationFactory, TrainingFactory
from teixit.workplans.models import Action, Indicator, IndicatorValue, Period
from teixit.workplans.sources import indicator_source_get, indicator_sources

pytestmark = pytest.mark.django_db

YEAR = 2026
FIRST_HALF = (dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 30))


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(YEAR, month, day, hour, minute))


SPRING, AUTUMN = at(3, 15), at(9, 15)


def semester(code: str):
    start, end = FIRST_HALF
    return indicator_source_get(code).value(start=start, end=end)


def year(code: str):
    return indicator_source_get(code).compute(year=YEAR)


def dated(obj, **fields) -> None:
    """Set fields the model fills itself (created_at) as if made then."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)


def test_every_source_but_the_yearly_snapshots_gives_values_per_period():
    yearly = {code for code, s in indicator_sources().items() if not s.per_period}
    assert yearly == {"diagnosis.mapping_coverage"}
    coverage = indicator_source_get("diagnosis.mapping_coverage")
    assert semester("diagnosis.mapping_coverage") == coverage.compute(year=YEAR)


def test_network_meetings_by_local_day_at_the_semester_s_edges():
    for moment in (SPRING, at(6, 30, 23, 30), at(7, 1, 0, 30), AUTUMN):
        EventFactory(status=Event.Status.HELD, starts_at=moment)
    EventFactory(status=Event.Status.PUBLISHED, starts_at=SPRING)
    assert semester("events.network_meetings_held") == 2
    assert year("events.network_meetings_held") == 4


def test_institutions_invited():
    for moment in (SPRING, AUTUMN):
        InvitationFactory(
            event=EventFactory(starts_at=moment), institution=InstitutionFactory()
        )
    assert semester("events.institutions_invited") == 1
    assert year("events.institutions_invited") == 2


def test_open_trainings_and_places():
    for moment, places in ((SPRING, 2), (AUTUMN, 1)):
        training = TrainingFactory(open_to_other_members=True, sessions=[])
        TrainingSession.objects.create(
            training=training, starts_at=moment, ends_at=moment + dt.timedelta(hours=2)
        )
        for _ in range(places):
            RegistrationFactory(training=training)
    assert semester("trainings.open_catalogue") == 1
    assert year("trainings.open_catalogue") == 2
    assert semester("trainings.member_places") == 2
    assert year("trainings.member_places") == 3


def test_experts_listed_by_the_end_and_consultations_answered():
    experts = []
    for moment in (SPRING, AUTUMN):
        expert = ExpertProfileFactory()
        dated(expert, created_at=moment)
        experts.append(expert)
    asker = UserFactory()
    for expert, moment in zip(experts, (SPRING, AUTUMN), strict=True):
        consultation = Consultation.objects.create(
            expert=expert.user, requester=asker, subject="Cooperatives"
        )
        answer = ConsultationMessage.objects.create(
            consultation=consultation, author=expert.user, body="Resposta"
        )
        dated(answer, created_at=moment)
    assert semester("experts.people_listed") == 1  # listed by 30 June
    assert year("experts.people_listed") == 2
    assert semester("experts.consultations_answered") == 1
    assert year("experts.consultations_answered") == 2


def test_practices_and_failures():
    PublishedPracticeFactory(published_at=SPRING)
    PublishedPracticeFactory(published_at=AUTUMN, outcome=Practice.Outcome.FAILURE)
    assert (semester("practices.published"), year("practices.published")) == (1, 2)
    assert semester("practices.failures_published") == 0
    assert year("practices.failures_published") == 1


def test_materials():
    for moment in (SPRING, AUTUMN, AUTUMN):
        dated(PublishedMaterialFactory(), created_at=moment)
    assert (semester("materials.published"), year("materials.published")) == (1, 3)


def test_municipal_services_shared_and_debated():
    services = [MunicipalServiceFactory() for _ in range(2)]
    kind = ContentType.objects.get_for_model(MunicipalService)
    for service, moment in zip(services, (SPRING, AUTUMN), strict=True):
        dated(service, created_at=moment)
        dated(DebateFactory(target_type=kind, target_id=service.pk), created_at=moment)
    assert semester("municipal_services.shared") == 1
    assert year("municipal_services.shared") == 2
    assert semester("municipal_services.debated") == 1
    assert year("municipal_services.debated") == 2


def test_debates_concluded():
    for moment in (SPRING, AUTUMN):
        DebateFactory(status="closed", closed_at=moment, conclusions="Acordat")
    assert (semester("debates.concluded"), year("debates.concluded")) == (1, 2)


def test_competence_profile_and_self_assessments():
    profile = CompetenceProfile.objects.first() or CompetenceProfile.objects.create(
        name="Perfil"
    )
    CompetenceProfile.objects.update(created_at=AUTUMN)
    for moment in (SPRING, AUTUMN):
        assessment = SelfAssessment.objects.create(user=UserFactory(), profile=profile)
        dated(assessment, created_at=moment)
    assert semester("competences.profile_published") == 0  # published in autumn
    assert year("competences.profile_published") == 1
    assert semester("competences.self_assessments") == 1
    assert year("competences.self_assessments") == 2


def test_diagnoses_validated():
    methodology = Methodology.objects.create(code="m", name="M")
    version = MethodologyVersion.objects.create(
        methodology=methodology, number=1, status="published"
    )
    for moment in (SPRING, AUTUMN):
        Diagnosis.objects.create(
            member=MemberFactory(),
            year=YEAR - 1,
            version=version,
            status=Diagnosis.Status.VALIDATED,
            validated_at=moment,
        )
    assert (semester("diagnosis.validated"), year("diagnosis.validated")) == (1, 2)


def test_needs_confirmed_and_answered():
    for moment, status in (
        (SPRING, Need.Status.CONFIRMED),
        (SPRING, Need.Status.COVERED),
        (AUTUMN, Need.Status.ANSWERING),
        (SPRING, Need.Status.RAISED),
    ):
        dated(NeedFactory(status=status), created_at=moment)
    assert (semester("needs.confirmed"), year("needs.confirmed")) == (2, 3)
    assert (semester("needs.answered"), year("needs.answered")) == (1, 2)


def test_funding_lines_in_execution_and_overlaps_resolved():
    spring = FundingLineFactory(
        execution_start=dt.date(YEAR, 2, 1), execution_end=dt.date(YEAR, 3, 31)
    )
    autumn = FundingLineFactory(
        execution_start=dt.date(YEAR, 9, 1), execution_end=dt.date(YEAR + 1, 3, 31)
    )
    FundingLineFactory(
        execution_start=dt.date(YEAR - 1, 1, 1), execution_end=dt.date(YEAR - 1, 12, 31)
    )
    assert semester("funding.lines_registered") == 1
    assert year("funding.lines_registered") == 2
    resolution = OverlapResolution.objects.create(
        line_a=spring, line_b=autumn, note="x"
    )
    dated(resolution, created_at=AUTUMN)
    assert semester("funding.overlaps_resolved") == 0
    assert year("funding.overlaps_resolved") == 1


def test_recognitions_catalogued_by_the_end():
    for moment in (SPRING, AUTUMN):
        dated(RecognitionFactory(), created_at=moment)
    assert semester("recognitions.catalogued") == 1
    assert year("recognitions.catalogued") == 2


def test_documents_approved():
    document = DocumentFactory()
    for number, day in enumerate((dt.date(YEAR, 6, 30), dt.date(YEAR, 7, 1)), 1):
        ApprovedVersionFactory(document=document, number=number, approved_on=day)
    assert (semester("documents.approved"), year("documents.approved")) == (1, 2)


def test_news_published():
    for moment in (SPRING, AUTUMN, AUTUMN):
        NewsItemFactory(published_at=moment)
    assert (semester("news.published"), year("news.published")) == (1, 3)


def test_the_report_of_a_semester_uses_its_dates_and_marks_yearly_values(
    client_for, seed_plan, registered_user
):
    plan_year = seed_plan.start_on.year + 1
    first_half = Period.objects.create(
        plan=seed_plan,
        label=f"1r semestre {plan_year}",
        start_on=dt.date(plan_year, 1, 1),
        end_on=dt.date(plan_year, 6, 30),
        order=99,
    )
    meetings = Action.objects.for_plan(seed_plan).get(
        text__startswith="Organitzar i promoure 3 trobades anuals"
    )
    Indicator.objects.create(
        action=meetings,
        name="Trobades de la xarxa",
        source="events.network_meetings_held",
        target=3,
    )
    by_hand = Indicator.objects.create(action=meetings, name="Assistents", target=40)
    IndicatorValue.objects.create(indicator=by_hand, year=plan_year, value=35)
    for month in (2, 5, 10):
        EventFactory(
            status=Event.Status.HELD,
            starts_at=timezone.make_aware(dt.datetime(plan_year, month, 1, 18)),
        )
    url = reverse("workplans:plan_assembly", args=[seed_plan.pk])

    response = client_for(registered_user).get(url, {"period": first_half.pk})

    assert response.status_code == HTTPStatus.OK
    summary = response.content.decode().split('id="indicators-summary"')[1]
    rows = summary.split("</table>")[0].split("<tr>")
    meetings_row = next(r for r in rows if "Trobades de la xarxa" in r)
    assert f"1r semestre {plan_year}: 2" in meetings_row
    assert "whole-year" not in meetings_row
    hand_row = next(r for r in rows if "Assistents" in r)
    assert f"{plan_year}: 35" in hand_row
    assert "whole-year" in hand_row

    whole_year = client_for(registered_user).get(url, {"year": plan_year})
    summary = whole_year.content.decode().split('id="indicators-summary"')[1]
    rows = summary.split("</table>")[0].split("<tr>")
    assert f"{plan_year}: 3" in next(r for r in rows if "Trobades de la xarxa" in r)
    assert "whole-year" not in summary
