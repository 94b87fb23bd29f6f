"""The public list's count, kept per register stamp, and its text search through
the trigram index: the same answers as counting and `LIKE` every time."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from teixit.entities import database
from teixit.entities.models import Entity
from teixit.entities.selectors import register_stamp
from teixit.territories.models import Municipality
from teixit.vocabulary.models import Concept

from .factories import EntityFactory

URL = "/api/v1/entities/"


def page(client, **params) -> tuple[list[int], int, list[str]]:
    """(ids, count, the SQL run) of one answer."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == HTTPStatus.OK, response.content
    body = response.json()
    return (
        [item["id"] for item in body["items"]],
        body["count"],
        [q["sql"] for q in queries.captured_queries],
    )


def counted(sql: list[str]) -> bool:
    return any("COUNT(" in s.upper() for s in sql)


# Committed writes (transactional_db): on PostgreSQL the stamp changes at the
# commit, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_count_is_kept_until_any_write_changes_the_register(
    client, places, vocabulary
):
    bcn = places["bcn"].code
    a = EntityFactory(name="A", municipality=places["bcn"])
    a.sectors.add(vocabulary["food"])
    EntityFactory(name="B", municipality=places["bcn"])
    EntityFactory(name="P", municipality=places["bcn"], status=Entity.Status.PROPOSED)

    ids, count, sql = page(client, municipality=bcn)
    assert count == 2 and counted(sql)
    ids, count, sql = page(client, municipality=bcn)
    assert count == 2 and not counted(sql), "the second answer counts again"

    # A proposed entity changes nothing public: still kept.
    EntityFactory(name="Q", municipality=places["bcn"], status=Entity.Status.PROPOSED)
    _, count, sql = page(client, municipality=bcn)
    assert count == 2 and not counted(sql)

    # Each kind of write, however it is made, gives the exact count at once.
    c = EntityFactory(name="C", municipality=places["bcn"])  # ORM save
    assert page(client, municipality=bcn)[1] == 3
    Entity.objects.filter(pk=c.pk).update(status=Entity.Status.ARCHIVED)  # update()
    assert page(client, municipality=bcn)[1] == 2
    Entity.objects.filter(name="P").update(status=Entity.Status.PUBLISHED)
    assert page(client, municipality=bcn)[1] == 3
    Entity.objects.filter(name="B").update(municipality=places["torello"])
    assert page(client, municipality=bcn)[1] == 2
    Entity.objects.filter(name="P").delete()
    assert page(client, municipality=bcn)[1] == 1

    assert page(client, sector="food")[1] == 1
    through = Entity.sectors.through._meta.db_table
    with connection.cursor() as cursor:  # raw SQL, as the imports write
        cursor.execute(
            f"INSERT INTO {through} (entity_id, concept_id) VALUES (%s, %s)",
            [Entity.objects.get(name="B").pk, vocabulary["food"].pk],
        )
    assert page(client, sector="food")[1] == 2
    a.sectors.remove(vocabulary["food"])
    assert page(client, sector="food")[1] == 1
    # The filters are codes: renaming a code changes what it finds.
    Concept.objects.filter(pk=vocabulary["food"].pk).update(code="meals")
    assert page(client, sector="food")[1] == 0
    assert page(client, sector="meals")[1] == 1
    places["torello"].code = "999999"
    places["torello"].save()
    assert page(client, municipality="999999")[1] == 1

    # The concepts and municipalities a page names are kept per stamp too:
    # renamed, the next page says the new names.
    item = client.get(URL, {"sector": "meals"}).json()["items"][0]
    assert item["sectors"] == [{"code": "meals", "label": "Alimentació"}]
    Concept.objects.filter(code="meals").update(label_ca="Menjar")
    Municipality.objects.filter(pk=places["torello"].pk).update(name="Torelló (nou)")
    item = client.get(URL, {"sector": "meals"}).json()["items"][0]
    assert item["sectors"] == [{"code": "meals", "label": "Menjar"}]
    assert item["municipality"] == "Torelló (nou)"

    # And after all that, the kept count is used again.
    first = page(client, sector="meals")
    second = page(client, sector="meals")
    assert first[1] == second[1] == 1 and not counted(second[2])


@pytest.mark.django_db
def test_a_transaction_that_wrote_counts_its_own_writes(client, places):
    """Inside a transaction that wrote (a test, ATOMIC_REQUESTS), the count is
    exact too: on PostgreSQL the stamp changes only at the commit, so such a
    transaction does not use kept counts."""
    EntityFactory(name="A", municipality=places["bcn"])
    assert page(client)[1] == 1
    EntityFactory(name="B", municipality=places["bcn"])
    assert page(client)[1] == 2
    if connection.vendor == "postgresql":
        assert register_stamp() is None


