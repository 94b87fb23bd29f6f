"""The register's one rule set (validation.py): whatever the importer accepts
the model, the form and the API accept too."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError

from teixit.entities import validation
from teixit.entities.forms import EntityForm
from teixit.entities.importing import EntityImport
from teixit.entities.models import Entity
from teixit.entities.services import entity_create
from teixit.territories.models import Municipality

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CONTACTS_CSV = (
    "id,name,municipality,email,phone,website,year_founded,latitude,longitude\n"
    '1,Coop Una,Barcelona,a@una.coop;b@una.coop,"+34 976 111 222;+34 616 333 444",'
    "una.coop | www.una.cat,2001,41.38,2.17\n"
    "2,Coop Dos,Torelló,dos@dos.coop,93 123 45 67,https://dos.coop,,,\n"
    "3,Coop Tres,Barcelona,tres@tres.coop,  ,,1999,41.40,2.15\n"
)


def form_data(entity: Entity) -> dict:
    """What the technicians' form would send back for a stored entity."""
    data = {}
    for name in EntityForm._meta.fields:
        value = getattr(entity, name)
        if name in ("sectors", "criteria"):
            data[name] = [c.pk for c in value.all()]
        elif name in ("legal_form", "municipality"):
            data[name] = value.pk if value else ""
        elif value is None:
            data[name] = ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def assert_every_entity_editable():
    assert Entity.objects.exists()
    for entity in Entity.objects.all():
        entity.full_clean()
        form = EntityForm(
            data=form_data(entity),
            instance=entity,
            municipalities=Municipality.objects.all(),
        )
        assert form.is_valid(), (entity.name, form.errors)


@pytest.mark.needs_shared_data
def test_every_imported_entity_passes_the_model_and_the_form(
    catalonia, shared_data, tmp_path
):
    path = shared_data("entities", "abastiment-pamapam-2020.csv")
    report = EntityImport(path=path, valid_only=True).run()
    assert report.counts["created"] > 200
    contacts = write(tmp_path, "contacts.csv", CONTACTS_CSV)
    report = EntityImport(path=contacts, source="contacts").run()
    assert not report.refused, report.rows
    assert_every_entity_editable()


def test_multi_valued_contacts_keep_the_first_and_the_rest_in_other_contacts(
    places, tmp_path
):
    report = EntityImport(
        path=write(tmp_path, "contacts.csv", CONTACTS_CSV), source="contacts"
    ).run()
    assert report.counts["created"] == 3, report.rows
    una = Entity.objects.get(name="Coop Una")
    assert una.email == "a@una.coop"
    assert una.phone == "+34 976 111 222"
    assert una.website == "https://una.coop"
    assert una.other_contacts == {
        "email": ["b@una.coop"],
        "phone": ["+34 616 333 444"],
        "website": ["https://www.una.cat"],
    }
    assert Entity.objects.get(name="Coop Dos").other_contacts == {}
    assert_every_entity_editable()


def test_form_and_api_split_contacts_with_the_same_rule(
    places, secretariat_user, client_for
):
    bcn = places["bcn"]
    form = EntityForm(
        data={
            "name": "Coop Form",
            "municipality": bcn.pk,
            "email": "x@form.coop; y@form.coop",
            "website": "form.coop",
        },
        municipalities=Municipality.objects.all(),
    )
    assert form.is_valid(), form.errors
    entity = form.save()
    assert entity.email == "x@form.coop"
    assert entity.website == "https://form.coop"
    assert entity.other_contacts == {"email": ["y@form.coop"]}

    client = client_for(secretariat_user)
    response = client.post(
        "/api/v1/entities/",
        {
            "name": "Coop Api",
            "municipality": bcn.code,
            "email": "p@api.coop;q@api.coop",
            "phone": "+34 600 000 000; +34 611 111 111",
        },
        content_type="application/json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.content
    entity = Entity.objects.get(name="Coop Api")
    assert entity.email == "p@api.coop"
    assert entity.other_contacts == {
        "email": ["q@api.coop"],
        "phone": ["+34 611 111 111"],
    }
    response = client.post(
        "/api/v1/entities/",
        {"name": "Coop Bad", "municipality": bcn.code, "email": "p@api.coop;nope"},
        content_type="application/json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Entity.objects.filter(name="Coop Bad").exists()


def test_importer_refuses_what_the_form_refuses(places, tmp_path):
    # Each of these rows was accepted by the importer's own patterns (or by the
    # form) and not by the other one.
    text = (
        "id,name,municipality,email,phone,year_founded\n"
        "1,A,Barcelona,a@b.c,,\n"  # a top-level domain of one letter
        "2,B,Barcelona,,12 34,\n"  # not a phone
        "3,C,Barcelona,,,1700\n"  # year out of range
    )
    report = EntityImport(path=write(tmp_path, "bad.csv", text), source="bad").run()
    assert report.refused
    assert report.counts["errors"] == 3
    for bad in (
        {"email": "a@b.c"},
        {"phone": "12 34"},
        {"year_founded": "1700"},
    ):
        form = EntityForm(
            data={"name": "X", "municipality": places["bcn"].pk, **bad},
            municipalities=Municipality.objects.all(),
        )
        assert not form.is_valid()
        assert set(form.errors) == set(bad)


def test_swapped_coordinates_are_refused_by_importer_and_model(places, tmp_path):
    text = "id,name,municipality,latitude,longitude\n1,Coop,Barcelona,2.17,41.38\n"
    report = EntityImport(path=write(tmp_path, "swap.csv", text), source="s").run()
    assert report.refused
    assert "swapped" in " ".join(report.rows[0]["messages"])
    with pytest.raises(ValidationError) as exc:
        entity_create(
            name="Coop", municipality=places["bcn"], latitude=2.17, longitude=41.38
        )
    assert "swapped" in str(exc.value)
    # the right way round is accepted
    entity = entity_create(
        name="Coop", municipality=places["bcn"], latitude=41.38, longitude=2.17
    )
    assert not entity.location_approximate


def test_model_clean_marks_an_entity_without_coordinates_approximate(places):
    # The admin saves through the model's clean(): no path skips the rule.
    entity = Entity(
        name="Coop", municipality=places["bcn"], latitude=41.38, longitude=2.17
    )
    entity.full_clean()
    assert not entity.location_approximate
    entity.latitude = entity.longitude = None
    entity.location_approximate = False
    entity.full_clean()
    assert entity.location_approximate


def test_contacts_split_rule():
    assert validation.contacts_split("email", "a@x.coop") == ("a@x.coop", [])
    assert validation.contacts_split("email", "a@x.coop, b@x.coop;a@x.coop") == (
        "a@x.coop",
        ["b@x.coop"],
    )
    assert validation.contacts_split("website", "x.coop") == ("https://x.coop", [])
    with pytest.raises(ValidationError):
        validation.contacts_split("email", "a@x.coop;not an address")
    with pytest.raises(ValidationError):
        validation.contacts_split("phone", "call us")


def test_coordinates_errors():
    bounds = (40.0, 0.0, 43.0, 3.5)
    assert validation.coordinates_errors(41.4, 2.1, bounds=bounds) == []
    assert validation.coordinates_errors(None, None, bounds=bounds) == []
    assert validation.coordinates_errors(41.4, None)
    assert validation.coordinates_errors(91, 2)
    assert "swapped" in validation.coordinates_errors(2.1, 41.4, bounds=bounds)[0]
    # outside the territories but not swapped: not this rule's business
    assert validation.coordinates_errors(37.2, -3.6, bounds=bounds) == []
