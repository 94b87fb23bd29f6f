"""The next plan: the copy keeps roles, governance and indicator sources; the
evaluation page compares targets and values at the end of a plan."""

import datetime as dt
from collections import Counter
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.events.models import Event
from teixit.events.tests.factories import EventFactory
from teixit.workplans.governance import (
    guidelines_approve,
    guidelines_write,
    provider_set,
)
from teixit.workplans.models import (
    Action,
    ActionGovernance,
    Indicator,
    IndicatorValue,
    Responsibility,
    WorkStep,
)
from teixit.workplans.services import plan_copy

pytestmark = pytest.mark.django_db


def _action(plan, text: str) -> Action:
    return Action.objects.for_plan(plan).get(text__startswith=text)


def _copy(plan, user):
    return plan_copy(
        plan=plan,
        user=user,
        title="Pla de treball 2020-2023",
        start_on=dt.date(2020, 1, 1),
        end_on=dt.date(2023, 12, 31),
    )


def _roles(plan) -> Counter:
    return Counter(
        Responsibility.objects.filter(action__objective__line__plan=plan).values_list(
            "action__text", "role", "body_id", "text", "members", "order"
        )
    )


def test_the_copy_keeps_roles_guidelines_provider_and_sources(
    seed_plan, secretariat_user, body_member_user
):
    meetings = _action(seed_plan, "Organitzar i promoure 3 trobades anuals")
    guidelines_write(action=meetings, user=body_member_user, text="Tres trobades")
    guidelines_approve(action=meetings, user=body_member_user)
    contact = UserFactory()
    provider_set(
        action=meetings, user=secretariat_user, name="Agència Teixit", contact=contact
    )
    WorkStep.objects.create(
        action=meetings,
        text="Triar les seus",
        order=1,
        period=seed_plan.periods.first(),
    )
    Indicator.objects.create(
        action=meetings, name="Trobades", source="events.network_meetings_held"
    )
    members_roles = Responsibility.objects.filter(
        action__objective__line__plan=seed_plan, members=True
    ).count()
    assert members_roles  # the seed has actions the members carry out

    new = _copy(seed_plan, secretariat_user)

    copied = _action(new, "Organitzar i promoure 3 trobades anuals")
    governance = ActionGovernance.objects.get(action=copied)
    assert governance.guidelines == "Tres trobades"
    assert governance.provider_name == "Agència Teixit"
    assert governance.provider_contact == contact
    # The new plan's body approves the guidelines again; nothing proposed yet.
    assert not governance.guidelines_approved
    assert not governance.done_proposed
    step = WorkStep.objects.get(action=copied)
    assert (step.text, step.period) == ("Triar les seus", None)
    assert copied.indicators.get().source == "events.network_meetings_held"
    assert _roles(new) == _roles(seed_plan)
    # Once the new plan is approved, the provider's contact records progress.
    new.status = new.Status.APPROVED
    new.save()
    assert contact.has_perm(
        "workplans.record_progress", Action.objects.get(pk=copied.pk)
    )
    # Actions without governance get none.
    assert (
        ActionGovernance.objects.filter(action__objective__line__plan=new).count() == 1
    )


def test_the_evaluation_page_compares_targets_and_values_at_the_end(
    client_for, seed_plan, registered_user
):
    end = seed_plan.end_on
    meetings = _action(seed_plan, "Organitzar i promoure 3 trobades anuals")
    Indicator.objects.create(
        action=meetings,
        name="Trobades de la xarxa",
        source="events.network_meetings_held",
        target=3,
    )
    for day in (1, 2, 3):
        EventFactory(
            status=Event.Status.HELD,
            starts_at=timezone.make_aware(dt.datetime(end.year, 3, day, 18)),
        )
    EventFactory(
        status=Event.Status.HELD,
        starts_at=timezone.make_aware(dt.datetime(end.year - 1, 3, 1, 18)),
    )
    by_hand = Indicator.objects.create(
        action=meetings, name="Municipis assistents", target=20
    )
    IndicatorValue.objects.create(indicator=by_hand, year=end.year - 2, value=25)
    IndicatorValue.objects.create(indicator=by_hand, year=end.year, value=12)

    response = client_for(registered_user).get(
        reverse("workplans:plan_evaluation", args=[seed_plan.pk])
    )

    assert response.status_code == HTTPStatus.OK
    table = response.content.decode().split('id="evaluation-table"')[1]
    table = table.split("</table>")[0]
    rows = {
        row.split("</td>")[1]: row
        for row in table.split("<tr>")[2:]  # header, then one row per indicator
    }
    computed = next(r for name, r in rows.items() if "Trobades de la xarxa" in name)
    assert f"{end.year - 1}: 1" in computed
    assert f"{end.year}: 3" in computed
    cells = [c.strip() for c in computed.split("<td>")[1:]]
    # target, values, latest (the plan's last year), reached
    assert cells[2].startswith("3<")
    assert cells[4].startswith("3<")
    assert cells[5].startswith(("yes", "sí", "Sí"))
    manual = next(r for name, r in rows.items() if "Municipis assistents" in name)
    cells = [c.strip() for c in manual.split("<td>")[1:]]
    assert f"{end.year - 2}: 25" in cells[3] and f"{end.year}: 12" in cells[3]
    assert cells[4].startswith("12<")  # the value at the end, not the best one
    assert cells[5].startswith("no")