@pytest.mark.django_db
def test_the_stamp_changes_with_public_writes_only(places):
    EntityFactory(name="A", municipality=places["bcn"])
    before = register_stamp()
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL stamps at the commit (the test above)")
    EntityFactory(name="P", municipality=places["bcn"], status=Entity.Status.PROPOSED)
    assert register_stamp() == before
    Entity.objects.filter(name="P").update(status=Entity.Status.PUBLISHED)
    assert register_stamp() != before


TEXTS = [
    ("Cooperativa La Olla", ""),
    ("COOPERATIVA DEL BARRI", ""),
    ("Ateneu", "Una cooperativa de consum"),
    ("Cafè de la plaça", ""),
    ("CAFÈ GRAN", ""),
    ("Forn 100% ecològic", "pa_integral"),
    ('Diu "hola"', ""),
    ("Entitat 1234", ""),
    ("Entitat 12345", ""),
    ("Entitat 123", "sense 1234"),
]
QUERIES = [
    "cooperativa",
    "COOPERATIVA",
    "Cooperativa La",
    "olla",
    "cafè",
    "CAFÈ",
    "Cafè",
    "100%",
    "0% e",
    "pa_int",
    "a_i",
    '"hola"',
    "hola",
    "Entitat 1234",
    "1234",
    "12",
    "en",
    "a",
    "zzz",
    "tat 12",
]


@pytest.mark.django_db
@pytest.mark.parametrize("q", QUERIES)
def test_text_search_finds_exactly_what_like_finds(client, places, q):
    """The trigram index only narrows: case, accents, spaces, quotes and the
    LIKE wildcards (literal here) give what `icontains` alone gives."""
    for name, description in TEXTS:
        EntityFactory(name=name, description=description, municipality=places["bcn"])
    expected = list(
        Entity.objects.published()
        .filter(Q(name__icontains=q) | Q(description__icontains=q))
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    )
    ids, count, sql = page(client, q=q)
    assert ids == expected and count == len(expected)
    if database.text_index_supported(connection) and len(q) >= 3:
        assert any(database.TEXT_TABLE in s for s in sql)


@pytest.mark.django_db
def test_text_search_follows_renames_and_deletions(client, places):
    a = EntityFactory(name="Cooperativa Vella", municipality=places["bcn"])
    b = EntityFactory(name="Altra", municipality=places["bcn"])
    assert page(client, q="vella")[0] == [a.pk]
    a.name = "Cooperativa Nova"
    a.save()
    Entity.objects.filter(pk=b.pk).update(description="la casa vella")
    assert page(client, q="vella")[0] == [b.pk]
    assert page(client, q="nova")[0] == [a.pk]
    b.delete()
    assert page(client, q="vella")[0] == []


@pytest.mark.django_db
def test_missing_triggers_are_created_again_and_the_index_rebuilt(places):
    """SQLite drops a table's triggers when a migration rebuilds the table;
    `database.ensure` (run after every migrate) puts them back and rebuilds
    the text index, so entities written meanwhile are found."""
    if not database.text_index_supported(connection):
        pytest.skip("the trigram text index is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER entities_text_insert")
        cursor.execute("DROP TRIGGER entities_stamp_entity_insert")
    before = register_stamp()
    entity = EntityFactory(name="Escrita sense disparador", municipality=places["bcn"])
    assert register_stamp() == before
    found = Entity.objects.filter(pk__in=text_index_ids("disparador")).values_list(
        "pk", flat=True
    )
    assert list(found) == []
    database.ensure(connection)
    assert list(found.all()) == [entity.pk]
    assert register_stamp() != before
    EntityFactory(name="Una altra", municipality=places["bcn"])
    assert Entity.objects.filter(pk__in=text_index_ids("altra")).count() == 1


def text_index_ids(text: str) -> RawSQL:
    return RawSQL(
        f"SELECT rowid FROM {database.TEXT_TABLE} WHERE {database.TEXT_TABLE} MATCH %s",
        [f'"{text}"'],
    )


@pytest.mark.django_db
def test_entities_written_in_bulk_are_found_before_the_text_index_catches_up(
    client, places
):
    """Triggers only note what an import wrote; the search finds those entities
    at once (by `LIKE`) and through the index after the catch-up task."""
    (entity,) = Entity.objects.bulk_create(  # no model signals, as an import
        [
            Entity(
                name="Cooperativa Importada",
                municipality=places["bcn"],
                status=Entity.Status.PUBLISHED,
            )
        ]
    )
    if entity.pk is None:
        entity = Entity.objects.get(name="Cooperativa Importada")
    assert page(client, q="importada")[0] == [entity.pk]
    caught_up = database.text_index_catch_up()
    if database.text_index_supported(connection):
        assert caught_up >= 1
        assert list(
            Entity.objects.filter(pk__in=text_index_ids("importada")).values_list(
                "pk", flat=True
            )
        ) == [entity.pk]
    assert database.text_index_catch_up() == 0
    assert page(client, q="importada")[0] == [entity.pk]
