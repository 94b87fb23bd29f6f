"""Values of several years at once: every source's ``by_year`` gives, for
each year asked, the value its ``compute`` gives for that year, on data made
here over several years (one with nothing, 2026) with rows on both sides of
New Year's midnight in the site's time zone (which is still 31 December in
UTC); ``yearly_values`` uses it in one call."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
from teixit.visits.models import DailyVisits
from teixit.workplans.sources import (
    indicator_source_get,
    indicator_sources,
    register_indicator_source,
    yearly_values,
)

pytestmark = pytest.mark.django_db

YEARS = [2023, 2024, 2025, 2026, 2027, 2028, 2029]
BATCHED = sorted(code for code, s in indicator_sources().items() if s.by_year)


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


# 2026 has nothing; 1 January 00:30 in Madrid is 31 December in UTC.
MOMENTS = [
    local(2024, 12, 31, 23, 30),
    local(2025, 1, 1, 0, 30),
    local(2025, 6, 15, 12),
    local(2027, 12, 31, 23, 59, 59),
    local(2028, 1, 1, 0, 0),
    local(2028, 3, 1, 9),
]
DAYS = [dt.date(2024, 12, 31), dt.date(2025, 1, 1), dt.date(2027, 12, 31)]


def dated(obj, **fields) -> None:
    """Set fields the model fills itself (created_at) as if made then."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)


@pytest.fixture
def years_of_data(db):
    """Rows for every source at the MOMENTS (and rows none counts)."""
    asker = UserFactory()
    kind = ContentType.objects.get_for_model(MunicipalService)
    methodology = Methodology.objects.create(code="m", name="M")
    version = MethodologyVersion.objects.create(
        methodology=methodology, number=1, status="published"
    )
    profile = CompetenceProfile.objects.first() or CompetenceProfile.objects.create(
        name="Perfil"
    )
    CompetenceProfile.objects.update(created_at=MOMENTS[1])
    institution = InstitutionFactory()  # invited twice in 2025: counted once
    for n, moment in enumerate(MOMENTS):
        EventFactory(status=Event.Status.HELD, starts_at=moment)
        EventFactory(status=Event.Status.PUBLISHED, starts_at=moment)
        event = EventFactory(starts_at=moment)
        InvitationFactory(event=event, institution=institution)
        InvitationFactory(event=event, institution=InstitutionFactory())

        training = TrainingFactory(open_to_other_members=True, sessions=[])
        for start in (moment, moment + dt.timedelta(hours=1)):
            TrainingSession.objects.create(
                training=training,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
            )
        for _ in range(n % 3 + 1):
            RegistrationFactory(training=training)

        expert = ExpertProfileFactory()
        dated(expert, created_at=moment)
        consultation = Consultation.objects.create(
            expert=expert.user, requester=asker, subject="Cooperatives"
        )
        for _ in range(2):
            answer = ConsultationMessage.objects.create(
                consultation=consultation, author=expert.user, body="Resposta"
            )
            dated(answer, created_at=moment)
        question = ConsultationMessage.objects.create(
            consultation=consultation, author=asker, body="Pregunta"
        )
        dated(question, created_at=moment)

        PublishedPracticeFactory(published_at=moment)
        if n % 2:
            PublishedPracticeFactory(
                published_at=moment, outcome=Practice.Outcome.FAILURE
            )
        dated(PublishedMaterialFactory(), created_at=moment)

        service = MunicipalServiceFactory()
        dated(service, created_at=moment)
        for _ in range(2):  # two debates on one service: counted once
            dated(
                DebateFactory(target_type=kind, target_id=service.pk),
                created_at=moment,
            )
        DebateFactory(status="closed", closed_at=moment, conclusions="Acordat")
        DebateFactory(status="closed", closed_at=moment, conclusions="")

        assessment = SelfAssessment.objects.create(user=UserFactory(), profile=profile)
        dated(assessment, created_at=moment)

        Diagnosis.objects.create(
            member=MemberFactory(),
            year=2020,
            version=version,
            status=Diagnosis.Status.VALIDATED,
            validated_at=moment,
        )
        for status in (Need.Status.CONFIRMED, Need.Status.COVERED, Need.Status.RAISED):
            dated(NeedFactory(status=status), created_at=moment)
        dated(RecognitionFactory(), created_at=moment)
        NewsItemFactory(published_at=moment)
    # A debate on a service without its id: the distinct ids count it once.
    dated(DebateFactory(target_type=kind, target_id=None), created_at=MOMENTS[2])

    lines = [
        FundingLineFactory(
            execution_start=dt.date(2024, 11, 1), execution_end=dt.date(2025, 2, 1)
        ),
        FundingLineFactory(
            execution_start=dt.date(2027, 12, 31), execution_end=dt.date(2027, 12, 31)
        ),
        FundingLineFactory(
            execution_start=dt.date(2028, 1, 1), execution_end=dt.date(2028, 6, 30)
        ),
        FundingLineFactory(
            execution_start=dt.date(2024, 1, 1), execution_end=dt.date(2028, 12, 31)
        ),
    ]
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2)]
    for moment, (a, b) in zip(MOMENTS[:4], pairs, strict=True):
        resolution = OverlapResolution.objects.create(
            line_a=lines[a], line_b=lines[b], note="x"
        )
        dated(resolution, created_at=moment)

    document = DocumentFactory()
    for number, day in enumerate(DAYS, 1):
        ApprovedVersionFactory(document=document, number=number, approved_on=day)
    for day, count in zip(DAYS, (5, 7, 11), strict=True):
        DailyVisits.objects.create(day=day, section="news", count=count)
        DailyVisits.objects.create(day=day, section="events", count=1)


