"""Murmurations profiles: each one validates against the fields of the
Murmurations `organizations_schema-v1.0.0` schema, the index lists them all,
and nothing private leaves.

The schema's repository (MurmurationsNetwork/MurmurationsLibrary) has no
LICENSE file and no copyright notice (only `"license": "MIT"` in the
package.json of the small server that serves it), so its files are not
copied here. `ORGANIZATIONS_FIELDS` below is Teixit's own JSON Schema written
from the published documentation of that schema and of its library fields
(docs.murmurations.network; the field definitions at
library.murmurations.network): the required `linked_schemas` (at least one
unique name such as `my_data_schema-v1.0.0`) and `name`, `primary_url`
(http(s), at most 2,000 characters) and the types, patterns and ranges of the
optional fields Teixit fills. Unknown properties are allowed, as in
Murmurations' schemas.
"""

from __future__ import annotations

import json
from http import HTTPStatus

import jsonschema_rs
import pytest

from teixit.entities.models import Entity
from teixit.entities.tests.factories import EntityFactory, concept
from teixit.network.tests.factories import MemberFactory, NetworkFactory

pytestmark = pytest.mark.django_db

HTTP_URL = {"type": "string", "maxLength": 2000, "pattern": "^https?://.*"}
ORGANIZATIONS_FIELDS = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "linked_schemas": {
            "type": "array",
            "items": {
                "type": "string",
                "pattern": r"^[a-z][a-z0-9_]{7,97}-v[0-9]+\.[0-9]+\.[0-9]+$",
            },
            "minItems": 1,
            "uniqueItems": True,
        },
        "name": {"type": "string", "minLength": 1},
        "nickname": {"type": "string"},
        "primary_url": HTTP_URL,
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "urls": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "url": HTTP_URL},
                "required": ["url"],
            },
            "uniqueItems": True,
        },
        "description": {"type": "string"},
        "full_address": {"type": "string"},
        "country_iso_3166": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "geolocation": {
            "type": "object",
            "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
            },
            "required": ["lat", "lon"],
        },
        "image": HTTP_URL,
        "contact_details": {
            "type": "object",
            "properties": {
                "email": {"type": "string"},
                "contact_form": HTTP_URL,
            },
        },
        "telephone": {"type": "string", "minLength": 1, "maxLength": 100},
        "relationships": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"predicate_url": HTTP_URL, "object_url": HTTP_URL},
                "required": ["predicate_url", "object_url"],
            },
            "uniqueItems": True,
        },
    },
    "required": ["linked_schemas", "name", "primary_url"],
}
VALIDATOR = jsonschema_rs.Draft7Validator(ORGANIZATIONS_FIELDS)


def errors_of(profile: dict) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(profile)]


@pytest.fixture
def world(db):
    network = NetworkFactory(
        website="https://xarxaess.example.cat",
        email="secretaria@xarxaess.example.cat",
        description="La xarxa de municipis per l'economia social i solidària.",
    )
    member = MemberFactory(name="Ajuntament de Manlleu", slug="manlleu")
    left = MemberFactory(slug="marxat", left_on="2020-01-01")
    food = concept("sectors", "alimentacio", label_ca="Alimentació")
    coop = concept("legal-forms", "cooperativa", label_ca="Cooperativa")
    entity = EntityFactory(
        name="La Fageda de Prova",
        legal_form=coop,
        description="Iogurts i feina per a persones amb discapacitat.",
        address="Carrer Major, 1",
        postcode="08560",
        latitude=42.0,
        longitude=2.28,
        website="https://fageda.example.cat",
        email="hola@fageda.example.cat",
        email_public=False,
        phone="938 000 000",
        phone_public=True,
    )
    entity.sectors.add(food)
    draft = EntityFactory(status=Entity.Status.PROPOSED)
    return {
        "network": network,
        "member": member,
        "left": left,
        "entity": entity,
        "draft": draft,
    }


def get_json(client, url: str):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    assert response["Content-Type"].startswith("application/json")
    if response.streaming:
        return json.loads(b"".join(response.streaming_content))
    return response.json()


def test_every_profile_of_the_index_validates_against_the_organizations_schema(
    client, world
):
    index = get_json(client, "/murmurations/")
    urls = [item["profile_url"] for item in index["data"]]
    assert index["meta"]["number_of_results"] == len(urls) == 3
    for url in urls:
        assert url.startswith("http://testserver/murmurations/")
        profile = get_json(client, url.removeprefix("http://testserver"))
        assert profile["linked_schemas"] == ["organizations_schema-v1.0.0"]
        assert errors_of(profile) == [], url


