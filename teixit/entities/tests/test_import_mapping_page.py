"""The import's mapping page (issue 12.6): columns chosen from their names,
the first rows as they will be stored with their errors, presets described
in the user's language."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from teixit.entities.importing import auto_mapping
from teixit.entities.models import Entity, ImportBatch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("Nom", "name"),
        ("NOMBRE", "name"),
        ("Població", "municipality"),
        ("municipio", "municipality"),
        ("Locality", "municipality"),  # the ESSGlobal preset's name
        ("Codi postal", "postcode"),
        ("código_postal", "postcode"),
        ("Adreça", "address"),
        ("Correu electrònic", "email"),
        ("Teléfono", "phone"),
        ("Forma jurídica", "legal_form"),
        ("Sectors", "sectors"),
        ("Latitud", "latitude"),
        ("addr:postcode", "postcode"),  # the OpenStreetMap preset's name
        ("PROJECTE", "name"),  # the Pam a Pam preset's name
    ],
)
def test_auto_mapping_matches_names_without_case_or_accents(column, field):
    mapping = auto_mapping(["zzz", column])
    assert mapping["columns"] == {field: column}


def test_auto_mapping_gives_a_column_to_one_field_and_finds_the_key():
    mapping = auto_mapping(["Nom", "Nombre", "Municipi", "Identificador", "País"])
    assert mapping["columns"] == {"name": "Nom", "municipality": "Municipi"}
    assert mapping["key"] == "Identificador"
    assert mapping["country"] == "País"


@pytest.fixture
def mapping_page(client_for, secretariat_user, places, vocabulary):
    client = client_for(secretariat_user)
    text = (
        "Nom;Població;Codi postal;Forma jurídica;Sectors;Correu\n"
        "Coop U;Barcelona;8001;Cooperativa;Alimentació|Habitatge;INFO@COOPU.CAT\n"
        "Coop V;Mordor;08001;Cooperativa;;v@example.org\n"
        ";;;;;\n"
        "Coop W;l'Hospitalet de Llobregat;08901;Societat anònima;Food;no-és-correu\n"
    )
    upload = SimpleUploadedFile("llista.csv", text.encode("utf-8"))
    client.post(
        reverse("entities:import_list"), {"file": upload, "source_name": "llista"}
    )
    batch = ImportBatch.objects.get()
    with translation.override("ca"):
        url = reverse("entities:import_mapping", args=[batch.pk])
    return client, url, batch


def test_mapping_page_preselects_the_columns_named_like_fields(mapping_page):
    client, url, _batch = mapping_page
    form = client.get(url).context["form"]
    chosen = {
        name.removeprefix("col_"): form[name].value()
        for name in form.fields
        if name.startswith("col_") and form[name].value()
    }
    assert chosen == {
        "name": "Nom",
        "municipality": "Població",
        "postcode": "Codi postal",
        "legal_form": "Forma jurídica",
        "sectors": "Sectors",
        "email": "Correu",
    }


def test_mapping_page_previews_the_first_rows_as_stored_with_their_errors(
    mapping_page,
):
    client, url, _batch = mapping_page
    response = client.get(url)
    preview = response.context["preview"]
    assert dict(preview.fields)["municipality"] == "municipi"  # labels in Catalan
    first, second, empty, third = preview.rows
    cells = dict(zip([name for name, _l in preview.fields], first.cells, strict=True))
    # As stored: the municipality and concepts found, the postcode repaired.
    assert cells["municipality"] == "Barcelona"
    assert cells["postcode"] == "08001"
    assert cells["legal_form"] == "Cooperativa"
    assert cells["sectors"] == "Alimentació, Habitatge"
    assert not first.errors
    assert any("Mordor" in error for error in second.errors)
    assert empty.empty
    assert any("Societat anònima" in warning for warning in third.warnings)
    assert any("no-és-correu" in error for error in third.errors)
    html = response.content.decode()
    assert 'id="mapping-preview"' in html and "Mordor" in html
    assert Entity.objects.count() == 0  # a preview writes nothing


def test_preview_button_shows_the_chosen_columns_and_runs_nothing(mapping_page):
    client, url, batch = mapping_page
    response = client.post(
        url, {"col_name": "Correu", "col_municipality": "Població", "preview": "1"}
    )
    assert response.status_code == HTTPStatus.OK
    preview = response.context["preview"]
    assert [name for name, _l in preview.fields] == ["name", "municipality"]
    assert preview.rows[0].cells == ["INFO@COOPU.CAT", "Barcelona"]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING


def test_presets_are_described_in_the_users_language(mapping_page):
    client, url, _batch = mapping_page
    html = client.get(url).content.decode()
    assert "Abastiment agroecològic (Pam a Pam, 2020)" in html
    assert "Digital Commons" in html
    spanish = client.get("/es" + url).content.decode()
    assert "Abastecimiento agroecológico (Pam a Pam, 2020)" in spanish
