"""A small territory for the social-market tests: Girona, Salt (about 3 km
away, same comarca), Figueres (about 33 km) and Tarragona (far), with
entities of known sectors."""

import pytest

from teixit.entities.models import Entity
from teixit.territories.tests.factories import ComarcaFactory, MunicipalityFactory

from .factories import concept


def make_entity(municipality, name, sectors=(), **fields) -> Entity:
    entity = Entity.objects.create(
        name=name,
        municipality=municipality,
        status=fields.pop("status", Entity.Status.PUBLISHED),
        **fields,
    )
    if sectors:
        entity.sectors.set(sectors)
    return entity


@pytest.fixture
def place(db):
    girones = ComarcaFactory(code="20", name="Gironès")
    emporda = ComarcaFactory(code="02", name="Alt Empordà")
    tarragones = ComarcaFactory(code="36", name="Tarragonès")
    food = concept("sectors", "alimentacio", "Alimentació")
    cleaning = concept("sectors", "neteja", "Neteja")
    theme = concept("themes", "consum", "Consum responsable")
    girona = MunicipalityFactory(
        code="170792",
        name="Girona",
        comarca=girones,
        latitude=41.9794,
        longitude=2.8214,
    )
    salt = MunicipalityFactory(
        code="171519", name="Salt", comarca=girones, latitude=41.9747, longitude=2.7897
    )
    figueres = MunicipalityFactory(
        code="170669",
        name="Figueres",
        comarca=emporda,
        latitude=42.2664,
        longitude=2.9611,
    )
    tarragona = MunicipalityFactory(
        code="431482",
        name="Tarragona",
        comarca=tarragones,
        latitude=41.1189,
        longitude=1.2445,
    )
    return {
        "girones": girones,
        "food": food,
        "cleaning": cleaning,
        "theme": theme,
        "girona": girona,
        "salt": salt,
        "figueres": figueres,
        "tarragona": tarragona,
    }


@pytest.fixture
def suppliers(place):
    food, cleaning = place["food"], place["cleaning"]
    return {
        "girona_food": make_entity(
            place["girona"],
            "Cooperativa de menjadors de Girona",
            [food],
            email="hola@menjadors.coop",
            email_public=True,
            phone="972000000",
            phone_public=False,
        ),
        "salt_food": make_entity(place["salt"], "Horta de Salt", [food]),
        "figueres_food": make_entity(place["figueres"], "Fruita de l'Empordà", [food]),
        "tarragona_food": make_entity(place["tarragona"], "Forn del Camp", [food]),
        "girona_cleaning": make_entity(
            place["girona"], "Neteges Solidàries", [cleaning]
        ),
        "girona_draft": make_entity(
            place["girona"],
            "Càtering proposat",
            [food],
            status=Entity.Status.PROPOSED,
        ),
    }
