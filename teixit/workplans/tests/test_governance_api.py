"""The plan's roles through the JSON API: the same rules as the action page,
per role (anonymous 401 on writes, another body's member 403, the right role
200/201) and 400 with a reason on bad input."""

from http import HTTPStatus

import pytest

from teixit.accounts.services import api_token_create
from teixit.accounts.tests.factories import UserFactory
from teixit.network.tests.factories import (
    BodyFactory,
    BodyMembershipFactory,
    MemberFactory,
    TechnicianFactory,
)
from teixit.workplans.models import (
    Action,
    ActionGovernance,
    Evidence,
    MemberContribution,
    ProgressUpdate,
    WorkStep,
)

from .factories import ActionFactory, PeriodFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


def _member_of(body):
    user = UserFactory()
    BodyMembershipFactory(user=user, body=body)
    return user


@pytest.fixture
def executive(db):
    return BodyFactory(kind="executive_commission", name="Comissió executiva")


@pytest.fixture
def promoter(db):
    return BodyFactory(kind="promoter_commission", name="Comissió promotora")


@pytest.fixture
def action(technical_commission, executive, promoter, secretariat_body):
    """Línies bàsiques: comissió tècnica - Línies de treball: comissió
    executiva - Execució: secretaria tècnica - Suport: comissió promotora."""
    action = ActionFactory()
    ResponsibilityFactory(action=action, body=technical_commission, role="basic_lines")
    ResponsibilityFactory(action=action, body=executive, role="work_lines")
    ResponsibilityFactory(action=action, body=secretariat_body, role="execution")
    ResponsibilityFactory(action=action, body=promoter, role="support")
    return action


@pytest.fixture
def api(client):
    """api(method, url, user=None, data=None): a call with the user's token."""

    def call(method, url, user=None, data=None):
        headers = {}
        if user is not None:
            _, raw = api_token_create(user=user, name="test")
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        kwargs = {"content_type": "application/json", **headers}
        if data is not None:
            kwargs["data"] = data
        return getattr(client, method)(url, **kwargs)

    return call


def _url(action, tail: str) -> str:
    return f"/api/v1/plans/actions/{action.pk}/{tail}"


def test_guidelines_written_and_approved_by_their_body_only(
    api, action, body_member_user, executive, secretariat_user
):
    other = _member_of(executive)
    url = _url(action, "guidelines/")
    body = {"guidelines": "Objectius i criteris"}

    assert api("put", url, None, body).status_code == HTTPStatus.UNAUTHORIZED
    refused = api("put", url, other, body)
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert refused.json()["code"] == "permission_denied"
    assert "línies bàsiques" in refused.json()["detail"]  # the reason, in Catalan
    assert not ActionGovernance.objects.exists()

    written = api("put", url, body_member_user, body)
    assert written.status_code == HTTPStatus.OK
    assert written.json()["guidelines_pending"] is True

    approve = _url(action, "guidelines/approve/")
    assert api("post", approve).status_code == HTTPStatus.UNAUTHORIZED
    assert api("post", approve, other).status_code == HTTPStatus.FORBIDDEN
    # The secretariat drafts guidelines but does not approve them.
    assert api("post", approve, secretariat_user).status_code == HTTPStatus.FORBIDDEN
    approved = api("post", approve, body_member_user)
    assert approved.status_code == HTTPStatus.OK
    assert approved.json()["guidelines_pending"] is False
    assert approved.json()["guidelines_approved_by"] == str(body_member_user)

    read = api("get", _url(action, "governance/"))
    assert read.status_code == HTTPStatus.OK
    assert read.json()["guidelines"] == "Objectius i criteris"


def test_bad_guidelines_get_a_reason(api, action, body_member_user):
    empty = api(
        "put", _url(action, "guidelines/"), body_member_user, {"guidelines": " "}
    )
    assert empty.status_code == HTTPStatus.BAD_REQUEST
    assert "guidelines" in empty.json()["errors"]
    missing = api("put", _url(action, "guidelines/"), body_member_user, {})
    assert missing.status_code == HTTPStatus.BAD_REQUEST
    nothing = api("post", _url(action, "guidelines/approve/"), body_member_user)
    assert nothing.status_code == HTTPStatus.BAD_REQUEST
    assert nothing.json()["code"] == "no_guidelines"


def test_work_lines_written_by_the_work_lines_body(
    api, action, executive, body_member_user
):
    writer = _member_of(executive)
    period = PeriodFactory(plan=action.objective.line.plan)
    url = _url(action, "steps/")
    body = {"text": "Recollir dades", "period_id": period.pk}

    assert api("post", url, None, body).status_code == HTTPStatus.UNAUTHORIZED
    assert api("post", url, body_member_user, body).status_code == HTTPStatus.FORBIDDEN
    created = api("post", url, writer, body)
    assert created.status_code == HTTPStatus.CREATED
    assert created.json()["period"] == period.label

    foreign = api("post", url, writer, {"text": "X", "period_id": PeriodFactory().pk})
    assert foreign.status_code == HTTPStatus.BAD_REQUEST
    assert "period_id" in foreign.json()["errors"]
    blank = api("post", url, writer, {"text": ""})
    assert blank.status_code == HTTPStatus.BAD_REQUEST

    listed = api("get", url)
    assert [s["text"] for s in listed.json()] == ["Recollir dades"]

    step = WorkStep.objects.get()
    delete = _url(action, f"steps/{step.pk}/")
    assert api("delete", delete).status_code == HTTPStatus.UNAUTHORIZED
    assert api("delete", delete, body_member_user).status_code == HTTPStatus.FORBIDDEN
    assert api("delete", delete, writer).status_code == HTTPStatus.NO_CONTENT
    assert not WorkStep.objects.exists()