def test_every_module_s_source_has_its_values_by_year():
    assert set(BATCHED) == set(indicator_sources())


@pytest.mark.parametrize("code", BATCHED)
def test_the_values_by_year_are_those_of_each_year(code, years_of_data):
    source = indicator_source_get(code)

    each = {year: source.compute(year=year) for year in YEARS}
    together = source.by_year(years=YEARS)

    assert together == each
    if code != "diagnosis.mapping_coverage":  # tested with its diagnoses
        assert len(set(each.values())) > 1, each  # the data tells the years apart
    assert source.by_year(years=[2026, 2024]) == {2024: each[2024], 2026: each[2026]}
    assert source.by_year(years=[]) == {}


@pytest.mark.parametrize("code", BATCHED)
def test_one_query_whatever_the_years(code, years_of_data):
    source = indicator_source_get(code)
    source.by_year(years=YEARS)  # caches a source may fill (the register's)
    with CaptureQueriesContext(connection) as two:
        source.by_year(years=YEARS[:2])
    with CaptureQueriesContext(connection) as seven:
        source.by_year(years=YEARS)
    assert len(seven.captured_queries) == len(two.captured_queries)
    if code != "diagnosis.mapping_coverage":
        assert len(seven.captured_queries) == 1


@pytest.fixture
def no_kept_statements():
    from teixit.workplans import sources

    sources._STATEMENTS.clear()
    yield sources._STATEMENTS
    sources._STATEMENTS.clear()


@pytest.mark.parametrize("code", BATCHED)
def test_a_kept_statement_answers_as_the_orm(code, years_of_data, no_kept_statements):
    """`yearly_values` keeps the statement a source's `aggregate_by_year` ran
    (the evaluation page's next request does not build it again): run again,
    it gives each year's value as the ORM does, in the same one query."""
    from teixit.workplans.sources import _KeptStatement

    source = indicator_source_get(code)
    each = [(year, source.compute(year=year)) for year in YEARS]
    assert yearly_values(source, YEARS) == each
    kept = [k for k, v in no_kept_statements.items() if k[0] == code]
    if code != "diagnosis.mapping_coverage":  # no aggregate_by_year
        assert len(kept) == 1
        assert isinstance(no_kept_statements[kept[0]], _KeptStatement)
    with CaptureQueriesContext(connection) as queries:
        assert yearly_values(source, YEARS) == each
    assert yearly_values(source, YEARS[2:5]) == each[2:5]  # other years: kept apart
    assert yearly_values(source, YEARS[2:5]) == each[2:5]
    if code != "diagnosis.mapping_coverage":
        assert len(queries.captured_queries) == 1
        assert len([k for k in no_kept_statements if k[0] == code]) == 2


@pytest.mark.parametrize(
    # diagnosis.mapping_coverage keeps its own answers (the register's stamp)
    # and runs no aggregate_by_year.
    "code",
    [code for code in BATCHED if code != "diagnosis.mapping_coverage"],
)
def test_a_source_builds_the_same_statements_at_another_time(
    code, years_of_data, monkeypatch
):
    """What `yearly_values` keeps is decided by the source and its years only:
    the statements of every source are the same whatever the clock says (a
    source whose statement used the time would be kept with the time of its
    first request)."""

    def statements():
        with CaptureQueriesContext(connection) as queries:
            indicator_source_get(code).by_year(years=YEARS)
        return [q["sql"] for q in queries.captured_queries]

    now = timezone.now()
    today = statements()
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(days=1000))
    assert statements() == today


