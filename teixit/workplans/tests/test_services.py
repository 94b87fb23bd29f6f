import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from teixit.accounts.tests.factories import UserFactory
from teixit.network.tests.factories import BodyFactory, BodyMembershipFactory
from teixit.workplans.models import (
    Action,
    Indicator,
    IndicatorValue,
    Plan,
    ProgressUpdate,
    Responsibility,
)
from teixit.workplans.selectors import plan_indicators
from teixit.workplans.services import (
    demo_workplans_load,
    indicator_value_record,
    plan_copy,
    progress_update_record,
)
from teixit.workplans.sources import _SOURCES, register_indicator_source

from .factories import ActionFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

S = Action.Status


@pytest.fixture
def action(technical_commission):
    action = ActionFactory()
    ResponsibilityFactory(action=action, body=technical_commission, role="execution")
    return action


def test_member_of_the_executing_body_records_progress(action, body_member_user):
    update = progress_update_record(
        action=action,
        author=body_member_user,
        status=S.IN_PROGRESS,
        percent=40,
        note="**Fet**",
        on=dt.date(2018, 2, 1),
        links=["https://example.org/acta.pdf"],
    )

    action.refresh_from_db()
    assert (action.status, action.progress, action.last_update_on) == (
        S.IN_PROGRESS,
        40,
        dt.date(2018, 2, 1),
    )
    assert update.author == body_member_user
    assert update.evidence.get().url == "https://example.org/acta.pdf"
    assert update.history.count() == 1


def test_done_means_100_and_latest_update_by_date_wins(action, secretariat_user):
    progress_update_record(
        action=action,
        author=secretariat_user,
        status=S.DONE,
        percent=10,
        on=dt.date(2018, 5, 1),
    )
    progress_update_record(
        action=action,
        author=secretariat_user,
        status=S.IN_PROGRESS,
        percent=70,
        on=dt.date(2018, 1, 1),
    )

    action.refresh_from_db()
    assert action.status == S.DONE
    assert action.progress == 100


@pytest.mark.parametrize(
    "who", ["registered_user", "technician_user", "other_body_member"]
)
def test_others_may_not_record_progress(action, who, request):
    if who == "other_body_member":
        user = UserFactory()
        BodyMembershipFactory(user=user, body=BodyFactory(kind="other"))
    else:
        user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        progress_update_record(
            action=action, author=user, status=S.IN_PROGRESS, percent=10
        )
    assert not ProgressUpdate.objects.exists()


def test_body_members_do_not_record_progress_on_a_draft_plan(
    action, body_member_user, secretariat_user
):
    plan = action.objective.line.plan
    plan.status = Plan.Status.DRAFT
    plan.save()

    with pytest.raises(PermissionDenied):
        progress_update_record(
            action=action, author=body_member_user, status=S.IN_PROGRESS, percent=10
        )
    progress_update_record(
        action=action, author=secretariat_user, status=S.IN_PROGRESS, percent=10
    )


def test_percent_above_100_and_future_dates_are_refused(action, secretariat_user):
    with pytest.raises(ValidationError):
        progress_update_record(
            action=action, author=secretariat_user, status=S.IN_PROGRESS, percent=120
        )
    with pytest.raises(ValidationError):
        progress_update_record(
            action=action,
            author=secretariat_user,
            status=S.IN_PROGRESS,
            percent=10,
            on=dt.date.today() + dt.timedelta(days=3),
        )
    assert not ProgressUpdate.objects.exists()


