"""The social market: need → entities, explainable, nearest first."""

import pytest

from teixit.needs import selectors
from teixit.needs.models import Need

from .factories import NeedFactory, SupplierMarkFactory

pytestmark = pytest.mark.django_db


def test_need_matches_entities_of_its_sector_in_and_near_the_territory(
    place, suppliers
):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])

    matches = selectors.need_matches(need)

    names = [m.name for m in matches]
    # Salt first (in the territory), then Girona (3 km), then Figueres (~40 km);
    # Tarragona is beyond 50 km, cleaning is another sector, drafts are not public.
    assert names == [
        "Horta de Salt",
        "Cooperativa de menjadors de Girona",
        "Fruita de l'Empordà",
    ]
    assert matches[0].in_territory and matches[0].distance_km == 0
    assert 2 <= matches[1].distance_km <= 4
    assert 30 <= matches[2].distance_km <= 45


def test_match_explains_sector_and_distance(place, suppliers):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])

    salt, girona, figueres = selectors.need_matches(need)

    assert salt.explanation == "sector Alimentació, a Salt"
    assert girona.explanation == "sector Alimentació, a 3 km"
    assert figueres.reasons[0] == "sector Alimentació"
    assert figueres.reasons[1].endswith(" km")


def test_comarca_territory_counts_every_municipality_of_it(place, suppliers):
    need = NeedFactory(sectors=[place["food"]], comarques=[place["girones"]])

    matches = selectors.need_matches(need)

    inside = {m.name for m in matches if m.in_territory}
    assert inside == {"Horta de Salt", "Cooperativa de menjadors de Girona"}


def test_radius_limits_the_matches(place, suppliers):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])

    matches = selectors.need_matches(need, max_radius_km=10)

    assert [m.name for m in matches] == [
        "Horta de Salt",
        "Cooperativa de menjadors de Girona",
    ]


def test_need_without_sectors_or_territory_has_no_matches(place, suppliers):
    assert selectors.need_matches(NeedFactory(municipalities=[place["salt"]])) == []
    assert selectors.need_matches(NeedFactory(sectors=[place["food"]])) == []


def test_matches_show_only_public_contacts_and_the_mark(place, suppliers):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["girona"]])
    SupplierMarkFactory(
        need=need,
        entity=suppliers["girona_food"],
        state="supplying",
        note="Menjador escolar",
    )

    girona = selectors.need_matches(need)[0]

    assert girona.contact == {
        "website": "",
        "email": "hola@menjadors.coop",
        "phone": "",
    }
    assert girona.mark.state == "supplying"


def test_supplier_search_by_sector_label_and_place(place, suppliers):
    found = selectors.supplier_search(text="alimentacio", municipality=place["girona"])

    assert [m.name for m in found][:2] == [
        "Cooperativa de menjadors de Girona",
        "Horta de Salt",
    ]
    assert "Neteges Solidàries" not in [m.name for m in found]


def test_supplier_search_by_text_in_name(place, suppliers):
    found = selectors.supplier_search(text="neteges", municipality=place["salt"])

    assert [m.name for m in found] == ["Neteges Solidàries"]
    assert found[0].reasons[0] == "«neteges» al nom o la descripció"


def test_supplier_search_needs_text_and_place(place, suppliers):
    assert selectors.supplier_search(text="", municipality=place["girona"]) == []
    assert selectors.supplier_search(text="fruita", municipality=None) == []


def test_public_lists_hide_raised_and_dropped_needs(place, registered_user):
    NeedFactory(title="Pública", status=Need.Status.CONFIRMED)
    NeedFactory(title="Proposta", status=Need.Status.RAISED)
    NeedFactory(title="Descartada", status=Need.Status.DROPPED)
    from django.contrib.auth.models import AnonymousUser

    titles = {n.title for n in selectors.need_list_for_user(AnonymousUser())}
    assert titles == {"Pública"}
    titles = {n.title for n in selectors.need_list_for_user(registered_user)}
    assert titles == {"Pública"}


def test_counts_by_theme_and_comarca(place, technician_user):
    NeedFactory(themes=[place["theme"]], municipalities=[place["girona"]])
    NeedFactory(themes=[place["theme"]], comarques=[place["girones"]])
    NeedFactory(municipalities=[place["tarragona"]])

    counts = selectors.need_counts(selectors.need_list_for_user(technician_user))

    assert counts["themes"] == [("consum", "Consum responsable", 2)]
    assert counts["comarques"][0] == ("20", "Gironès", 2)
    assert ("36", "Tarragonès", 1) in counts["comarques"]
