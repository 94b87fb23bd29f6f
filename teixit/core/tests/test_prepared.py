"""`prepared`: a queryset's SQL compiled once and run again with other keys
gives what the ORM gives, without compiling it again."""

import datetime as dt
import gc
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Q
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from teixit.core.prepared import prefetched, prepared
from teixit.workplans.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    WorkStep,
)
from teixit.workplans.tests.factories import (
    ActionFactory,
    PeriodFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db


def _steps(action_id):
    return (
        WorkStep.objects.filter(action_id=action_id)
        .select_related("period")
        .order_by("order", "pk")
    )


def _rows(objects, *fields):
    return [tuple(getattr(o, f) for f in fields) for o in objects]


@pytest.fixture
def two_actions():
    first, second = ActionFactory(), ActionFactory()
    period = PeriodFactory(plan=first.objective.line.plan, label="Spring")
    WorkStep.objects.create(action=first, text="Second", order=2)
    WorkStep.objects.create(action=first, text="First", order=1, period=period)
    WorkStep.objects.create(action=second, text="Other's", order=1)
    return first, second


def test_prepared_gives_what_the_orm_gives_for_each_key(two_actions):
    steps_of = prepared(_steps)
    first, second = two_actions
    for action_id in (first.pk, second.pk, first.pk, 999_999):
        got = steps_of(action_id)
        expected = list(_steps(action_id))
        assert _rows(got, "pk", "text", "order", "period_id") == _rows(
            expected, "pk", "text", "order", "period_id"
        )
        # The select_related object came with the row, as the ORM's.
        with CaptureQueriesContext(connection) as captured:
            assert [s.period and s.period.label for s in got] == [
                s.period and s.period.label for s in expected
            ]
        assert not captured.captured_queries
    assert [s.text for s in steps_of(first.pk)] == ["First", "Second"]
    assert steps_of(999_999) == []


def test_prepared_runs_the_orms_sql_in_one_query_and_compiles_it_once(two_actions):
    steps_of = prepared(_steps)
    first, second = two_actions
    with CaptureQueriesContext(connection) as orm:
        list(_steps(second.pk))
    steps_of(first.pk)  # compiled here, the first time
    with (
        mock.patch.object(
            SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
        ) as as_sql,
        CaptureQueriesContext(connection) as captured,
    ):
        steps_of(second.pk)
        steps_of(first.pk)
    assert as_sql.call_count == 0
    assert len(captured.captured_queries) == 2
    assert captured.captured_queries[0]["sql"] == orm.captured_queries[0]["sql"]


def test_prepared_converts_values_as_the_orm_does():
    """Dates, aware datetimes and decimals, through the columns' converters
    (kept after the first call)."""
    action = ActionFactory()
    update = ProgressUpdateFactory(action=action, on=dt.date(2026, 3, 1), percent=40)
    indicator = Indicator.objects.create(action=action, name="Meetings")
    IndicatorValue.objects.create(indicator=indicator, year=2026, value=Decimal("2.5"))
    updates_of = prepared(
        lambda action_id: ProgressUpdate.objects.filter(action_id=action_id)
    )
    values_of = prepared(
        lambda action_id: IndicatorValue.objects.filter(
            indicator__action_id=action_id
        ).values_list("year", "value")
    )
    for _ in range(2):
        (got,) = updates_of(action.pk)
        assert (got.on, got.created_at, got.percent) == (
            update.on,
            ProgressUpdate.objects.get(pk=update.pk).created_at,
            40,
        )
        assert got.created_at.tzinfo is not None
        assert values_of(action.pk) == [(2026, Decimal("2.5"))]


def test_prepared_with_several_keys_and_a_key_used_twice():
    action = ActionFactory()
    update = ProgressUpdateFactory(action=action)
    support = Evidence.objects.create(action=action, url="https://example.org/s")
    backing = Evidence.objects.create(update=update, url="https://example.org/u")
    Evidence.objects.create(action=ActionFactory(), url="https://example.org/x")
    evidence_of = prepared(
        lambda action_id: Evidence.objects.filter(
            Q(action_id=action_id) | Q(update__action_id=action_id)
        ).order_by("pk")
    )
    assert evidence_of(action.pk) == [support, backing]
    between = prepared(
        lambda low, high: Evidence.objects.filter(pk__gte=low, pk__lte=high).order_by(
            "pk"
        )
    )
    assert between(support.pk, backing.pk) == [support, backing]
    assert between(backing.pk, backing.pk) == [backing]


def test_prepared_keeps_the_prefetches_of_the_queryset(two_actions):
    first, _second = two_actions
    ProgressUpdateFactory(action=first)
    from teixit.workplans.models import Action

    actions_of = prepared(
        lambda pk: Action.objects.filter(pk=pk).prefetch_related(
            "work_steps", "updates"
        )
    )
    (action,) = actions_of(first.pk)
    with CaptureQueriesContext(connection) as captured:
        assert {s.text for s in action.work_steps.all()} == {"First", "Second"}
        assert len(action.updates.all()) == 1
    assert not captured.captured_queries


def test_a_key_that_does_not_reach_the_sql_as_given_is_refused():
    # A text lookup turns the key into another value, and so does arithmetic
    # in the build (Django also drops a condition whose value its field could
    # not hold, e.g. a negative one on a positive field: the probes are
    # positive and within every integer column's range).
    as_text = prepared(lambda n: WorkStep.objects.filter(text__contains=str(n)))
    with pytest.raises(ValueError, match="argument"):
        as_text(1)
    shifted = prepared(lambda n: WorkStep.objects.filter(order__gt=n - 1))
    with pytest.raises(ValueError, match="argument"):
        shifted(1)


def test_prefetched_answers_a_relation_from_the_objects_given(two_actions):
    first, _second = two_actions
    steps = list(WorkStep.objects.filter(action=first).order_by("order"))
    prefetched(first, "work_steps", steps)
    with CaptureQueriesContext(connection) as captured:
        assert list(first.work_steps.all()) == steps
        assert first.work_steps.count() == 2
    assert not captured.captured_queries


def test_a_key_no_column_holds_finds_nothing_as_with_the_orm(two_actions):
    """An address's /plan/actions/99999999999999999999/: the ORM's answer
    (nothing), where the database driver would refuse the number."""
    step = prepared(lambda pk: WorkStep.objects.filter(pk=pk))
    first, _second = two_actions
    assert step(first.work_steps.first().pk)
    assert step(2**70) == list(WorkStep.objects.filter(pk=2**70)) == []


def test_a_key_of_a_big_integer_column_as_the_orm_reads_it(two_actions):
    """The history's `id` is a big integer column: PostgreSQL's backend types
    its parameter (psycopg's Int8), and the key is passed typed alike."""
    from teixit.workplans.models import Action

    first, second = two_actions
    history_of = prepared(
        lambda pk: Action.history.filter(id=pk).order_by("-history_date")
    )
    for action in (first, second, first):
        assert history_of(action.pk) == list(
            Action.history.filter(id=action.pk).order_by("-history_date")
        )
        assert history_of(action.pk)


# prepared_object ----------------------------------------------------------------


def _event_with(themes, agenda_titles):
    from teixit.events.models import AgendaItem
    from teixit.events.tests.factories import EventFactory

    event = EventFactory(themes=themes)
    for order, title in enumerate(agenda_titles):
        AgendaItem.objects.create(
            event=event, order=len(agenda_titles) - order, title=title
        )
    return event


def _pks(obj, *names):
    return {name: [o.pk for o in getattr(obj, name).all()] for name in names}


def test_prepared_object_reads_as_prefetch_related_each_side_of_a_relation():
    from teixit.core.prepared import prepared_object
    from teixit.events.models import Event
    from teixit.events.tests.factories import ThemeFactory
    from teixit.vocabulary.models import Concept

    themes = [ThemeFactory(code=code) for code in ("b", "c", "a")]
    first = _event_with(themes, ["Obertura", "Cloenda"])
    second = _event_with(themes[1:], ["Única"])
    # a many-to-many field and a reverse foreign key, from the event
    event_of = prepared_object(
        Event, select_related=("municipality",), prefetch=("themes", "agenda")
    )
    for event in (first, second, first):
        read = event_of(event.pk)
        orm = (
            Event.objects.select_related("municipality")
            .prefetch_related("themes", "agenda")
            .get(pk=event.pk)
        )
        assert read == orm
        assert _pks(read, "themes", "agenda") == _pks(orm, "themes", "agenda")
        with CaptureQueriesContext(connection) as queries:
            _pks(read, "themes", "agenda")
            read.municipality  # noqa: B018 - joined
        assert len(queries) == 0
    # the other side of a many-to-many (declared on Event)
    concept_of = prepared_object(Concept, prefetch=("events",))
    for theme in themes:
        assert _pks(concept_of(theme.pk), "events") == _pks(
            Concept.objects.prefetch_related("events").get(pk=theme.pk), "events"
        )
    assert event_of(987654) is None


def test_prepared_object_compiles_once_and_joins_only_what_it_is_told():
    from teixit.core.prepared import prepared_object
    from teixit.events.models import Event
    from teixit.events.tests.factories import ThemeFactory

    first = _event_with([ThemeFactory()], ["Obertura"])
    second = _event_with([], [])
    event_of = prepared_object(Event, prefetch=("themes", "agenda"))
    event_of(first.pk)
    with (
        mock.patch.object(
            SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
        ) as as_sql,
        CaptureQueriesContext(connection) as captured,
    ):
        read = event_of(second.pk)
    assert as_sql.call_count == 0
    assert len(captured.captured_queries) == 3
    assert "JOIN" not in captured.captured_queries[0]["sql"]  # no select_related()
    assert _pks(read, "themes", "agenda") == {"themes": [], "agenda": []}


def test_prepared_object_refuses_a_relation_it_cannot_read():
    from teixit.core.prepared import prepared_object
    from teixit.events.models import Event
    from teixit.events.tests.factories import EventFactory

    event = EventFactory()
    with pytest.raises(ValueError, match="municipality"):
        prepared_object(Event, prefetch=("municipality",))(event.pk)


def test_prepared_object_reads_a_symmetrical_relation_both_ways():
    from teixit.core.prepared import prepared_object
    from teixit.practices.models import Practice
    from teixit.practices.tests.factories import PracticeFactory

    one, two, three, alone = (PracticeFactory() for _ in range(4))
    one.replicated_in.add(two, three)  # stored from one's side
    practice_of = prepared_object(Practice, prefetch=("replicated_in",))
    for practice in (one, two, three, alone):
        read = practice_of(practice.pk)
        orm = Practice.objects.prefetch_related("replicated_in").get(pk=practice.pk)
        assert sorted(_pks(read, "replicated_in")["replicated_in"]) == sorted(
            _pks(orm, "replicated_in")["replicated_in"]
        )
    assert sorted(_pks(practice_of(one.pk), "replicated_in")["replicated_in"]) == [
        two.pk,
        three.pk,
    ]
    assert _pks(practice_of(two.pk), "replicated_in") == {"replicated_in": [one.pk]}


# prepared_count -----------------------------------------------------------------


def test_prepared_count_counts_as_the_orm_and_compiles_once(two_actions):
    from teixit.core.prepared import prepared_count

    first, second = two_actions
    count_of = prepared_count(_steps)
    assert count_of(first.pk) == _steps(first.pk).count() == 2
    with (
        mock.patch.object(
            SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
        ) as as_sql,
        CaptureQueriesContext(connection) as captured,
    ):
        assert count_of(second.pk) == 1
        assert count_of(987654) == 0
    assert as_sql.call_count == 0
    assert len(captured.captured_queries) == 2


def test_prepared_count_of_keys_in_a_list_and_a_key_used_twice(two_actions):
    from teixit.core.prepared import prepared_count

    first, second = two_actions
    in_actions = prepared_count(
        lambda *ids: WorkStep.objects.filter(action_id__in=ids).distinct()
    )
    assert in_actions(first.pk, second.pk) == 3
    assert in_actions(second.pk) == 1
    assert in_actions() == 0  # `__in=()`: Django asks nothing, nor does this
    either = prepared_count(
        lambda action_id: WorkStep.objects.filter(
            Q(action_id=action_id) | Q(action_id=action_id, order=1)
        ).exclude(period_id=action_id)
    )
    for action in (first, second):
        assert either(action.pk) == either.build(action.pk).count()
    assert either(first.pk) >= 1


def test_prepared_leaves_no_reference_cycle(two_actions):
    """The compiled query's functions hold what they need weakly or are
    removed: nothing of the call is left for Python's collector."""
    first, _second = two_actions
    steps = prepared(_steps)
    steps(first.pk)  # compiled
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        assert [s.text for s in steps(first.pk)] == ["First", "Second"]
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.garbage.clear()
        gc.set_debug(0)
    assert "Query" not in left
    assert "SQLCompiler" not in left
    assert left == []
