"""The municipality field of every form: typed by name, resolved on the
server, suggested by an autocomplete."""

from http import HTTPStatus

import pytest
from django import forms

from teixit.territories.forms import MunicipalityField
from teixit.territories.tests.factories import MunicipalityFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(db):
    jaen = ProvinceFactory(code="23", name="Jaén")
    return {
        "hospitalet": MunicipalityFactory(
            code="081017", name="l'Hospitalet de Llobregat"
        ),
        "hostalric": MunicipalityFactory(code="170869", name="Hostalric"),
        "sant_hospi": MunicipalityFactory(code="089991", name="Vilanova de l'Hospital"),
        "castellar_cat": MunicipalityFactory(
            code="082639", name="Castellar del Vallès"
        ),
        "castellar_a": MunicipalityFactory(
            code="230251", name="Castellar", comarca=None, province=jaen
        ),
        "castellar_b": MunicipalityFactory(
            code="230259",
            name="Castellar",
            comarca=None,
            province=ProvinceFactory(code="13", name="Ciudad Real"),
        ),
    }


class TheForm(forms.Form):
    municipality = MunicipalityField(label="municipality")


@pytest.mark.parametrize(
    "typed",
    [
        "l'Hospitalet de Llobregat",
        "HOSPITALET DE LLOBREGAT, L'",
        "hospitalet de llobregat",
        "081017",
    ],
)
def test_a_typed_name_is_resolved(towns, typed):
    form = TheForm(data={"municipality": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"] == towns["hospitalet"]


def test_an_unknown_name_gives_a_clear_error(towns):
    form = TheForm(data={"municipality": "Hospitalot"})
    assert not form.is_valid()
    assert "Hospitalot" in form.errors["municipality"][0]


def test_namesakes_are_told_apart_by_their_province(towns):
    form = TheForm(data={"municipality": "Castellar"})
    assert not form.is_valid()
    assert "(" in form.errors["municipality"][0]
    form = TheForm(data={"municipality": "Castellar (Jaén)"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"] == towns["castellar_a"]


def test_the_field_shows_the_name_of_the_initial_municipality(towns):
    html = str(
        TheForm(initial={"municipality": towns["castellar_a"].pk})["municipality"]
    )
    assert 'value="Castellar (Jaén)"' in html
    assert "data-autocomplete=" in html
    assert "<option" not in html


def test_a_restricted_queryset_refuses_other_municipalities(towns):
    form = TheForm(data={"municipality": "Hostalric"})
    form.fields["municipality"].queryset = type(towns["hostalric"]).objects.filter(
        pk=towns["hospitalet"].pk
    )
    assert not form.is_valid()


def test_suggestions_put_names_starting_with_the_text_first(client, towns):
    response = client.get("/territories/municipalities/suggest/", {"q": "hospi"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count('role="option"') == 2
    assert html.index("Hospitalet de Llobregat") < html.index(
        "Vilanova de l&#x27;Hospital"
    )


def test_suggestions_need_two_letters_and_say_when_nothing_matches(client, towns):
    assert (
        'role="option"'
        not in client.get(
            "/territories/municipalities/suggest/", {"q": "h"}
        ).content.decode()
    )
    html = client.get(
        "/territories/municipalities/suggest/", {"q": "zzz"}
    ).content.decode()
    assert 'aria-disabled="true"' in html
