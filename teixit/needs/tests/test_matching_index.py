"""The social market's matching through the map's per-sector cells
(`selectors.sector_points`, what `need_matches` reads) finds exactly what the
plain search of the map's points finds (`selectors.nearby_points` with the
sectors as condition) — on random registers, with crowded cells (entities
without coordinates sit on their municipality's centroid), entities of two
sectors, small limits and radii. Not timed: bench/bench_social_market.py."""

import random

import pytest

from teixit.entities.models import Entity
from teixit.maps.services import map_cells_rebuild
from teixit.needs import selectors
from teixit.territories.tests.factories import ComarcaFactory, MunicipalityFactory

from .factories import concept

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    rnd = random.Random(16)
    comarques = [ComarcaFactory(code=f"9{i}", name=f"Comarca {i}") for i in range(3)]
    towns = [
        MunicipalityFactory(
            code=f"99{i:04d}",
            name=f"Poble {i}",
            comarca=comarques[i % 3],
            latitude=41.6 + rnd.uniform(0, 0.5),
            longitude=1.6 + rnd.uniform(0, 0.7),
        )
        for i in range(12)
    ]
    sectors = [concept("sectors", f"s{i}", f"Sector {i}") for i in range(3)]
    entities = []
    for _n in range(600):
        town = rnd.choice(towns)
        located = rnd.random() < 0.8
        entities.append(
            Entity(
                name=f"Entitat {rnd.randrange(400):03d}",  # repeated names: ties
                municipality=town,
                status=Entity.Status.PUBLISHED
                if rnd.random() < 0.95
                else Entity.Status.PROPOSED,
                latitude=town.latitude + rnd.gauss(0, 0.02) if located else None,
                longitude=town.longitude + rnd.gauss(0, 0.02) if located else None,
            )
        )
    entities = Entity.objects.bulk_create(entities)
    through = Entity.sectors.through
    through.objects.bulk_create(
        through(entity_id=e.pk, concept_id=s.pk)
        for e in entities
        for s in rnd.sample(sectors, 1 if rnd.random() < 0.6 else 2)
    )
    map_cells_rebuild()
    return {"towns": towns, "comarques": comarques, "sectors": sectors, "rnd": rnd}


def test_sector_cells_find_what_the_points_search_finds(register):
    rnd, towns, sectors = register["rnd"], register["towns"], register["sectors"]
    checked = 0
    for _ in range(40):
        kind = rnd.randrange(3)
        if kind == 0:
            territory = selectors.territory_of(municipality_ids=[rnd.choice(towns).pk])
        elif kind == 1:
            territory = selectors.territory_of(
                municipality_ids=[t.pk for t in rnd.sample(towns, 2)]
            )
        else:
            territory = selectors.territory_of(
                comarca_ids=[rnd.choice(register["comarques"]).pk]
            )
        wanted = [s.pk for s in rnd.sample(sectors, rnd.choice((1, 1, 2)))]
        limit = rnd.choice((1, 5, 20, 50, 500))
        radius = rnd.choice((0.5, 2, 10, 50))
        expected = selectors.nearby_points(
            territory=territory,
            condition=selectors._sector_condition(wanted),
            limit=limit,
            max_radius_km=radius,
        )
        found = selectors.sector_points(
            territory=territory, sector_ids=wanted, limit=limit, max_radius_km=radius
        )
        assert found == expected, (kind, wanted, limit, radius)
        checked += bool(expected)
    assert checked > 20  # most cases found something to compare


def test_need_matches_follow_the_map_when_an_entity_moves(place, suppliers):
    """The cells are the map's: an entity saved elsewhere is matched there."""
    from .factories import NeedFactory

    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])
    figueres = suppliers["figueres_food"]
    figueres.municipality = place["salt"]
    figueres.save()

    names = [m.name for m in selectors.need_matches(need)]

    assert names[:2] == ["Fruita de l'Empordà", "Horta de Salt"]