def test_copy_makes_a_draft_with_structure_and_no_progress(seed_plan, secretariat_user):
    first = Action.objects.for_plan(seed_plan).order_by("pk").first()
    progress_update_record(
        action=first, author=secretariat_user, status=S.IN_PROGRESS, percent=50
    )
    Indicator.objects.create(
        objective=first.objective, name="Trobades", unit="trobades", target=3
    )
    Indicator.objects.create(
        action=first, name="Trobades", source="events.network_meetings_held", target=3
    )

    new = plan_copy(
        plan=seed_plan,
        user=secretariat_user,
        title="Pla de treball 2020-2023",
        start_on=dt.date(2020, 1, 1),
        end_on=dt.date(2023, 12, 31),
    )

    assert new.status == Plan.Status.DRAFT
    assert new.copied_from == seed_plan
    assert new.lines.count() == 3
    assert Action.objects.for_plan(new).count() == 34
    assert (
        Responsibility.objects.filter(action__objective__line__plan=new).count()
        == Responsibility.objects.filter(
            action__objective__line__plan=seed_plan
        ).count()
    )
    assert not ProgressUpdate.objects.filter(action__objective__line__plan=new).exists()
    assert (
        Indicator.objects.get(
            action__objective__line__plan=new, source="events.network_meetings_held"
        ).target
        == 3
    )
    assert set(Action.objects.for_plan(new).values_list("status", flat=True)) == {
        S.NOT_STARTED
    }
    assert list(new.periods.values_list("label", flat=True)) == [
        "2020",
        "2021",
        "2022",
        "2023",
    ]
    assert Indicator.objects.filter(objective__line__plan=new).count() == 1


def test_copy_is_for_the_secretariat(seed_plan, body_member_user):
    with pytest.raises(PermissionDenied):
        plan_copy(
            plan=seed_plan,
            user=body_member_user,
            title="X",
            start_on=dt.date(2020, 1, 1),
            end_on=dt.date(2021, 1, 1),
        )


def test_indicator_values_come_from_a_registered_source_or_by_hand(
    action, secretariat_user
):
    register_indicator_source(
        "test.meetings", label="Meetings", compute=lambda *, year: year - 2014
    )
    try:
        computed = Indicator.objects.create(
            action=action, name="Trobades", source="test.meetings", target=3
        )
        manual = Indicator.objects.create(
            action=action, name="Municipis amb diagnosi", target=10
        )
        indicator_value_record(
            indicator=manual, user=secretariat_user, year=2018, value=4
        )
        indicator_value_record(
            indicator=manual, user=secretariat_user, year=2018, value=6
        )

        rows = {
            row.indicator.pk: row for row in plan_indicators(action.objective.line.plan)
        }

        assert rows[computed.pk].values == [(2017, 3), (2018, 4), (2019, 5)]
        assert rows[computed.pk].computed
        assert rows[manual.pk].values == [(2018, 6)]
        assert IndicatorValue.objects.get().history.count() == 2
        with pytest.raises(ValidationError):
            indicator_value_record(
                indicator=computed, user=secretariat_user, year=2018, value=1
            )
    finally:
        _SOURCES.pop("test.meetings", None)


def test_demo_workplans_loads_once(bodies):
    from teixit.network.services import demo_network_load

    demo_network_load()
    call_command("demo_workplans", verbosity=0)
    call_command("demo_workplans", verbosity=0)

    plan = Plan.objects.get()
    assert plan.status == Plan.Status.APPROVED and plan.is_public
    assert Action.objects.count() == 34
    assert ProgressUpdate.objects.exists()
    assert demo_workplans_load() == {"plans": 0, "updates": 0}


def test_an_action_code_is_line_objective_order(django_assert_num_queries):
    """Issue 18.5: the action's code is one property of the model."""
    from teixit.workplans.models import Action
    from teixit.workplans.tests.factories import (
        ActionFactory,
        ObjectiveFactory,
        StrategicLineFactory,
    )

    line = StrategicLineFactory(code="II")
    action = ActionFactory(objective=ObjectiveFactory(line=line, code="3"), order=2)
    assert action.code == "II.3.2"
    loaded = Action.objects.select_related("objective__line").get(pk=action.pk)
    with django_assert_num_queries(0):
        assert loaded.code == "II.3.2"
