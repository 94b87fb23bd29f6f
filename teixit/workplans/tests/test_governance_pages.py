"""The plan's roles on the action page and in the admin (issue 17): the
support body's evidence, the role records in the admin with the same rules,
and the assembly's report of a period."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.events.models import Event
from teixit.events.tests.factories import EventFactory
from teixit.network.tests.factories import (
    BodyFactory,
    BodyMembershipFactory,
    MemberFactory,
    TechnicianFactory,
)
from teixit.workplans import governance as gov
from teixit.workplans.models import (
    Action,
    ActionGovernance,
    Evidence,
    Indicator,
    MemberContribution,
    ProgressUpdate,
)
from teixit.workplans.services import progress_update_record

from .factories import ActionFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


def _member_of(body):
    user = UserFactory()
    BodyMembershipFactory(user=user, body=body)
    return user


@pytest.fixture
def promoter(db):
    return BodyFactory(kind="promoter_commission", name="Comissió promotora")


@pytest.fixture
def action(technical_commission, secretariat_body, promoter):
    """Línies bàsiques: comissió tècnica - Execució: secretaria tècnica -
    Suport: comissió promotora."""
    action = ActionFactory()
    ResponsibilityFactory(action=action, body=technical_commission, role="basic_lines")
    ResponsibilityFactory(action=action, body=secretariat_body, role="execution")
    ResponsibilityFactory(action=action, body=promoter, role="support")
    return action


def _post(client, action, **data):
    return client.post(reverse("workplans:action_governance", args=[action.pk]), data)


def test_the_support_body_attaches_evidence_on_the_action_page(
    client_for, action, promoter, body_member_user
):
    supporter = client_for(_member_of(promoter))
    page = supporter.get(action.get_absolute_url()).content.decode()
    assert 'id="support-evidence-form"' in page
    assert (
        'id="support-evidence-form"'
        not in client_for(body_member_user)
        .get(action.get_absolute_url())
        .content.decode()
    )

    _post(supporter, action, op="support_evidence", url="https://example.org/acta.pdf")
    _post(
        supporter,
        action,
        op="support_evidence",
        title="Fotos",
        file=SimpleUploadedFile("fotos.txt", b"fotos de la jornada"),
    )

    link, upload = Evidence.objects.order_by("pk")
    assert (link.from_support, link.action, link.update) == (True, action, None)
    assert upload.file and upload.title == "Fotos"
    page = supporter.get(action.get_absolute_url()).content.decode()
    assert "https://example.org/acta.pdf" in page
    assert reverse("workplans:evidence_file", args=[upload.pk]) in page
    # The file is served to those who may read the plan, like any evidence.
    assert supporter.get(upload.href).status_code == HTTPStatus.OK
    # Evidence is not progress.
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED
    assert not ProgressUpdate.objects.exists()


def test_others_may_not_attach_support_evidence_and_bad_input_is_refused(
    client_for, action, promoter, body_member_user
):
    response = _post(
        client_for(body_member_user),
        action,
        op="support_evidence",
        url="https://example.org/x",
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    supporter = client_for(_member_of(promoter))
    response = _post(supporter, action, op="support_evidence", url="")
    assert response.status_code == HTTPStatus.FOUND  # back with the reason
    assert not Evidence.objects.exists()
    # The support body records no progress either.
    response = supporter.post(
        action.get_absolute_url(),
        {"form": "progress", "status": "in_progress", "percent": "10"},
    )
    assert not ProgressUpdate.objects.exists()


# Admin ------------------------------------------------------------------------


def test_the_secretariat_edits_role_records_in_the_admin_but_not_the_decisions(
    client_for, action, secretariat_user, body_member_user
):
    gov.guidelines_write(action=action, user=body_member_user, text="Criteris")
    governance = gov.guidelines_approve(action=action, user=body_member_user)
    admin = client_for(secretariat_user)
    url = reverse("admin:workplans_actiongovernance_change", args=[governance.pk])

    page = admin.get(url)
    assert page.status_code == HTTPStatus.OK
    # The approval is the commission's decision: read-only here.
    assert 'name="guidelines_approved_on"' not in page.content.decode()

    response = admin.post(
        url,
        {
            "action": action.pk,
            "guidelines": "Criteris nous",
            "provider_name": "",
            "provider_contact": "",
            "done_note": "",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    governance = ActionGovernance.objects.get()
    assert governance.guidelines == "Criteris nous"
    # Changed guidelines are approved again by their body.
    assert not governance.guidelines_approved
    history = admin.get(
        reverse("admin:workplans_actiongovernance_history", args=[governance.pk])
    )
    assert history.status_code == HTTPStatus.OK
    assert governance.history.count() >= 3


def test_technicians_read_their_members_contributions_in_the_admin(
    client_for, secretariat_user
):
    action = ActionFactory()
    ResponsibilityFactory(
        action=action, body=None, members=True, text="socis", role="execution"
    )
    mine, theirs = MemberFactory(name="Vilaprova"), MemberFactory(name="Altraprova")
    technician = UserFactory(is_staff=True)
    TechnicianFactory(user=technician, member=mine)
    other = UserFactory(is_staff=True)
    TechnicianFactory(user=other, member=theirs)
    contribution = gov.member_contribution_record(
        action=action, user=technician, member=mine, note="Jornada local"
    )
    gov.member_contribution_record(
        action=action, user=other, member=theirs, note="Fira d'entitats"
    )

    admin = client_for(technician)
    listing = admin.get(reverse("admin:workplans_membercontribution_changelist"))
    assert listing.status_code == HTTPStatus.OK
    assert "Vilaprova" in listing.content.decode()
    assert "Altraprova" not in listing.content.decode()
    url = reverse("admin:workplans_membercontribution_change", args=[contribution.pk])
    page = admin.get(url)
    assert page.status_code == HTTPStatus.OK
    assert 'name="note"' not in page.content.decode()  # read-only
    admin.post(url, {"action": action.pk, "member": mine.pk, "note": "Canviat"})
    contribution.refresh_from_db()
    assert contribution.note == "Jornada local"
    assert (
        admin.get(
            reverse("admin:workplans_membercontribution_delete", args=[contribution.pk])
        ).status_code
        == HTTPStatus.FORBIDDEN
    )

    # The secretariat edits it; deleting one brings the members' share down.
    secretariat = client_for(secretariat_user)
    assert secretariat.get(url).status_code == HTTPStatus.OK
    action.refresh_from_db()
    assert action.progress == 100
    secretariat.post(
        reverse("admin:workplans_membercontribution_delete", args=[contribution.pk]),
        {"post": "yes"},
    )
    action.refresh_from_db()
    assert action.progress == 50
    assert MemberContribution.objects.count() == 1


def test_body_members_without_staff_do_not_reach_the_role_admin(
    client_for, action, body_member_user
):
    response = client_for(body_member_user).get(
        reverse("admin:workplans_workstep_changelist")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]


# The assembly's report of a period ---------------------------------------------


def _action(plan, text: str) -> Action:
    return Action.objects.for_plan(plan).get(text__startswith=text)


def test_the_report_of_a_past_year_has_its_state_values_and_contributions(
    client_for, seed_plan, registered_user, secretariat_user, member
):
    """2018, read today: the state at the end of 2018 (not today's), the
    computed values of a source that serves an action by its text without
    being linked, and the members' contributions dated in 2018 only."""
    meetings = _action(seed_plan, "Organitzar i promoure 3 trobades anuals")
    progress_update_record(
        action=meetings,
        author=secretariat_user,
        status=Action.Status.IN_PROGRESS,
        percent=30,
        on=dt.date(2018, 6, 1),
    )
    progress_update_record(
        action=meetings,
        author=secretariat_user,
        status=Action.Status.IN_PROGRESS,
        percent=80,
        on=dt.date(2019, 6, 1),
    )
    for day in (3, 4):
        EventFactory(
            status=Event.Status.HELD,
            starts_at=timezone.make_aware(dt.datetime(2018, 5, day, 10)),
        )
    assert not Indicator.objects.exists()  # no source linked by anybody

    by_members = Action.objects.for_plan(seed_plan).filter(
        responsibilities__members=True
    )[0]
    technician = UserFactory()
    TechnicianFactory(user=technician, member=member)
    gov.member_contribution_record(
        action=by_members,
        user=technician,
        member=member,
        note="Jornada local de 2018",
        on=dt.date(2018, 10, 1),
    )
    gov.member_contribution_record(
        action=by_members,
        user=technician,
        member=member,
        note="Fira de 2019",
        on=dt.date(2019, 3, 1),
    )

    html = (
        client_for(registered_user)
        .get(reverse("workplans:plan_assembly", args=[seed_plan.pk]), {"year": 2018})
        .content.decode()
    )

    article = html.split(f'id="assembly-action-{meetings.pk}"')[1].split("</article>")[
        0
    ]
    state = article.split('class="span-state"')[1].split("</p>")[0]
    assert "30 %" in state
    assert "80 %" in article  # today's, shown apart
    summary = html.split('id="indicators-summary"')[1].split("</table>")[0]
    assert "2018: 2" in summary
    assert "2019" not in summary
    members = html.split(f'id="assembly-action-{by_members.pk}"')[1].split(
        "</article>"
    )[0]
    assert "Jornada local de 2018" in members
    assert "Fira de 2019" not in members
    assert member.name in members


def test_technicians_find_the_actions_the_members_carry_out_in_my_actions(
    client_for, seed_plan, technician_user
):
    page = client_for(technician_user).get(reverse("workplans:my_actions"))
    html = page.content.decode()
    by_members = Action.objects.for_plan(seed_plan).filter(
        responsibilities__members=True
    )
    assert by_members.count() == 6
    for action in by_members:
        assert action.get_absolute_url() in html


def test_the_contribution_form_offers_the_technicians_own_members(client_for):
    """The page's unbound forms are written once per language and arguments
    (teixit.core.form_html): the member select is the person's members, the
    same HTML as a form built for that person now."""
    from django.utils import translation

    from teixit.core.templatetags.teixit import form_body
    from teixit.workplans.governance_views import ContributionForm

    action = ActionFactory()
    ResponsibilityFactory(
        action=action, body=None, members=True, text="socis XMESS", role="execution"
    )
    mine = [
        MemberFactory(name="Ajuntament de Manlleu"),
        MemberFactory(name="Ajuntament d'Olot"),
    ]
    MemberFactory(name="Ajuntament de Reus")
    technician = UserFactory()
    for member in mine:
        TechnicianFactory(user=technician, member=member)
    other = UserFactory()
    TechnicianFactory(user=other, member=MemberFactory(name="Ajuntament de Vic"))

    page = client_for(technician).get(action.get_absolute_url()).content.decode()
    form = page[page.index('id="contribution-form"') :]
    form = form[: form.index("</form>")]
    assert "Ajuntament de Manlleu" in form
    assert "Ajuntament d&#x27;Olot" in form
    assert "Reus" not in form and "Vic" not in form
    with translation.override("ca"):
        assert form_body(ContributionForm(user=technician)) in page

    # Another technician's page, after the first one's: their own member only.
    page = client_for(other).get(action.get_absolute_url()).content.decode()
    form = page[page.index('id="contribution-form"') :]
    form = form[: form.index("</form>")]
    assert "Ajuntament de Vic" in form and "Manlleu" not in form


def test_the_step_form_shows_a_period_added_or_renamed_at_the_next_view(
    client_for, action, secretariat_body
):
    from .factories import PeriodFactory

    writer = client_for(_member_of(secretariat_body))
    plan = action.objective.line.plan
    first = PeriodFactory(plan=plan, label="Primer semestre")
    page = writer.get(action.get_absolute_url()).content.decode()
    step_form = page[page.index('id="step-form"') :]
    assert "Primer semestre" in step_form[: step_form.index("</form>")]

    second = PeriodFactory(plan=plan, label="Segon semestre")
    first.label = "Gener a juny"
    first.save()
    page = writer.get(action.get_absolute_url()).content.decode()
    step_form = page[page.index('id="step-form"') :]
    step_form = step_form[: step_form.index("</form>")]
    assert f'value="{second.pk}">Segon semestre' in step_form
    assert f'value="{first.pk}">Gener a juny' in step_form
    assert "Primer semestre" not in step_form

    # The kept form still posts to the plan's periods.
    _post(writer, action, op="step", text="Taller", period=second.pk)
    assert list(action.work_steps.values_list("period", flat=True)) == [second.pk]
