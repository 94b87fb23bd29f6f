"""Writes: raising needs, the review flow, proposals from a diagnosis, marks."""

import pytest
from django.core.exceptions import ValidationError

from teixit.diagnosis.models import (
    Answer,
    Diagnosis,
    Methodology,
    MethodologyVersion,
    Question,
    Section,
)
from teixit.diagnosis.signals import diagnosis_submitted
from teixit.needs import services
from teixit.needs.models import Need, SupplierMark
from teixit.network.tests.factories import MemberFactory

from .factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_need_create_is_raised_with_its_territory(place, technician_user):
    need = services.need_create(
        data={
            "title": "Menjador social",
            "description": "No hi ha cap menjador social.",
            "status": Need.Status.COVERED,  # ignored: a new need is raised
            "municipalities": [place["girona"]],
            "sectors": [place["food"]],
        },
        raised_by=technician_user,
    )
    assert need.status == Need.Status.RAISED
    assert list(need.municipalities.all()) == [place["girona"]]
    assert need.history.count() >= 1


def test_need_create_refuses_a_need_without_territory(technician_user):
    with pytest.raises(ValidationError) as exc:
        services.need_create(
            data={"title": "Sense lloc", "description": "x"},
            raised_by=technician_user,
        )
    assert exc.value.code == "no_territory"
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    ("start", "new", "allowed"),
    [
        ("raised", "confirmed", True),
        ("raised", "dropped", True),
        ("raised", "covered", False),
        ("confirmed", "answering", True),
        ("answering", "covered", True),
        ("covered", "raised", False),
        ("dropped", "raised", True),
    ],
)
def test_need_status_flow(start, new, allowed):
    need = NeedFactory(status=start)
    if allowed:
        services.need_set_status(need=need, status=new, note="Revisada")
        need.refresh_from_db()
        assert need.status == new
        assert need.status_note == "Revisada"
    else:
        with pytest.raises(ValidationError):
            services.need_set_status(need=need, status=new)
        need.refresh_from_db()
        assert need.status == start


def test_status_changes_are_kept_in_the_history():
    need = NeedFactory(status="raised")
    services.need_set_status(need=need, status="confirmed")
    services.need_set_status(need=need, status="answering")
    assert [h.status for h in need.history.order_by("history_date")] == [
        "raised",
        "confirmed",
        "answering",
    ]


def _diagnosis_with_answers(member, answers: dict[str, str]) -> Diagnosis:
    methodology = Methodology.objects.create(code="m", name="M")
    version = MethodologyVersion.objects.create(
        methodology=methodology, number=1, status="published"
    )
    section = Section.objects.create(version=version, title="Necessitats")
    diagnosis = Diagnosis.objects.create(member=member, year=2026, version=version)
    for order, (code, text) in enumerate(answers.items()):
        question = Question.objects.create(
            section=section,
            order=order,
            code=code,
            text=f"Pregunta {code}",
            type="text",
        )
        Answer.objects.create(diagnosis=diagnosis, question=question, value=text)
    return diagnosis


def test_diagnosis_need_answers_become_proposals_one_per_line(place):
    member = MemberFactory(municipality=place["girona"])
    diagnosis = _diagnosis_with_answers(
        member,
        {
            "needs": "- Espais per a cooperatives joves\n- Formació en comptabilitat. Cal un curs.\n",
            "needs_network": "Assessorament jurídic compartit",
            "budget_notes": "No és una necessitat",
        },
    )

    created = services.need_proposals_from_diagnosis(diagnosis=diagnosis)

    titles = sorted(n.title for n in created)
    assert titles == [
        "Assessorament jurídic compartit",
        "Espais per a cooperatives joves",
        "Formació en comptabilitat",
    ]
    need = Need.objects.get(title="Espais per a cooperatives joves")
    assert need.status == Need.Status.RAISED
    assert need.origin == Need.Origin.DIAGNOSIS
    assert need.member == member
    assert list(need.municipalities.all()) == [place["girona"]]
    assert need.diagnosis_answer.question.code == "needs"


def test_proposing_again_adds_nothing(place):
    member = MemberFactory(municipality=place["girona"])
    diagnosis = _diagnosis_with_answers(member, {"needs": "Un obrador compartit"})
    services.need_proposals_from_diagnosis(diagnosis=diagnosis)
    assert services.need_proposals_from_diagnosis(diagnosis=diagnosis) == []
    assert Need.objects.count() == 1


def test_submitting_a_diagnosis_proposes_its_needs(place):
    member = MemberFactory(municipality=place["girona"])
    diagnosis = _diagnosis_with_answers(member, {"needs": "Un obrador compartit"})
    diagnosis_submitted.send(Diagnosis, diagnosis=diagnosis, actor=None)
    assert Need.objects.get().title == "Un obrador compartit"


def test_supplier_mark_set_is_one_per_need_and_entity(
    place, suppliers, technician_user
):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["girona"]])
    entity = suppliers["girona_food"]
    services.supplier_mark_set(
        need=need,
        entity=entity,
        state="contacted",
        note="Trucada",
        user=technician_user,
    )
    services.supplier_mark_set(
        need=need,
        entity=entity,
        state="supplying",
        note="Contracte",
        user=technician_user,
    )
    mark = SupplierMark.objects.get()
    assert (mark.state, mark.note) == ("supplying", "Contracte")
    with pytest.raises(ValidationError):
        services.supplier_mark_set(need=need, entity=entity, state="bought")
