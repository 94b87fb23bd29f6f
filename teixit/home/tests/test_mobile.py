"""At 390×844 (a phone) no key page scrolls sideways as a whole: wide tables
scroll inside their own box, the plan's timeline and reports fit."""

import pytest
from django.urls import reverse

from teixit.network.tests.factories import MemberFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    from teixit.entities.tests.factories import EntityFactory
    from teixit.practices.tests.factories import PublishedPracticeFactory
    from teixit.workplans.models import Plan
    from teixit.workplans.services import SEED_FILE, plan_import

    NetworkFactory(name="Xarxa de Municipis per l'Economia Social i Solidària")
    member = MemberFactory(name="Ajuntament de Vilafranca del Penedès")
    entity = EntityFactory(
        name="Cooperativa de Serveis Integrals i Consum Responsable del Penedès",
        municipality=member.municipality,
    )
    practice = PublishedPracticeFactory(title="Moneda social i mercat local al barri")
    plan = plan_import(data=SEED_FILE.read_bytes()).plan
    plan.status = Plan.Status.APPROVED
    plan.visibility = Plan.Visibility.PUBLIC
    plan.save()
    return {"member": member, "entity": entity, "practice": practice, "plan": plan}


def test_key_pages_do_not_scroll_sideways_on_a_phone(browser_page, live_server, world):
    plan = world["plan"]
    pages = [
        "/",
        reverse("maps:map"),
        reverse("network:member_list"),
        world["member"].get_absolute_url(),
        reverse("workplans:plan_list"),
        reverse("workplans:plan_detail", args=[plan.pk]),
        reverse("workplans:plan_timeline", args=[plan.pk]),
        reverse("workplans:plan_report", args=[plan.pk]),
        reverse("diagnosis:index"),
        reverse("practices:list"),
        world["practice"].get_absolute_url(),
        world["entity"].get_absolute_url(),
        reverse("entities:propose"),
        reverse("events:list"),
        reverse("trainings:list"),
        reverse("vocabulary:glossary"),
        reverse("search:search") + "?q=cooperativa",
    ]
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    wide = []
    for path in pages:
        response = page.goto(live_server.url + path, wait_until="domcontentloaded")
        assert response.status == 200, path
        scroll, inner = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll > inner:
            culprit = page.evaluate(
                """() => { const w = window.innerWidth; const out = [];
                for (const el of document.querySelectorAll('body *')) {
                  const r = el.getBoundingClientRect();
                  if (r.right > w + 1 && out.length < 3) out.push(el.tagName + '.' + el.className);
                } return out.join(', '); }"""
            )
            wide.append(f"{path}: {scroll} > {inner} ({culprit})")
    assert len(pages) >= 15
    assert wide == [], "\n".join(wide)
