"""Issue 11: names people actually write are found, the same way by the
importer, the forms and the API: former official names and renamings, "Town,
Province", upper case with the article after a comma, names cut at 40
characters by their source. Against the real municipalities of Catalonia and
Spain shipped with Teixit."""

from http import HTTPStatus

import pytest
from django.db import transaction

from teixit.entities.importing import EntityImport
from teixit.entities.models import Entity
from teixit.territories import aliases
from teixit.territories.reference import REFERENCE_DIR
from teixit.territories.selectors import municipality_match

pytestmark = pytest.mark.django_db

# (as written, code of the municipality meant)
NAMES = [
    # renamed in the last years: the old name is in Idescat's 2019-2020 list
    ("Sant Carles de la Ràpita", "431362"),  # la Ràpita since 2021
    ("SANT CARLES DE LA RAPITA", "431362"),
    ("Castell-Platja d'Aro", "170486"),
    ("Bigues i Riells", "080235"),  # Bigues i Riells del Fai
    ("Bisbal de Falset, la", "430271"),  # la Bisbal de Montsant
    ("Masarac", "171002"),  # Masarac i Vilarnadal (only the ICGC file has it)
    # older renamings, in the hand-made table
    ("Santa Maria de Corcó", "082541"),  # l'Esquirol since 2014
    ("Calonge", "170340"),  # Calonge i Sant Antoni
    ("Villanueva y Geltrú", "083073"),
    # the article after a comma, upper case
    ("Hospitalet de Llobregat, L'", "081017"),
    ("HOSPITALET DE LLOBREGAT, L'", "081017"),
    # "Town, Province"
    ("BARCELONA, Barcelona", "080193"),
    ("Granada, Granada", "180877"),  # not la Granada (Alt Penedès)
    ("Granada (Granada)", "180877"),
    ("la Granada, Barcelona", "080945"),
    ("Figueras, Gerona", "170669"),
    ("Piles, Tarragona", "431055"),  # les Piles (de Gaià), not Piles (València)
    # cut at 40 characters by the source
    ("Cruïlles, Monells i Sant Sadurní de l'He", "179011"),
]


@pytest.fixture(scope="module")
def spain(django_db_setup, django_db_blocker):
    """The shipped reference data (Catalonia with outlines, all of Spain),
    loaded once for the module and rolled back at its end."""
    from teixit.territories.services import territories_load_reference

    with django_db_blocker.unblock():
        with transaction.atomic():
            territories_load_reference()
            yield
            transaction.set_rollback(True)


def test_the_shipped_alias_table_lists_renamings_with_their_sources():
    rows = aliases.aliases_read(REFERENCE_DIR / aliases.ALIASES_FILE)
    by_name = {name: (code, source) for code, name, source in rows}
    assert by_name["Sant Carles de la Ràpita"] == ("431362", "Idescat 2019")
    assert by_name["Castell-Platja d'Aro"][0] == "170486"
    assert by_name["Masarac"] == ("171002", "Idescat 2019")  # and CNIG 2023
    assert by_name["Santa Maria de Corcó"][0] == "082541"
    assert "lesquirol.cat" in by_name["Santa Maria de Corcó"][1]
    # every hand-made row names its source, and none is a current name
    assert all(source for _code, _name, source in rows)
    assert "la Ràpita" not in by_name and "Barcelona" not in by_name


@pytest.mark.parametrize(("written", "code"), NAMES)
def test_municipality_match_finds_names_people_write(spain, written, code):
    found = municipality_match(written)
    assert found is not None and found.code == code, (written, found)


def test_a_current_name_wins_over_a_former_one(spain):
    # "Piles" is a municipality of València today; les Piles (Tarragona) was
    # called so until 2023: the name alone is València's.
    assert municipality_match("Piles").code.startswith("46")
    assert municipality_match("Granada").code == "080945"  # the Catalan namesake
    assert municipality_match("Cruïlles, Monells i Sant") is None  # short: not cut


def test_the_form_field_accepts_the_same_names(spain):
    from teixit.territories.forms import MunicipalityField

    field = MunicipalityField()
    for written, code in NAMES:
        assert field.clean(written).code == code, written


def test_the_importer_finds_the_same_names(spain, tmp_path):
    lines = ["id,name,municipality"] + [
        f'{n},Coop {n},"{written}"' for n, (written, _code) in enumerate(NAMES)
    ]
    path = tmp_path / "names.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = EntityImport(path=path, source="names").run()
    assert report.counts["errors"] == 0, report.rows
    found = dict(Entity.objects.values_list("name", "municipality__code"))
    assert found == {f"Coop {n}": code for n, (_w, code) in enumerate(NAMES)}


def test_the_api_finds_the_same_names(spain, client, secretariat_user):
    from teixit.accounts.services import api_token_create

    result = api_token_create(user=secretariat_user, name="test")
    token = result[1] if isinstance(result, tuple) else result
    for n, (written, code) in enumerate(NAMES):
        response = client.post(
            "/api/v1/entities/",
            data={"name": f"Coop {n}", "municipality": written},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == HTTPStatus.CREATED, (written, response.content)
        assert Entity.objects.get(name=f"Coop {n}").municipality.code == code
