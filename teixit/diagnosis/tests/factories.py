"""Builders for the diagnosis tests: a small territory with known population
and register, so indicator values can be computed by hand."""

from teixit.entities.models import Entity
from teixit.network.tests.factories import MemberFactory
from teixit.territories.tests.factories import (
    ComarcaFactory,
    MunicipalityFactory,
    PopulationFactory,
)
from teixit.vocabulary.models import Concept, ConceptScheme


def answers_saved(diagnosis, answers: dict[str, str]) -> None:
    """Each raw answer saved to the question of its code, as a person types it."""
    from teixit.diagnosis.services import answer_save

    questions = {q.code: q for q in diagnosis.version.questions()}
    for code, raw in answers.items():
        answer_save(diagnosis=diagnosis, question=questions[code], raw=raw)


def submitted_this_year(world: dict, user):
    """Alfa's diagnosis of the current year (`small_world`), answered (budget,
    two technicians, a plan, the mapping done, a need) and submitted by `user`."""
    from django.utils import timezone

    from teixit.diagnosis.services import diagnosis_create, diagnosis_submit

    diagnosis = diagnosis_create(
        member=world["member_a"], year=timezone.localdate().year
    )
    answers_saved(
        diagnosis,
        {
            "sse_budget": "40000",
            "sse_staff_fte": "2",
            "sse_plan": "yes",
            "sse_mapping_done": "yes",
            "needs": "Locals",
        },
    )
    diagnosis_submit(diagnosis=diagnosis, user=user)
    return diagnosis


def concept(scheme: str, code: str) -> Concept:
    scheme_obj, _ = ConceptScheme.objects.get_or_create(
        code=scheme, defaults={"label_ca": scheme}
    )
    obj, _ = Concept.objects.get_or_create(
        scheme=scheme_obj, code=code, defaults={"label_ca": code.title()}
    )
    return obj


def entity(
    municipality,
    *,
    status=Entity.Status.PUBLISHED,
    legal_form=None,
    sectors=(),
    **fields,
) -> Entity:
    obj = Entity.objects.create(
        name=fields.pop("name", "Entitat"),
        municipality=municipality,
        status=status,
        legal_form=concept("legal-forms", legal_form) if legal_form else None,
        **fields,
    )
    if sectors:
        obj.sectors.set([concept("sectors", code) for code in sectors])
    return obj


def small_world() -> dict:
    """Comarca C1 = A (20,000 inh. in 2020, 19,000 in 2019) + B (5,000);
    comarca C2 = C (10,000). Members of the network: A and C.

    Published entities in A: e1 coop [agro] 10 workers (6 women), social
    balance 2019, founded 2020; e2 coop [agro, energy] 5 workers (1 woman),
    founded 2015; e3 association, no workers data, social balance 2020,
    founded 2020; e4 no legal form, 3 workers (women unknown), social balance
    2021. A proposed entity in A (not counted). In B: one association, 2
    workers (2 women), founded 2010. C has none."""
    c1 = ComarcaFactory(code="71", name="Comarca U")
    c2 = ComarcaFactory(code="72", name="Comarca Dos")
    a = MunicipalityFactory(code="990001", name="Alfa", comarca=c1)
    b = MunicipalityFactory(code="990002", name="Beta", comarca=c1)
    c = MunicipalityFactory(code="990003", name="Gamma", comarca=c2)
    PopulationFactory(municipality=a, year=2020, total=20000)
    PopulationFactory(municipality=a, year=2019, total=19000)
    PopulationFactory(municipality=b, year=2020, total=5000)
    PopulationFactory(municipality=c, year=2020, total=10000)
    member_a = MemberFactory(municipality=a, name="Ajuntament d'Alfa")
    member_c = MemberFactory(municipality=c, name="Ajuntament de Gamma")
    entity(
        a,
        legal_form="coop",
        sectors=["agro"],
        workers_total=10,
        workers_women=6,
        social_balance_year=2019,
        year_founded=2020,
    )
    entity(
        a,
        legal_form="coop",
        sectors=["agro", "energy"],
        workers_total=5,
        workers_women=1,
        year_founded=2015,
    )
    entity(a, legal_form="assoc", social_balance_year=2020, year_founded=2020)
    entity(a, workers_total=3, social_balance_year=2021)
    entity(
        a,
        status=Entity.Status.PROPOSED,
        legal_form="coop",
        workers_total=100,
        workers_women=100,
        year_founded=2020,
    )
    entity(b, legal_form="assoc", workers_total=2, workers_women=2, year_founded=2010)
    return {
        "a": a,
        "b": b,
        "c": c,
        "c1": c1,
        "c2": c2,
        "member_a": member_a,
        "member_c": member_c,
    }
