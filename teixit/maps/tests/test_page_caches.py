"""What the map page and its embed keep between requests (issue 19: the most
visited pages at network scale): the filter options with their counts and the
first view, kept at the register's stamp. Each write of what they show is seen
at the next request, including the map's own tables written after the
register's commit (a bulk import's map, rebuilt by a background task)."""

import json
import re

import pytest
from django.db import connection
from django.db.models.signals import m2m_changed, post_save
from django.test.utils import CaptureQueriesContext
from factory.django import mute_signals

from teixit.entities.models import Entity
from teixit.entities.selectors import register_stamp
from teixit.maps.services import map_cells_rebuild, map_entities_sync
from teixit.territories.models import Municipality
from teixit.territories.tests.factories import MunicipalityFactory
from teixit.vocabulary.models import Concept

from .factories import EntityFactory, legal_form, sector

# Committed writes: on PostgreSQL the stamp changes at the commit (a transaction
# that wrote keeps nothing), as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register(transactional_db):
    food = sector("food", "Alimentació")
    coop = legal_form("coop", "Cooperativa de treball")
    town = MunicipalityFactory(code="080193", name="Barcelona")
    MunicipalityFactory(code="250019", name="Abella de la Conca")  # no entity
    with mute_signals(post_save, m2m_changed):
        for i in range(3):
            EntityFactory(
                name=f"Entitat {i}",
                municipality=town,
                legal_form=coop,
                sectors=[food],
                longitude=1.0 + i / 10,
            )
    map_cells_rebuild()
    return town


def _view(client, url: str, **params) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def _reading(sql: list[str], table: str) -> list[str]:
    """The statements reading `table` itself (not joining it)."""
    return [s for s in sql if f'FROM "{table}"' in s]


def _first_view_count(html: str) -> int:
    """The entities the embedded first view counts in its area."""
    found = re.search(r'<script id="map-first-view"[^>]*>(.*?)</script>', html)
    return json.loads(found.group(1))["data"]["count"]


@pytest.mark.parametrize("url", ["/map/", "/embed/map"])
def test_a_second_view_reads_neither_places_nor_concepts_nor_cells(
    client, register, url
):
    first, first_sql = _view(client, url)
    assert _reading(first_sql, "territories_municipality")
    assert _reading(first_sql, "maps_mapcell")
    second, sql = _view(client, url)
    assert second == first or url == "/map/"  # the page's CSRF token differs
    # The 8,000 municipalities' names, the concepts, the counts per option and
    # the first view's cells were read again on every view.
    for table in (
        "territories_municipality",
        "territories_comarca",
        "vocabulary_concept",
        "maps_mapcell",
        "maps_mappoint",
    ):
        assert not _reading(sql, table), table
    assert len(sql) <= len(first_sql) - 8


def test_the_map_shows_each_write_at_once(client, register):
    html, _ = _view(client, "/map/")
    assert "Barcelona (3)" in html and "Alimentació (3)" in html
    assert _first_view_count(html) == 3
    assert "Abella de la Conca" not in html  # no entity: not offered

    # An entity published through the ORM (the map follows its signals).
    EntityFactory(name="Entitat nova", municipality=register, sectors=[])
    html, _ = _view(client, "/map/")
    assert "Barcelona (4)" in html and "Alimentació (3)" in html
    assert "4 entitats publicades" in html and _first_view_count(html) == 4
    embed, _ = _view(client, "/embed/map")
    assert "(4 entitats)" in embed and _first_view_count(embed) == 4

    # Renamed places and concepts, however they are written.
    Municipality.objects.filter(pk=register.pk).update(name="Barcelona (ciutat)")
    Concept.objects.filter(code="food").update(label_ca="Menjar")
    html, _ = _view(client, "/map/")
    assert "Barcelona (ciutat) (4)" in html and "Menjar (3)" in html

    # A municipality without entities asked for by its code (a bookmark) is
    # offered and chosen; an unknown code is not.
    html, _ = _view(client, "/map/", municipality="250019")
    assert '<option value="250019" selected>Abella de la Conca (0)</option>' in html
    html, _ = _view(client, "/map/", municipality="999999")
    assert 'value="999999"' not in html and "Abella de la Conca" not in html
    html, _ = _view(client, "/map/")
    assert "Abella de la Conca" not in html


def test_the_map_written_after_the_registers_commit_is_seen_at_once(client, register):
    """A bulk import commits its entities, then the map is brought up to date
    (by a background task for many): a view in between keeps the map before
    the import at the import's stamp, and the map's write must not leave it
    there."""
    with mute_signals(post_save, m2m_changed):  # as an import's bulk write
        added = [
            EntityFactory(name=f"Importada {i}", municipality=register, sectors=[])
            for i in range(2)
        ]
    stamp = register_stamp()
    html, _ = _view(client, "/map/")
    assert "Barcelona (3)" in html and _first_view_count(html) == 3  # not yet
    assert register_stamp() == stamp

    map_entities_sync(entity_ids=[added[0].pk])  # a small import's sync
    html, _ = _view(client, "/map/")
    assert "Barcelona (4)" in html and _first_view_count(html) == 4
    assert register_stamp() != stamp  # renewed by the map's write

    map_cells_rebuild()  # a large import's background task
    html, _ = _view(client, "/map/")
    assert "Barcelona (5)" in html and _first_view_count(html) == 5
    embed, _ = _view(client, "/embed/map")
    assert "(5 entitats)" in embed and _first_view_count(embed) == 5


def test_an_entity_unpublished_leaves_the_map_at_once(client, register):
    _view(client, "/map/")
    entity = Entity.objects.get(name="Entitat 0")
    entity.status = Entity.Status.ARCHIVED
    entity.save()
    html, _ = _view(client, "/map/")
    assert "Barcelona (2)" in html and _first_view_count(html) == 2
