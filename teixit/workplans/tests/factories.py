import datetime as dt

import factory
from factory.django import DjangoModelFactory

from teixit.workplans.models import (
    Action,
    Objective,
    Period,
    Plan,
    PlannedPeriod,
    ProgressUpdate,
    Responsibility,
    StrategicLine,
)


class PlanFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Pla de treball {n}")
    start_on = dt.date(2017, 1, 1)
    end_on = dt.date(2019, 12, 31)
    status = Plan.Status.APPROVED
    visibility = Plan.Visibility.PUBLIC
    approved_on = dt.date(2017, 1, 1)

    class Meta:
        model = Plan


class PeriodFactory(DjangoModelFactory):
    plan = factory.SubFactory(PlanFactory)
    label = factory.Sequence(lambda n: f"Període {n}")
    start_on = dt.date(2017, 1, 1)
    end_on = dt.date(2017, 12, 31)
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Period


class StrategicLineFactory(DjangoModelFactory):
    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"L{n}")
    title = factory.Sequence(lambda n: f"Línia {n}")
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = StrategicLine


class ObjectiveFactory(DjangoModelFactory):
    line = factory.SubFactory(StrategicLineFactory)
    code = factory.Sequence(lambda n: str(n))
    title = factory.Sequence(lambda n: f"Objectiu {n}")
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Objective


class ActionFactory(DjangoModelFactory):
    objective = factory.SubFactory(ObjectiveFactory)
    text = factory.Sequence(lambda n: f"Acció {n}")
    order = factory.Sequence(lambda n: n + 1)

    class Meta:
        model = Action


class ResponsibilityFactory(DjangoModelFactory):
    action = factory.SubFactory(ActionFactory)
    role = Responsibility.Role.EXECUTION
    text = factory.LazyAttribute(
        lambda o: o.body.name if o.body else "qui correspongui"
    )
    body = None

    class Meta:
        model = Responsibility


class PlannedPeriodFactory(DjangoModelFactory):
    action = factory.SubFactory(ActionFactory)
    period = factory.SubFactory(PeriodFactory)
    mark = "X"

    class Meta:
        model = PlannedPeriod


class ProgressUpdateFactory(DjangoModelFactory):
    action = factory.SubFactory(ActionFactory)
    on = dt.date(2018, 1, 1)
    status = Action.Status.IN_PROGRESS
    percent = 50

    class Meta:
        model = ProgressUpdate
