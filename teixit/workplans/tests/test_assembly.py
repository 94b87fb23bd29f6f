"""The governance box on the action page, the assembly's report and the
plan's evaluation."""

import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from teixit.events.models import Event
from teixit.events.tests.factories import AgreementFactory, EventFactory
from teixit.workplans.models import Action, ActionGovernance, Indicator, Plan

pytestmark = pytest.mark.django_db


def _action(plan, text: str) -> Action:
    return Action.objects.for_plan(plan).get(text__startswith=text)


@pytest.fixture
def meetings_action(seed_plan):
    """I.2.a: Línies bàsiques: comissió tècnica - Execució: secretaria tècnica."""
    return _action(seed_plan, "Organitzar i promoure 3 trobades anuals")


def _post(client, action, **data):
    return client.post(reverse("workplans:action_governance", args=[action.pk]), data)


def test_the_commission_approves_guidelines_on_the_action_page(
    client_for, meetings_action, body_member_user, secretariat_user
):
    commission = client_for(body_member_user)
    page = commission.get(meetings_action.get_absolute_url()).content.decode()
    assert "Guidelines pending" in page or "pendents" in page

    _post(commission, meetings_action, op="guidelines", guidelines="Tres trobades")
    response = _post(
        client_for(secretariat_user), meetings_action, op="approve_guidelines"
    )
    assert response.status_code == HTTPStatus.FORBIDDEN  # not the secretariat's
    assert not ActionGovernance.objects.get().guidelines_approved

    _post(commission, meetings_action, op="approve_guidelines")
    assert ActionGovernance.objects.get().guidelines_approved_by == body_member_user


def test_the_governance_endpoint_refuses_strangers(
    client, client_for, meetings_action, registered_user
):
    assert _post(client, meetings_action, op="approve_guidelines").status_code in (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FOUND,
    )
    response = _post(
        client_for(registered_user), meetings_action, op="guidelines", guidelines="X"
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ActionGovernance.objects.exists()


def test_bad_input_on_the_governance_endpoint_changes_nothing(
    client_for, meetings_action, body_member_user
):
    response = _post(client_for(body_member_user), meetings_action, op="guidelines")
    assert response.status_code == HTTPStatus.FOUND
    assert not ActionGovernance.objects.exists()


def test_the_assembly_report_has_every_action_and_the_computed_values(
    client_for, seed_plan, meetings_action, registered_user
):
    year = timezone.now().year
    seed_plan.start_on = seed_plan.start_on.replace(year=year - 1)
    seed_plan.end_on = seed_plan.end_on.replace(year=year + 1)
    seed_plan.save()
    Indicator.objects.create(
        action=meetings_action,
        name="Trobades de la xarxa",
        source="events.network_meetings_held",
        target=3,
    )
    for days in (1, 2):
        EventFactory(
            status=Event.Status.HELD, starts_at=timezone.now() - timedelta(days=days)
        )
    meeting = EventFactory(
        status=Event.Status.HELD, starts_at=timezone.now() - timedelta(days=3)
    )
    AgreementFactory(event=meeting, action=meetings_action, text="Acord de la trobada")

    response = client_for(registered_user).get(
        reverse("workplans:plan_assembly", args=[seed_plan.pk]), {"year": year}
    )

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for action in Action.objects.for_plan(seed_plan):
        assert f'id="assembly-action-{action.pk}"' in html
    summary = html.split('id="indicators-summary"')[1].split("</table>")[0]
    assert "Trobades de la xarxa" in summary
    assert f"{year}: 3" in summary
    assert "100 %" in summary
    assert "Acord de la trobada" in html


def test_the_assembly_report_downloads_as_pdf_and_docx(
    client_for, seed_plan, registered_user
):
    from docx import Document

    client = client_for(registered_user)
    pdf = client.get(
        reverse("workplans:plan_assembly_file", args=[seed_plan.pk, "pdf"])
    )
    assert pdf.status_code == HTTPStatus.OK
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(
        reverse("workplans:plan_assembly_file", args=[seed_plan.pk, "docx"])
    )
    assert docx.status_code == HTTPStatus.OK
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Organitzar i promoure 3 trobades anuals" in text
    assert (
        client.get(
            reverse("workplans:plan_assembly_file", args=[seed_plan.pk, "odt"])
        ).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client.get(
            reverse("workplans:plan_assembly", args=[seed_plan.pk]), {"year": "1990"}
        ).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_members_only_plans_hide_their_assembly_report(client, seed_plan):
    seed_plan.visibility = Plan.Visibility.MEMBERS
    seed_plan.save()
    for name in ("plan_assembly", "plan_evaluation"):
        assert (
            client.get(reverse(f"workplans:{name}", args=[seed_plan.pk])).status_code
            == HTTPStatus.NOT_FOUND
        )


def test_the_secretariat_links_sources_from_the_evaluation_page(
    client_for, seed_plan, secretariat_user, body_member_user
):
    url = reverse("workplans:plan_sources_link", args=[seed_plan.pk])
    assert client_for(body_member_user).post(url).status_code == HTTPStatus.FORBIDDEN
    assert not Indicator.objects.exists()

    client_for(secretariat_user).post(url)

    assert Indicator.objects.filter(
        action__text__startswith="Organitzar i promoure 3 trobades anuals",
        source="events.network_meetings_held",
        target=3,
    ).exists()
    page = client_for(body_member_user).get(
        reverse("workplans:plan_evaluation", args=[seed_plan.pk])
    )
    assert (
        "Network meetings held" in page.content.decode()
        or "Trobades" in page.content.decode()
    )
