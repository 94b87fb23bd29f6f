import datetime as dt

from ninja import Schema

from teixit.core.api import InputSchema

from .models import Status


class PeriodOut(Schema):
    id: int
    label: str
    start_on: dt.date
    end_on: dt.date


class ResponsibilityOut(Schema):
    role: str
    role_label: str
    body: str | None
    body_slug: str | None
    text: str


class ActionOut(Schema):
    id: int
    code: str
    text: str
    order: int
    weight: float | None
    status: str
    progress: int
    late: bool
    last_update_on: dt.date | None
    planned_periods: list[str]
    responsibilities: list[ResponsibilityOut]
    url: str


class ObjectiveOut(Schema):
    id: int
    code: str
    title: str
    weight: float | None
    progress: float | None
    actions: list[ActionOut]


class LineOut(Schema):
    id: int
    code: str
    title: str
    weight: float | None
    progress: float | None
    objectives: list[ObjectiveOut]


class PlanOut(Schema):
    id: int
    title: str
    start_on: dt.date
    end_on: dt.date
    status: str
    visibility: str
    approved_on: dt.date | None
    progress: float | None
    url: str


class PlanDetailOut(PlanOut):
    description: str
    periods: list[PeriodOut]
    status_counts: dict[str, int]
    lines: list[LineOut]


class ProgressUpdateIn(InputSchema):
    status: Status
    percent: int | None = None
    note: str = ""
    on: dt.date | None = None
    links: list[str] = []


class ProgressUpdateOut(Schema):
    id: int
    action_id: int
    on: dt.date
    status: str
    percent: int
    note: str
    author: str | None
    action_status: str
    action_progress: int
