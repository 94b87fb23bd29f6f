import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from teixit.entities import services
from teixit.entities.models import Entity
from teixit.entities.names import names_are_similar, normalise_name
from teixit.entities.selectors import (
    EntityFilters,
    entity_list_public,
    entity_list_unverified,
)

from .factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_normalised_names_ignore_case_accents_and_legal_forms():
    assert normalise_name("Cooperativa L'Esparver, SCCL") == "esparver"
    assert names_are_similar(
        normalise_name("La Fàbrica del Sol"), normalise_name("Fabrica del Sol SL")
    )
    assert not names_are_similar(
        normalise_name("Coop Sol"), normalise_name("Horts de Lluna")
    )


def test_create_without_coordinates_is_approximate_and_verified(
    places, technician_user, member
):
    member.municipality = places["bcn"]
    member.save()
    entity = services.entity_create(
        actor=technician_user, name="Coop", municipality=places["bcn"]
    )
    assert entity.location_approximate
    assert entity.point == (2.17, 41.39)
    assert entity.last_verified_on == timezone.localdate()


def test_technician_cannot_create_or_move_entity_to_another_municipality(
    places, technician_user, member
):
    member.municipality = places["bcn"]
    member.save()
    with pytest.raises(PermissionDenied):
        services.entity_create(
            actor=technician_user, name="X", municipality=places["torello"]
        )
    entity = services.entity_create(
        actor=technician_user, name="Y", municipality=places["bcn"]
    )
    with pytest.raises(PermissionDenied):
        services.entity_update(
            entity=entity, actor=technician_user, municipality=places["torello"]
        )


def test_invalid_tax_id_and_workers_are_refused(places):
    with pytest.raises(ValidationError) as exc:
        services.entity_create(
            name="X",
            municipality=places["bcn"],
            tax_id="B12345675",
            workers_total=2,
            workers_women=3,
        )
    assert set(exc.value.message_dict) == {"tax_id", "workers_women"}


def test_proposal_waits_and_publish_marks_verified(places, secretariat_user):
    entity = services.entity_propose(
        name="Prop",
        municipality=places["bcn"],
        proposer_name="Anna",
        proposer_email="a@example.org",
    )
    assert entity.status == Entity.Status.PROPOSED
    assert not entity_list_public().filter(pk=entity.pk).exists()
    services.entity_publish(entity=entity, actor=secretariat_user)
    assert entity.status == Entity.Status.PUBLISHED and entity.last_verified_on
    with pytest.raises(ValidationError):
        services.entity_publish(entity=entity, actor=secretariat_user)
    services.entity_archive(entity=entity, actor=secretariat_user)
    assert entity.history.count() == 3


def test_duplicates_same_tax_id_or_similar_name_in_municipality(places):
    a = EntityFactory(
        name="L'Esparver SCCL", municipality=places["bcn"], tax_id="B12345674"
    )
    EntityFactory(name="Esparver", municipality=places["torello"])  # other municipality
    found = services.entity_find_duplicates(
        name="Cooperativa l'Esparver", municipality_id=places["bcn"].pk
    )
    assert [d.entity for d in found] == [a]
    by_tax = services.entity_find_duplicates(
        name="Other", municipality_id=places["torello"].pk, tax_id="b-12345674"
    )
    assert by_tax[0].entity == a and by_tax[0].reason == "tax_id"


def test_merge_keeps_both_histories_and_fills_fields(
    places, vocabulary, secretariat_user
):
    keep = services.entity_create(
        name="Esparver", municipality=places["bcn"], sectors=[vocabulary["food"]]
    )
    dup = services.entity_create(
        name="L'Esparver SCCL", municipality=places["bcn"], tax_id="B12345674", email="e@example.org",
        sectors=[vocabulary["housing"]], criteria=[vocabulary["democracy"]],
    )  # fmt: skip
    services.entity_merge(keep=keep, duplicate=dup, actor=secretariat_user)
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert keep.tax_id == "B12345674" and keep.email == "e@example.org"
    assert set(keep.sectors.values_list("code", flat=True)) == {"food", "housing"}
    assert list(keep.criteria.values_list("code", flat=True)) == ["democracy"]
    assert dup.status == Entity.Status.ARCHIVED and dup.merged_into == keep
    from teixit.entities.selectors import entity_history

    history_ids = {record.id for record in entity_history(keep)}
    assert history_ids == {keep.pk, dup.pk}
    with pytest.raises(ValidationError):
        services.entity_merge(keep=keep, duplicate=dup, actor=secretariat_user)


def test_public_filters(places, vocabulary):
    a = EntityFactory(
        name="Forn Solidari", municipality=places["bcn"], legal_form=vocabulary["coop"]
    )
    a.sectors.add(vocabulary["food"])
    a.criteria.add(vocabulary["democracy"], vocabulary["equity"])
    b = EntityFactory(name="Habitatge", municipality=places["torello"])
    b.sectors.add(vocabulary["housing"])
    b.criteria.add(vocabulary["democracy"])
    EntityFactory(
        name="Proposed", municipality=places["bcn"], status=Entity.Status.PROPOSED
    )

    def names(**query):
        return list(entity_list_public(query).values_list("name", flat=True))

    assert names() == ["Forn Solidari", "Habitatge"]
    assert names(sector="food") == ["Forn Solidari"]
    assert names(sector="food,housing") == ["Forn Solidari", "Habitatge"]
    assert names(criterion=["democracy", "equity"]) == ["Forn Solidari"]
    assert names(legal_form="cooperative") == ["Forn Solidari"]
    assert names(municipality="082852") == ["Habitatge"]
    assert names(comarca=places["torello"].comarca.code) == ["Habitatge"]
    assert names(q="solidari") == ["Forn Solidari"]
    filters = EntityFilters.from_query({"sector": ["food"], "q": "x"})
    assert EntityFilters.from_query(dict_from(filters.as_query())) == filters


