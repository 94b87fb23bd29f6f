"""The roles of the plan, as written: one test per role and rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from teixit.accounts.tests.factories import UserFactory
from teixit.network.tests.factories import (
    BodyFactory,
    BodyMembershipFactory,
    MemberFactory,
    TechnicianFactory,
)
from teixit.workplans.governance import (
    action_done_confirm,
    action_done_propose,
    action_done_return,
    guidelines_approve,
    guidelines_write,
    member_contribution_record,
    provider_set,
    work_step_add,
)
from teixit.workplans.models import Action, ActionGovernance, Plan
from teixit.workplans.services import progress_update_record

from .factories import ActionFactory, PeriodFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

S = Action.Status


def _member_of(body):
    user = UserFactory()
    BodyMembershipFactory(user=user, body=body)
    return user


@pytest.fixture
def executive_commission(db):
    return BodyFactory(kind="executive_commission", name="Comissió executiva")


@pytest.fixture
def action(technical_commission, secretariat_body):
    """Línies bàsiques: comissió tècnica - Execució: secretaria tècnica."""
    action = ActionFactory()
    ResponsibilityFactory(action=action, body=technical_commission, role="basic_lines")
    ResponsibilityFactory(action=action, body=secretariat_body, role="execution")
    return action


def test_the_guidelines_body_writes_and_approves_the_guidelines(
    action, body_member_user
):
    guidelines_write(action=action, user=body_member_user, text="Objectius: mapar")
    governance = guidelines_approve(action=action, user=body_member_user)

    assert governance.guidelines_approved
    assert governance.guidelines_approved_by == body_member_user
    # Changing approved guidelines withdraws the approval.
    governance = guidelines_write(action=action, user=body_member_user, text="Nous")
    assert not governance.guidelines_approved


def test_another_commission_may_not_approve_the_guidelines(
    action, executive_commission, secretariat_user
):
    other = _member_of(executive_commission)
    guidelines_write(action=action, user=secretariat_user, text="Esborrany")
    with pytest.raises(PermissionDenied):
        guidelines_approve(action=action, user=other)
    with pytest.raises(PermissionDenied):
        guidelines_write(action=action, user=other, text="Altres")


def test_the_secretariat_drafts_guidelines_but_does_not_approve_them(
    action, secretariat_user
):
    guidelines_write(action=action, user=secretariat_user, text="Esborrany")
    with pytest.raises(PermissionDenied):
        guidelines_approve(action=action, user=secretariat_user)


def test_the_secretariat_resolves_a_role_the_plan_gives_to_no_body(secretariat_user):
    action = ActionFactory()
    ResponsibilityFactory(
        action=action,
        body=None,
        text="qui correspongui segons el cas",
        role="basic_lines",
    )
    guidelines_write(action=action, user=secretariat_user, text="Criteris")
    assert guidelines_approve(action=action, user=secretariat_user).guidelines_approved


def test_empty_guidelines_are_refused(action, body_member_user):
    with pytest.raises(ValidationError):
        guidelines_write(action=action, user=body_member_user, text="  ")
    with pytest.raises(ValidationError):
        guidelines_approve(action=action, user=body_member_user)


def test_the_executing_body_cannot_confirm_done_alone(
    action, secretariat_user, body_member_user
):
    with pytest.raises(ValidationError):
        progress_update_record(action=action, author=secretariat_user, status=S.DONE)
    action_done_propose(action=action, user=secretariat_user, note="Fet")
    with pytest.raises(PermissionDenied):
        action_done_confirm(action=action, user=secretariat_user)
    action.refresh_from_db()
    assert action.status == S.NOT_STARTED

    update = action_done_confirm(action=action, user=body_member_user)

    action.refresh_from_db()
    assert (action.status, action.progress) == (S.DONE, 100)
    assert update.author == body_member_user and update.note == "Fet"


def test_the_guidelines_body_may_send_a_proposal_back(
    action, secretariat_user, body_member_user
):
    action_done_propose(action=action, user=secretariat_user)
    action_done_return(action=action, user=body_member_user)
    with pytest.raises(ValidationError):
        action_done_confirm(action=action, user=body_member_user)


def test_the_guidelines_body_does_not_record_progress(action, body_member_user):
    with pytest.raises(PermissionDenied):
        progress_update_record(
            action=action, author=body_member_user, status=S.IN_PROGRESS, percent=5
        )
    with pytest.raises(PermissionDenied):
        action_done_propose(action=action, user=body_member_user)


def test_the_work_lines_body_writes_steps_in_the_plans_periods(
    action, executive_commission, body_member_user
):
    ResponsibilityFactory(action=action, body=executive_commission, role="work_lines")
    writer = _member_of(executive_commission)
    period = PeriodFactory(plan=action.objective.line.plan)

    step = work_step_add(action=action, user=writer, text="Recollir", period=period)

    assert step.period == period
    with pytest.raises(PermissionDenied):
        work_step_add(action=action, user=body_member_user, text="No")
    with pytest.raises(ValidationError):
        work_step_add(action=action, user=writer, text="X", period=PeriodFactory())


def test_support_follows_but_does_not_record_progress(action, executive_commission):
    ResponsibilityFactory(action=action, body=executive_commission, role="support")
    supporter = _member_of(executive_commission)
    assert supporter.has_perm("workplans.view_action", action)
    assert not supporter.has_perm("workplans.record_progress", action)


def test_a_members_technician_records_the_members_contribution():
    action = ActionFactory()
    ResponsibilityFactory(
        action=action, body=None, members=True, text="socis XMESS", role="execution"
    )
    member, other = MemberFactory(), MemberFactory()
    technician = UserFactory()
    TechnicianFactory(user=technician, member=member)

    member_contribution_record(
        action=action, user=technician, member=member, note="Jornada local"
    )

    action.refresh_from_db()
    assert action.status == S.IN_PROGRESS
    assert action.progress == 50  # one of the two members
    assert list(action.contributions.values_list("member", flat=True)) == [member.pk]
    with pytest.raises(PermissionDenied):
        member_contribution_record(
            action=action, user=technician, member=other, note="No és meu"
        )


def test_technicians_do_not_contribute_to_actions_of_a_body(action, member):
    technician = UserFactory()
    TechnicianFactory(user=technician, member=member)
    with pytest.raises(PermissionDenied):
        member_contribution_record(
            action=action, user=technician, member=member, note="No"
        )


def test_nobody_acts_on_a_plan_that_is_not_approved(action, body_member_user):
    plan = action.objective.line.plan
    plan.status = Plan.Status.CLOSED
    plan.save()
    with pytest.raises(PermissionDenied):
        guidelines_write(action=action, user=body_member_user, text="Tard")


def test_the_providers_contact_records_progress_once_named(action, secretariat_user):
    contact = UserFactory()
    assert not contact.has_perm("workplans.record_progress", action)
    with pytest.raises(PermissionDenied):
        provider_set(action=action, user=contact, name="Agència", contact=contact)

    provider_set(action=action, user=secretariat_user, name="Agència", contact=contact)
    action = Action.objects.get(pk=action.pk)

    update = progress_update_record(
        action=action, author=contact, status=S.IN_PROGRESS, percent=20
    )
    assert update.author == contact


def test_the_provider_form_takes_the_contacts_e_mail_not_a_list_of_everyone(
    action, secretariat_user, client_for
):
    """Issue 12.4: the action page does not list every active person."""
    from django.urls import reverse

    contact = UserFactory(email="agencia@example.org")
    UserFactory.create_batch(5)
    client = client_for(secretariat_user)
    page = client.get(action.get_absolute_url()).content.decode()
    assert 'name="contact"' in page and 'type="email"' in page
    assert "agencia@example.org" not in page  # no option per person

    url = reverse("workplans:action_governance", args=[action.pk])
    client.post(url, {"op": "provider", "name": "Agència", "contact": "nobody@x.org"})
    assert not ActionGovernance.objects.filter(
        action=action, provider_contact__isnull=False
    ).exists()
    client.post(
        url, {"op": "provider", "name": "Agència", "contact": " AGENCIA@example.org "}
    )
    governance = Action.objects.get(pk=action.pk).governance
    assert governance.provider_contact == contact
    again = client.get(action.get_absolute_url()).content.decode()
    assert 'value="agencia@example.org"' in again  # shown by its e-mail
