"""A territory's outline is decoded when it is read, not when its row is loaded
(`teixit.territories.fields`), and reads, writes and `values()` give what a
`JSONField` gives."""

import pickle

import pytest

from teixit.entities.models import Entity
from teixit.entities.tests.factories import EntityFactory
from teixit.territories.fields import Encoded, decoded
from teixit.territories.models import Comarca, Municipality

from .factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[2.0, 41.0], [2.1, 41.0], [2.1, 41.1], [2.0, 41.0]]],
}


def _loaded(instance, name="boundary"):
    """The attribute's value as the row left it, without reading it."""
    return instance.__dict__[name]


def test_a_loaded_outline_is_decoded_at_its_first_read_only():
    made = MunicipalityFactory(boundary=SQUARE)
    municipality = Municipality.objects.get(pk=made.pk)
    assert type(_loaded(municipality)) is Encoded
    outline = municipality.boundary
    assert outline == SQUARE
    assert _loaded(municipality) is outline  # kept: the next read decodes nothing
    assert municipality.boundary is outline


def test_a_related_row_keeps_its_outline_undecoded(django_assert_num_queries):
    entity = EntityFactory(municipality=MunicipalityFactory(boundary=SQUARE))
    entity.municipality.comarca.boundary = {"type": "MultiPolygon", "coordinates": []}
    entity.municipality.comarca.save()
    with django_assert_num_queries(1):
        loaded = Entity.objects.select_related("municipality__comarca").get(
            pk=entity.pk
        )
        assert type(_loaded(loaded.municipality)) is Encoded
        assert type(_loaded(loaded.municipality.comarca)) is Encoded
        assert loaded.municipality.boundary == SQUARE
        assert loaded.municipality.comarca.boundary["type"] == "MultiPolygon"


def test_no_outline_and_a_deferred_outline():
    made = MunicipalityFactory(boundary=None)
    assert Municipality.objects.get(pk=made.pk).boundary is None
    other = MunicipalityFactory(boundary=SQUARE)
    deferred = Municipality.objects.defer("boundary").get(pk=other.pk)
    assert "boundary" in deferred.get_deferred_fields()
    assert deferred.boundary == SQUARE


def test_saving_without_reading_keeps_the_outline_and_a_new_one_is_written():
    made = MunicipalityFactory(boundary=SQUARE)
    municipality = Municipality.objects.get(pk=made.pk)
    municipality.name = "Renamed"
    municipality.save()
    assert Municipality.objects.get(pk=made.pk).boundary == SQUARE
    moved = {"type": "Point", "coordinates": [2.5, 41.5]}
    municipality.boundary = moved
    municipality.save(update_fields=["boundary"])
    assert Municipality.objects.get(pk=made.pk).boundary == moved
    # A string assigned is a value like any other, never taken for JSON text.
    municipality.boundary = '{"type": "Point"}'
    assert municipality.boundary == '{"type": "Point"}'


def test_values_of_a_territory_decode_and_through_a_relation_give_text():
    made = MunicipalityFactory(boundary=SQUARE, code="999991")
    EntityFactory(municipality=made)
    rows = Municipality.objects.filter(pk=made.pk)
    assert list(rows.values_list("boundary", flat=True)) == [SQUARE]
    assert list(rows.values_list("code", "boundary")) == [("999991", SQUARE)]
    assert list(rows.values_list("code", "boundary", named=True))[0].boundary == SQUARE
    assert list(rows.values("boundary")) == [{"boundary": SQUARE}]
    assert list(rows.values_list("boundary", flat=True).iterator()) == [SQUARE]
    # Another model's queryset reads the column's text; decoded() gives the GeoJSON.
    text = Entity.objects.filter(municipality=made).values_list(
        "municipality__boundary", flat=True
    )[0]
    assert isinstance(text, str)
    assert decoded(text) == SQUARE
    assert decoded(SQUARE) is SQUARE


def test_lookups_on_the_outline_are_a_json_fields():
    MunicipalityFactory(boundary=SQUARE)
    MunicipalityFactory(boundary={"type": "Point", "coordinates": [2.0, 41.0]})
    MunicipalityFactory(boundary=None)
    assert Municipality.objects.filter(boundary__type="Polygon").count() == 1
    assert Municipality.objects.filter(boundary__isnull=True).count() == 1
    assert set(
        Municipality.objects.filter(boundary__isnull=False).values_list(
            "boundary__type", flat=True
        )
    ) == {"Polygon", "Point"}


def test_an_instance_pickled_before_its_outline_is_read_reads_it_after():
    made = MunicipalityFactory(boundary=SQUARE)
    municipality = Municipality.objects.get(pk=made.pk)
    copy = pickle.loads(pickle.dumps(municipality))
    assert copy.boundary == SQUARE


def test_the_municipality_api_gives_the_outline_when_asked(client):
    made = MunicipalityFactory(boundary=SQUARE)
    response = client.get(
        f"/api/v1/territories/municipalities/{made.code}/", {"geometry": "1"}
    )
    assert response.status_code == 200
    assert response.json()["boundary"] == SQUARE
    response = client.get(f"/api/v1/territories/municipalities/{made.code}/")
    assert response.json()["boundary"] is None
    assert Comarca.objects.get(pk=made.comarca_id).boundary is None  # none was given