def dict_from(pairs):
    out = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return {k: v if k != "q" else v[0] for k, v in out.items()}


def test_unverified_list_uses_setting(places, technician_user, member, settings):
    member.municipality = places["bcn"]
    member.save()
    old = EntityFactory(
        municipality=places["bcn"],
        last_verified_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    EntityFactory(municipality=places["bcn"], last_verified_on=timezone.localdate())
    EntityFactory(municipality=places["torello"], last_verified_on=None)  # not theirs
    assert list(entity_list_unverified(technician_user)) == [old]
    settings.TEIXIT_ENTITIES_UNVERIFIED_DAYS = 500
    assert list(entity_list_unverified(technician_user)) == []


def _plan_of(qs) -> str:
    """The database's plan of `qs`, sorts forbidden where the planner can be
    told (PostgreSQL would rather sort a few rows than read an index)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
    return qs.explain()


def test_unverified_list_walks_its_index_in_order_with_queries_that_do_not_grow(
    places, secretariat_user, client_for
):
    """`(status, last_verified_on, name)` gives the page its order: the
    database reads the first 50 rows of the index instead of sorting the
    stale part of the register on every request (crawl: 28–49× the bare
    view at 100,000 entities)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    today = timezone.localdate()
    for i in range(6):
        EntityFactory(
            name=f"Entitat {5 - i}",
            municipality=places["bcn"],
            last_verified_on=today - datetime.timedelta(days=400 + 10 * (i % 3)),
        )
    EntityFactory(name="Sense data", municipality=places["lh"], last_verified_on=None)
    EntityFactory(name="Recent", municipality=places["lh"], last_verified_on=today)
    qs = entity_list_unverified(secretariat_user)
    plan = _plan_of(qs[:50])
    if connection.vendor == "sqlite":
        assert "entities_en_status_111e5f_idx" in plan
        assert "TEMP B-TREE" not in plan.upper()
    else:
        assert "Sort" not in plan and "entities_en_status_111e5f_idx" in plan
    rows = [(e.last_verified_on, e.name) for e in qs]
    assert "Recent" not in [name for _on, name in rows]
    dated = [row for row in rows if row[0] is not None]
    assert dated == sorted(dated) and len(dated) == 6
    assert [name for on, name in rows if on is None] == ["Sense data"]

    client = client_for(secretariat_user)
    client.get(reverse("entities:unverified"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("entities:unverified")).status_code == 200
    for i in range(60):
        EntityFactory(
            municipality=places["torello"],
            last_verified_on=today - datetime.timedelta(days=366 + i),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("entities:unverified"))
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert len(page.context["entities"]) == 50


def test_after_an_import_a_technicians_unverified_list_reads_their_municipality(
    places, technician_user, member, secretariat_user
):
    """A technician's few stale entities among many elsewhere. Without the
    planner's statistics SQLite walked every stale entity of the register on
    `(status, last_verified_on, name)` to find them (crawl at 100,000
    entities: 25 → 33 ms CPU with that index, linear in the register). An
    import's bulk write refreshes the statistics (`entities_bulk_written` →
    `entity_statistics_refresh`): the list then reads the technician's
    municipality and sorts its rows; the secretariat's still walks the index
    in order. The rows are the same either way."""
    from django.db import connection

    from teixit.entities.signals import entities_bulk_written

    member.municipality = places["bcn"]
    member.save()
    stale = timezone.localdate() - datetime.timedelta(days=400)
    mine = [
        EntityFactory(
            name=f"Meva {i}",
            municipality=places["bcn"],
            last_verified_on=stale - datetime.timedelta(days=i % 2),
        )
        for i in range(3)
    ]
    from teixit.territories.tests.factories import MunicipalityFactory

    elsewhere = [places["torello"], places["lh"]] + [
        MunicipalityFactory(code=f"0899{i:02d}") for i in range(38)
    ]
    Entity.objects.bulk_create(
        Entity(
            name=f"Altra {i}",
            name_key=f"altra {i}",
            municipality=elsewhere[i % len(elsewhere)],
            status=Entity.Status.PUBLISHED,
            last_verified_on=None if i % 3 == 0 else stale,
        )
        for i in range(600)
    )
    expected = sorted(mine, key=lambda e: (e.last_verified_on, e.name))
    assert list(entity_list_unverified(technician_user)) == expected

    entities_bulk_written.send(sender=Entity, entity_ids=[e.pk for e in mine])

    technicians = entity_list_unverified(technician_user)
    secretariat = entity_list_unverified(secretariat_user)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'entities_entity'"
            )
            assert cursor.fetchone()[0] > 0
        plan = technicians[:50].explain()
        assert "municipality_id=?" in plan, plan
        assert "entities_en_status_111e5f_idx" not in plan, plan
        assert "entities_en_status_111e5f_idx" in secretariat[:50].explain()
    assert list(technicians) == expected
    assert len(secretariat) == 603
    # The rows' municipality and comarca come without their outlines.
    sql = str(technicians.query)
    assert '"territories_municipality"."boundary"' not in sql
    assert '"territories_comarca"."boundary"' not in sql
    assert technicians[0].municipality.comarca.name
