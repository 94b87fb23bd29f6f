import pytest

from teixit.territories.selectors import (
    municipality_get,
    municipality_list,
    municipality_match,
    municipality_population,
)
from teixit.territories.text import name_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("L'Hospitalet de Llobregat", "081017"),
        ("HOSPITALET DE LLOBREGAT, L'", "081017"),
        ("l’hospitalet de llobregat", "081017"),
        ("el Prat de Llobregat", "081691"),
        ("Prat de Llobregat (El)", "081691"),
        ("EL PRAT DE LLOBREGAT", "081691"),
        ("Prat de Llobregat, el", "081691"),
        ("sant cugat del valles", "082055"),
        ("Sant Cugat del Vallès", "082055"),
        ("Borges Blanques, les", "250582"),
        ("Bòrdes, Es", "250576"),
        ("080193", "080193"),
        ("08019", "080193"),
        ("Barcelona", "080193"),
        ("San Sebastián", "200697"),
        ("Donostia", "200697"),
    ],
)
def test_municipality_match_finds_names_as_people_type_them(reference, typed, code):
    found = municipality_match(typed)
    assert found is not None, typed
    assert found.code == code


@pytest.mark.parametrize("typed", ["", "   ", "Atlantis", "999999"])
def test_municipality_match_returns_none_when_unknown(reference, typed):
    assert municipality_match(typed) is None


def test_municipality_match_prefers_the_catalan_namesake(reference):
    # "Castellet i la Gornal" is unique, but "Sant Pere de Vilamajor"… use a
    # name present in Catalonia and elsewhere in Spain.
    from teixit.territories.models import Municipality

    names = (
        Municipality.objects.filter(search_name="figueres")
        .values_list("code", flat=True)
        .order_by("code")
    )
    assert municipality_match("Figueres").code == "170669"
    assert "170669" in names


def test_municipality_population_uses_the_year_or_the_closest_earlier(reference):
    barcelona = municipality_get("080193")
    assert municipality_population(barcelona, 2019) == 1_636_762
    assert municipality_population(barcelona, 2021) == 1_664_182
    assert municipality_population(barcelona, 2025) == 1_660_122  # CNIG, 1 January 2023
    assert municipality_population(barcelona) == 1_660_122
    assert municipality_population(barcelona, 2010) is None


def test_municipality_population_without_queries_when_prefetched(
    reference, django_assert_num_queries
):
    barcelona = municipality_get("080193")  # prefetches populations
    with django_assert_num_queries(0):
        assert municipality_population(barcelona, 2020) == 1_664_182


def test_municipality_list_filters_by_comarca_province_and_text(reference):
    assert municipality_list(comarca="13").count() == 5
    assert municipality_list(province="17").count() == 221
    names = list(municipality_list(q="HOSPITALET").values_list("name", flat=True))
    assert "l'Hospitalet de Llobregat" in names
    assert municipality_list(q="vallès", province="08").filter(code="082055").exists()
    assert list(municipality_list(q="08019").values_list("code", flat=True)) == [
        "080193"
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("L'Hospitalet de Llobregat", "hospitalet de llobregat"),
        ("Prat de Llobregat (El)", "prat de llobregat"),
        ("Alamús, els", "alamus"),
        ("Sant Martí d'Albars", "sant marti d albars"),
        ("Castellbell i el Vilar", "castellbell i el vilar"),
        ("Donostia/San Sebastián", "donostia / san sebastian"),
        ("Sant Llorenç Savall", "sant llorenc savall"),
        ("Cabrera d'Anoia", "cabrera d anoia"),
    ],
)
def test_name_key_normalises_case_accents_and_articles(name, key):
    assert name_key(name) == key