def test_done_is_proposed_by_the_executing_body_and_confirmed_by_the_guidelines_body(
    api, action, secretariat_user, body_member_user, executive
):
    other = _member_of(executive)
    propose = _url(action, "done/propose/")
    confirm = _url(action, "done/confirm/")

    assert api("post", propose, None, {}).status_code == HTTPStatus.UNAUTHORIZED
    assert api("post", propose, body_member_user, {}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    early = api("post", confirm, body_member_user)
    assert early.status_code == HTTPStatus.BAD_REQUEST
    assert early.json()["code"] == "not_proposed"

    proposed = api("post", propose, secretariat_user, {"note": "Fet"})
    assert proposed.status_code == HTTPStatus.OK
    assert proposed.json()["done_proposed_on"] is not None

    assert api("post", confirm).status_code == HTTPStatus.UNAUTHORIZED
    assert api("post", confirm, other).status_code == HTTPStatus.FORBIDDEN
    # The executing body cannot confirm its own proposal.
    assert api("post", confirm, secretariat_user).status_code == HTTPStatus.FORBIDDEN
    confirmed = api("post", confirm, body_member_user)
    assert confirmed.status_code == HTTPStatus.CREATED
    assert confirmed.json()["action_status"] == Action.Status.DONE
    assert ProgressUpdate.objects.get().author == body_member_user


def test_the_guidelines_body_sends_a_proposal_back(
    api, action, secretariat_user, body_member_user
):
    api("post", _url(action, "done/propose/"), secretariat_user, {})
    back = _url(action, "done/return/")
    assert api("post", back, secretariat_user).status_code == HTTPStatus.FORBIDDEN
    returned = api("post", back, body_member_user)
    assert returned.status_code == HTTPStatus.OK
    assert returned.json()["done_proposed_on"] is None


@pytest.fixture
def members_action(db):
    action = ActionFactory()
    ResponsibilityFactory(
        action=action, body=None, members=True, text="socis XMESS", role="execution"
    )
    return action


def test_a_members_technician_records_its_members_contribution(
    api, members_action, body_member_user
):
    member, other = MemberFactory(), MemberFactory()
    technician = UserFactory()
    TechnicianFactory(user=technician, member=member)
    url = _url(members_action, "contributions/")
    body = {"member_id": member.pk, "note": "Jornada local", "on": "2018-03-01"}

    assert api("post", url, None, body).status_code == HTTPStatus.UNAUTHORIZED
    assert api("post", url, body_member_user, body).status_code == (
        HTTPStatus.FORBIDDEN
    )
    not_mine = api("post", url, technician, {**body, "member_id": other.pk})
    assert not_mine.status_code == HTTPStatus.FORBIDDEN
    future = api("post", url, technician, {**body, "on": "2999-01-01"})
    assert future.status_code == HTTPStatus.BAD_REQUEST
    assert "on" in future.json()["errors"]
    unknown = api("post", url, technician, {**body, "member_id": 0})
    assert unknown.status_code == HTTPStatus.BAD_REQUEST

    created = api("post", url, technician, body)
    assert created.status_code == HTTPStatus.CREATED
    assert created.json()["member_id"] == member.pk

    listed = api("get", url).json()
    assert [c["note"] for c in listed] == ["Jornada local"]
    governance = api("get", _url(members_action, "governance/")).json()
    assert governance["by_members"] is True
    assert (governance["members_contributed"], governance["members_total"]) == (1, 2)
    assert governance["action_progress"] == 50


def test_technicians_do_not_contribute_to_an_action_of_a_body(api, action, member):
    technician = UserFactory()
    TechnicianFactory(user=technician, member=member)
    response = api(
        "post",
        _url(action, "contributions/"),
        technician,
        {"member_id": member.pk, "note": "No"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not MemberContribution.objects.exists()


def test_the_support_body_attaches_evidence_but_records_no_progress(
    api, action, promoter, body_member_user
):
    supporter = _member_of(promoter)
    url = _url(action, "evidence/")
    body = {"url": "https://example.org/acta.pdf", "title": "Acta"}

    assert api("post", url, None, body).status_code == HTTPStatus.UNAUTHORIZED
    assert api("post", url, body_member_user, body).status_code == (
        HTTPStatus.FORBIDDEN
    )
    bad = api("post", url, supporter, {"url": "not a link"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert "url" in bad.json()["errors"]

    created = api("post", url, supporter, body)
    assert created.status_code == HTTPStatus.CREATED
    assert created.json()["from_support"] is True
    evidence = Evidence.objects.get()
    assert (evidence.action, evidence.update, evidence.added_by) == (
        action,
        None,
        supporter,
    )
    progress = api(
        "post",
        _url(action, "updates/"),
        supporter,
        {"status": "in_progress", "percent": 10},
    )
    assert progress.status_code == HTTPStatus.FORBIDDEN
    governance = api("get", _url(action, "governance/")).json()
    assert [e["title"] for e in governance["support_evidence"]] == ["Acta"]


def test_governance_of_a_plan_the_caller_may_not_read_is_404(api, action):
    plan = action.objective.line.plan
    plan.status = plan.Status.DRAFT
    plan.save()
    assert api("get", _url(action, "governance/")).status_code == HTTPStatus.NOT_FOUND
    assert api("get", _url(action, "steps/")).status_code == HTTPStatus.NOT_FOUND