def test_a_kept_statement_reads_the_rows_of_each_request(no_kept_statements):
    """The kept statement is run again on the data as they are: a news item
    published since, a training and its registration (a subquery of each
    year's trainings) count in the next answer; a source whose years are
    all without rows (`visits.public_site`: no sum) is not kept until one has
    some."""
    from teixit.news.models import NewsItem
    from teixit.workplans import sources

    news = indicator_source_get("news.published")
    assert yearly_values(news, [2024, 2025]) == [(2024, 0), (2025, 0)]
    NewsItemFactory(published_at=local(2025, 3, 1, 10))
    assert yearly_values(news, [2024, 2025]) == [(2024, 0), (2025, 1)]
    NewsItem.objects.update(status=NewsItem.Status.DRAFT)
    assert yearly_values(news, [2024, 2025]) == [(2024, 0), (2025, 0)]

    places = indicator_source_get("trainings.member_places")
    assert yearly_values(places, [2025]) == [(2025, 0)]
    training = TrainingFactory(open_to_other_members=True, sessions=[])
    TrainingSession.objects.create(
        training=training,
        starts_at=local(2025, 5, 5, 10),
        ends_at=local(2025, 5, 5, 12),
    )
    RegistrationFactory(training=training)
    assert yearly_values(places, [2025]) == [(2025, places.compute(year=2025))]
    assert places.compute(year=2025) == 1

    visits = indicator_source_get("visits.public_site")
    assert yearly_values(visits, [2025]) == [(2025, 0)]
    (key,) = [k for k in no_kept_statements if k[0] == "visits.public_site"]
    assert not isinstance(no_kept_statements[key], sources._KeptStatement)
    DailyVisits.objects.create(day=dt.date(2025, 2, 2), section="news", count=3)
    no_kept_statements[key] = None  # the refusal's wait over
    assert yearly_values(visits, [2025]) == [(2025, 3)]
    assert isinstance(no_kept_statements[key], sources._KeptStatement)
    DailyVisits.objects.all().delete()
    assert yearly_values(visits, [2025]) == [(2025, 0)]


def test_the_boundaries_fall_in_the_site_s_local_years(years_of_data):
    meetings = indicator_source_get("events.network_meetings_held")
    assert meetings.by_year(years=YEARS) == {
        2023: 0,
        2024: 1,
        2025: 2,
        2026: 0,
        2027: 1,
        2028: 2,
        2029: 0,
    }
    listed = indicator_source_get("experts.people_listed")  # by the end of the year
    assert listed.by_year(years=YEARS) == {
        2023: 0,
        2024: 1,
        2025: 3,
        2026: 3,
        2027: 4,
        2028: 6,
        2029: 6,
    }


@pytest.fixture
def counted_source():
    calls = []
    code = "tests.counted"

    def by_year(*, years):
        calls.append(("by_year", list(years)))
        return {year: year - 2000 for year in years}

    def compute(*, year):
        calls.append(("compute", year))
        return year - 2000

    register_indicator_source(code, label="Counted", compute=compute, by_year=by_year)
    register_indicator_source(f"{code}_each", label="Each", compute=compute)
    from teixit.workplans import sources

    yield calls
    sources._SOURCES.pop(code)
    sources._SOURCES.pop(f"{code}_each")


def test_yearly_values_asks_a_source_with_by_year_once_for_the_missing_years(
    counted_source,
):
    source = indicator_source_get("tests.counted")
    memo = {}

    assert yearly_values(source, [2024, 2025], memo) == [(2024, 24), (2025, 25)]
    assert yearly_values(source, [2024, 2025, 2026], memo) == [
        (2024, 24),
        (2025, 25),
        (2026, 26),
    ]
    assert yearly_values(source, [2025]) == [(2025, 25)]
    assert counted_source == [
        ("by_year", [2024, 2025]),
        ("by_year", [2026]),
        ("by_year", [2025]),
    ]


def test_yearly_values_computes_each_year_of_a_source_without_by_year(
    counted_source,
):
    source = indicator_source_get("tests.counted_each")
    memo = {}
    assert yearly_values(source, [2024, 2025], memo) == [(2024, 24), (2025, 25)]
    assert yearly_values(source, [2025], memo) == [(2025, 25)]
    assert counted_source == [("compute", 2024), ("compute", 2025)]