def test_the_index_lists_the_network_active_members_and_published_entities_only(
    client, world
):
    urls = {item["profile_url"] for item in get_json(client, "/murmurations/")["data"]}
    assert urls == {
        "http://testserver/murmurations/network.json",
        "http://testserver/murmurations/members/manlleu.json",
        f"http://testserver/murmurations/entities/{world['entity'].pk}.json",
    }


@pytest.mark.parametrize(
    "path",
    ["/murmurations/members/marxat.json", "/murmurations/members/no-such.json"],
)
def test_a_member_that_left_or_does_not_exist_has_no_profile(client, world, path):
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_an_unpublished_entity_has_no_profile(client, world):
    url = f"/murmurations/entities/{world['draft'].pk}.json"
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_an_entity_profile_carries_only_its_public_contacts(client, world):
    entity = world["entity"]
    profile = get_json(client, f"/murmurations/entities/{entity.pk}.json")
    assert profile["name"] == "La Fageda de Prova"
    assert profile["primary_url"] == "https://fageda.example.cat"
    assert profile["telephone"] == "938 000 000"
    assert "contact_details" not in profile  # the e-mail is not public
    assert "hola@fageda" not in json.dumps(profile)
    assert profile["tags"] == ["Cooperativa", "Alimentació"]
    assert profile["geolocation"] == {"lat": 42.0, "lon": 2.28}
    assert profile["country_iso_3166"] == "ES"
    assert profile["full_address"].startswith("Carrer Major, 1, 08560 ")
    assert {"name": "Teixit", "url": f"http://testserver/entities/{entity.pk}/"} in (
        profile["urls"]
    )


def test_an_entity_without_a_public_website_is_identified_by_its_page(client, world):
    entity = world["entity"]
    entity.website_public = False
    entity.save(update_fields=["website_public"])
    profile = get_json(client, f"/murmurations/entities/{entity.pk}.json")
    assert profile["primary_url"] == f"http://testserver/entities/{entity.pk}/"
    assert "fageda.example.cat" not in json.dumps(profile)
    assert errors_of(profile) == []


def test_member_and_network_profiles_are_linked_both_ways(client, world):
    network = get_json(client, "/murmurations/network.json")
    member = get_json(client, "/murmurations/members/manlleu.json")
    assert network["primary_url"] == "https://xarxaess.example.cat"
    assert network["contact_details"] == {"email": "secretaria@xarxaess.example.cat"}
    assert {
        "predicate_url": "https://schema.org/member",
        "object_url": "http://testserver/network/members/manlleu/",
    } in network["relationships"]
    assert member["relationships"] == [
        {
            "predicate_url": "https://schema.org/memberOf",
            "object_url": "https://xarxaess.example.cat",
        }
    ]
    assert len(network["relationships"]) == 1  # not the member that left


def test_profiles_do_not_change_with_the_language_of_the_visitor(client, world):
    entity = world["entity"]
    url = f"/murmurations/entities/{entity.pk}.json"
    catalan = get_json(client, url)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert get_json(client, url) == catalan
    assert get_json(client, "/murmurations/network.json")["tags"] == [
        "economia social i solidària",
        "xarxa de municipis",
    ]


def test_the_schema_check_refuses_a_profile_without_the_required_fields():
    """The test above can fail: a profile missing its name or schema, or with a
    primary URL that is not a web address, does not validate."""
    assert errors_of({"name": "X", "primary_url": "https://x.example"})
    assert errors_of(
        {"linked_schemas": ["organizations_schema-v1.0.0"], "primary_url": "https://x"}
    )
    assert errors_of(
        {
            "linked_schemas": ["organizations_schema-v1.0.0"],
            "name": "X",
            "primary_url": "x.example",
        }
    )
    assert errors_of(
        {
            "linked_schemas": ["Organizations Schema"],
            "name": "X",
            "primary_url": "https://x.example",
        }
    )


def test_without_a_network_there_is_no_network_profile(client, db):
    assert client.get("/murmurations/network.json").status_code == 404
    assert get_json(client, "/murmurations/")["data"] == []


def test_profiles_answer_only_reads(client, world):
    assert client.post("/murmurations/").status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.get("/murmurations/")["Access-Control-Allow-Origin"] == "*"


def test_the_index_reads_entities_a_chunk_at_a_time_without_losing_any(
    client, world, monkeypatch
):
    from teixit.murmurations import selectors

    monkeypatch.setattr(selectors, "INDEX_CHUNK", 2)
    more = [EntityFactory() for _ in range(4)]
    index = get_json(client, "/murmurations/")
    entity_urls = [
        item["profile_url"]
        for item in index["data"]
        if "/entities/" in item["profile_url"]
    ]
    expected = sorted([world["entity"].pk, *(e.pk for e in more)])
    assert entity_urls == [
        f"http://testserver/murmurations/entities/{pk}.json" for pk in expected
    ]
    assert index["meta"]["number_of_results"] == 2 + len(expected)
