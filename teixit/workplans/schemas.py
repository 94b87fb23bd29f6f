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
    members: bool
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


# The plan's roles on an action ---------------------------------------------------


class WorkStepOut(Schema):
    id: int
    order: int
    text: str
    period_id: int | None
    period: str | None
    written_by: str | None


class ContributionOut(Schema):
    id: int
    member_id: int
    member: str
    on: dt.date
    note: str
    url: str
    author: str | None


class SupportEvidenceOut(Schema):
    id: int
    title: str
    url: str
    href: str
    from_support: bool
    added_on: dt.date
    added_by: str | None


class GovernanceOut(Schema):
    action_id: int
    guidelines: str
    guidelines_pending: bool
    guidelines_approved_on: dt.date | None
    guidelines_approved_by: str | None
    done_proposed_on: dt.date | None
    done_proposed_by: str | None
    done_note: str
    provider_name: str
    by_members: bool
    members_contributed: int | None
    members_total: int | None
    action_status: str
    action_progress: int
    work_steps: list[WorkStepOut]
    support_evidence: list[SupportEvidenceOut]


class GuidelinesIn(InputSchema):
    guidelines: str


class WorkStepIn(InputSchema):
    text: str
    period_id: int | None = None


class DoneProposalIn(InputSchema):
    note: str = ""


class ContributionIn(InputSchema):
    member_id: int
    note: str
    on: dt.date | None = None
    url: str = ""


class SupportEvidenceIn(InputSchema):
    url: str
    title: str = ""


class CommentOut(Schema):
    id: int
    action_id: int
    author: str | None
    body: str | None  # None: hidden by the secretariat (text for it alone)
    created_at: dt.datetime
    edited_at: dt.datetime | None
    hidden: bool
    hidden_reason: str
    evidence: SupportEvidenceOut | None


class CommentIn(InputSchema):
    body: str
    evidence_url: str = ""


class CommentEditIn(InputSchema):
    body: str


class CommentHideIn(InputSchema):
    reason: str
