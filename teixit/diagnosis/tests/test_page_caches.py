"""What the diagnosis pages keep between requests (issue 19: the index, the
municipality and network pages at network scale), and that a write is seen at
once: the register's stamp for the coverage, the values' data version for the
years with values. Also the index's municipality field, which replaced a
select of every member's municipality."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teixit.diagnosis.indicators import mapping_coverage_years
from teixit.diagnosis.services import indicator_snapshot_take
from teixit.entities.models import Entity

from .factories import entity, small_world

pytestmark = pytest.mark.django_db


def _probes(queries) -> int:
    return sum('"entities_entity"' in q["sql"] for q in queries.captured_queries)


def _mapped_members_uncached() -> set[str]:
    """The rule written plainly: active members whose municipality has a
    published entity."""
    from teixit.network.models import Member

    return {
        m.name
        for m in Member.objects.active()
        if m.municipality_id
        and Entity.objects.filter(
            municipality_id=m.municipality_id, status=Entity.Status.PUBLISHED
        ).exists()
    }


# Committed writes: on PostgreSQL the register's stamp changes at the commit,
# and a transaction that wrote does not use kept results.
@pytest.mark.django_db(transaction=True)
def test_coverage_reads_the_register_once_per_stamp_and_follows_every_write():
    world = small_world()  # A has published entities, C none
    years = [2024, 2025]

    def mapped() -> int:
        return mapping_coverage_years(years)[0]["mapped"]

    with CaptureQueriesContext(connection) as first:
        assert mapped() == 1
    assert _probes(first) == 1
    with CaptureQueriesContext(connection) as second:
        assert mapped() == 1
    assert _probes(second) == 0  # kept for the stamp
    assert mapped() == len(_mapped_members_uncached())

    # Published in C: seen at once.
    in_c = entity(world["c"], name="Nova a Gamma")
    assert mapped() == 2 == len(_mapped_members_uncached())
    # Unpublished with update() (no signal, no save()): seen at once.
    Entity.objects.filter(pk=in_c.pk).update(status=Entity.Status.ARCHIVED)
    assert mapped() == 1 == len(_mapped_members_uncached())
    # A proposed entity does not count.
    entity(world["c"], name="Proposta", status=Entity.Status.PROPOSED)
    assert mapped() == 1
    # Every entity of A moved to B (not a member): A no longer mapped.
    Entity.objects.filter(municipality=world["a"]).update(municipality=world["b"])
    assert mapped() == 0 == len(_mapped_members_uncached())
    # A member that moves municipality is asked about its new one.
    Entity.objects.filter(pk=in_c.pk).update(status=Entity.Status.PUBLISHED)
    world["member_a"].municipality = world["b"]
    world["member_a"].save(update_fields=["municipality"])
    assert mapped() == 2 == len(_mapped_members_uncached())


def test_years_with_values_are_kept_per_data_version_and_follow_a_snapshot(
    client_for,
):
    from teixit.diagnosis.selectors import (
        indicator_default_years,
        indicator_years,
        snapshot_years,
    )

    small_world()
    indicator_snapshot_take(year=2019)
    assert snapshot_years() == [2019]
    assert indicator_years("entities_per_10k") == [2019]
    with CaptureQueriesContext(connection) as kept:
        assert snapshot_years() == [2019]
        indicator_years("entities_per_10k").append(2030)  # a copy each time
        assert indicator_years("entities_per_10k") == [2019]
    # Only the data version's row is read.
    assert len(kept.captured_queries) == 3
    assert not any(
        '"diagnosis_indicatorvalue"' in q["sql"] for q in kept.captured_queries
    )
    assert indicator_default_years(["entities_per_10k"]) == {"entities_per_10k": 2019}

    indicator_snapshot_take(year=2020)
    assert snapshot_years() == [2019, 2020]
    assert indicator_years("entities_per_10k") == [2019, 2020]
    assert indicator_default_years(["entities_per_10k"]) == {"entities_per_10k": 2020}
    page = client_for().get("/diagnosis/network/?indicator=entities_per_10k")
    assert page.context["years"][:2] == [2019, 2020]
    assert page.context["year"] == 2020


def test_index_has_a_municipality_field_instead_of_a_select(client_for):
    small_world()
    response = client_for().get("/diagnosis/")
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert '<select id="municipality-code"' not in content
    assert 'id="municipality-code"' in content
    assert 'data-autocomplete="/territories/municipalities/suggest/' in content


@pytest.mark.parametrize("typed", ["Alfa", "alfa", "990001"])
def test_index_goes_to_the_municipality_typed_by_name_or_code(client_for, typed):
    small_world()
    response = client_for().get("/diagnosis/municipalities/", {"code": typed})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/diagnosis/municipalities/990001/"


def test_index_says_when_no_municipality_has_the_name_typed(client_for):
    small_world()
    client = client_for()
    assert client.get("/diagnosis/municipalities/")["Location"] == "/diagnosis/"
    response = client.get("/en/diagnosis/municipalities/", {"code": "Enlloc"})
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "No municipality is called “Enlloc”" in content
    assert 'value="Enlloc"' in content
    assert response.context["coverage"]  # the index itself, with the error


def test_network_ranking_and_map_are_kept_and_follow_members_and_snapshots(
    client_for,
):
    from django.utils import translation

    from teixit.diagnosis.charts import fmt
    from teixit.network.tests.factories import MemberFactory

    world = small_world()
    world["a"].boundary = {
        "type": "Polygon",
        "coordinates": [[[1, 41], [1.1, 41], [1.1, 41.1], [1, 41]]],
    }
    world["a"].save(update_fields=["boundary"])
    indicator_snapshot_take(year=2020)
    client = client_for()
    url = "/diagnosis/network/?indicator=entities_per_10k&year=2020"

    def ranking(response) -> dict:
        assert response.status_code == HTTPStatus.OK
        return {
            row["territory_name"]: row["value"]
            for row in response.context["ranking"]["rows"]
        }

    first = ranking(client.get(url))
    assert set(first) == {"Alfa", "Gamma"}  # the members' municipalities
    with CaptureQueriesContext(connection) as kept:
        page = client.get(url)
    assert ranking(page) == first
    assert not any(
        '"diagnosis_indicatorvalue"' in q["sql"] for q in kept.captured_queries
    )
    with translation.override("ca"):
        assert f"Alfa: {fmt(first['Alfa'], 2)}</title>" in page.content.decode()

    # A new member is ranked at once.
    MemberFactory(municipality=world["b"], name="Ajuntament de Beta")
    assert set(ranking(client.get(url))) == {"Alfa", "Beta", "Gamma"}
    # A new snapshot's values are shown at once, in the table and on the map.
    for i in range(20):
        entity(world["a"], name=f"Nova {i}")
    indicator_snapshot_take(year=2020)
    page = client.get(url)
    after = ranking(page)
    assert after["Alfa"] != first["Alfa"]
    with translation.override("ca"):
        assert f"Alfa: {fmt(after['Alfa'], 2)}</title>" in page.content.decode()
    # The map is kept per language: English numbers on the English page.
    english = client.get("/en" + url).content.decode()
    with translation.override("en"):
        assert f"Alfa: {fmt(after['Alfa'], 2)}</title>" in english


def test_index_member_select_lists_the_members_each_person_manages(
    client_for, secretariat_user
):
    world = small_world()
    content = client_for(secretariat_user).get("/diagnosis/").content.decode()
    select = content.split('<select name="member" id="start-member">')[1]
    select = select.split("</select>")[0]
    assert select == (
        f'<option value="{world["member_a"].pk}">Ajuntament d&#x27;Alfa</option>'
        f'<option value="{world["member_c"].pk}">Ajuntament de Gamma</option>'
    )
    anonymous = client_for().get("/diagnosis/").content.decode()
    assert 'id="start-member"' not in anonymous


def test_values_admin_list_filters_are_kept_per_data_version(
    client_for, secretariat_user
):
    """The back office's list of values offers the indicators and years with
    values without a `SELECT DISTINCT` over the whole table on every page, and
    still filters by them; a new snapshot's year is offered at once."""
    small_world()
    indicator_snapshot_take(year=2019)
    client = client_for(secretariat_user)
    url = "/admin/diagnosis/indicatorvalue/"
    assert client.get(url).status_code == HTTPStatus.OK
    with CaptureQueriesContext(connection) as kept:
        page = client.get(url)
    assert not any(
        "DISTINCT" in q["sql"] and '"diagnosis_indicatorvalue"' in q["sql"]
        for q in kept.captured_queries
    )
    content = page.content.decode()
    assert 'href="?year=2019"' in content
    assert 'href="?year=2020"' not in content
    assert 'href="?indicator=entities_per_10k"' in content

    filtered = client.get(url, {"indicator": "entities_per_10k", "year": "2019"})
    rows = filtered.context["cl"].result_list
    assert rows and {(v.indicator, v.year) for v in rows} == {
        ("entities_per_10k", 2019)
    }

    indicator_snapshot_take(year=2020)
    page = client.get(url)
    assert 'href="?year=2020"' in page.content.decode()
