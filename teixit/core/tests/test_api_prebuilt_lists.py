"""The lists the API writes from plain values or from the page's instances
without validating each item again (teixit.core.api.prebuilt_page): each item
is what the response schema gives for the same object, as before, in both
languages, and a list reads as many queries with more rows."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from teixit.core.api import json_bytes
from teixit.diagnosis.models import IndicatorValue
from teixit.events.models import Event
from teixit.events.schemas import EventOut
from teixit.events.tests.factories import EventFactory
from teixit.events.tests.factories import ThemeFactory as EventThemeFactory
from teixit.materials.models import Material
from teixit.materials.schemas import MaterialListOut
from teixit.materials.tests.factories import PublishedMaterialFactory
from teixit.network.models import Member
from teixit.network.tests.factories import InstitutionFactory, MemberFactory
from teixit.practices.models import Practice
from teixit.practices.schemas import PracticeListOut
from teixit.practices.tests.factories import PublishedPracticeFactory, ThemeFactory
from teixit.trainings.models import Training
from teixit.trainings.schemas import TrainingOut
from teixit.trainings.tests.factories import ThemeFactory as TrainingThemeFactory
from teixit.trainings.tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db


def _schema_items(schema, objects) -> list:
    """The items as django-ninja wrote them: the schema validated from each
    model instance, then written as JSON."""
    request = RequestFactory().get("/api/v1/")
    request.user = AnonymousUser()
    context = {"request": request, "response_status": 200}
    dumped = [
        schema.model_validate(obj, context=context).model_dump() for obj in objects
    ]
    return json.loads(json_bytes(dumped))


def _items(client, url: str, language: str) -> list:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json()["items"]


@pytest.mark.parametrize("language", ["ca", "es"])
def test_materials_list_items_are_what_the_schema_gives(client, language):
    themes = [ThemeFactory(label_es="", label_ca="Compra"), ThemeFactory()]
    author = MemberFactory()
    first = PublishedMaterialFactory(author_member=author, published_on="2026-01-02")
    first.themes.set(themes)
    PublishedMaterialFactory()
    PublishedMaterialFactory(visibility="members")  # not for the public
    items = _items(client, "/api/v1/materials/", language)
    with translation.override(language):
        expected = _schema_items(
            MaterialListOut,
            Material.objects.filter(visibility="public").order_by("-created_at", "-pk"),
        )
    assert items == expected
    assert [t["label"] for t in items[-1]["themes"]] == [
        themes[0].label_ca,
        themes[1].label_ca if language == "ca" else themes[1].label_es,
    ]


def test_materials_list_theme_filter_lists_each_material_once(client):
    theme = ThemeFactory(code="compra")
    # The same code in another scheme: a join on the code would repeat the material.
    other = ThemeFactory(code="compra", scheme__code="other")
    tagged = PublishedMaterialFactory()
    tagged.themes.set([theme, other])
    PublishedMaterialFactory()
    data = client.get("/api/v1/materials/?theme=compra").json()
    assert data["count"] == 1
    assert [item["id"] for item in data["items"]] == [tagged.pk]


def test_materials_and_practices_lists_read_as_many_queries_with_more_rows(client):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    theme = ThemeFactory()
    for factory in (PublishedMaterialFactory, PublishedPracticeFactory):
        factory().themes.set([theme])
    few = queries("/api/v1/materials/"), queries("/api/v1/practices/")
    for _ in range(6):
        for factory in (PublishedMaterialFactory, PublishedPracticeFactory):
            factory(
                **(
                    {"member": MemberFactory()}
                    if factory is PublishedPracticeFactory
                    else {}
                )
            ).themes.set([theme])
    assert (queries("/api/v1/materials/"), queries("/api/v1/practices/")) == few


@pytest.mark.parametrize("language", ["ca", "es"])
def test_practices_list_items_are_what_the_schema_gives(client, language):
    member = MemberFactory()
    with_member = PublishedPracticeFactory(member=member)
    with_member.themes.set([ThemeFactory(), ThemeFactory(label_ca="")])
    PublishedPracticeFactory(place="Vic", country="Catalunya")
    PublishedPracticeFactory(place="", country="")
    items = _items(client, "/api/v1/practices/", language)
    with translation.override(language):
        expected = _schema_items(
            PracticeListOut, Practice.objects.order_by("-published_at", "-pk")
        )
    assert items == expected


def test_trainings_list_items_are_what_the_schema_gives(client):
    institution = InstitutionFactory()
    TrainingFactory(sessions=[3, 1]).themes.set([TrainingThemeFactory()])
    TrainingFactory(member=None, institution=institution)
    TrainingFactory(
        member=None,
        organiser_name="Una cooperativa",
        online_url="https://meet.example.org/x",
    )
    items = _items(client, "/api/v1/trainings/", "ca")
    expected = _schema_items(
        TrainingOut, [Training.objects.get(pk=item["id"]) for item in items]
    )
    assert len(items) == 3
    assert items == expected
    assert all(item["online_url"] == "" for item in items)


def test_events_list_items_are_what_the_schema_gives(client):
    theme = EventThemeFactory()
    EventFactory(audience=Event.Audience.PUBLIC, themes=[theme])
    EventFactory(
        audience=Event.Audience.PUBLIC,
        address="",
        online_url="https://meet.example.org/y",
        starts_at=timezone.now() + timedelta(days=20),
    )
    items = _items(client, "/api/v1/events/", "ca")
    expected = _schema_items(
        EventOut, [Event.objects.get(pk=item["id"]) for item in items]
    )
    assert len(items) == 2
    assert items == expected


def test_members_list_items_are_what_the_schema_gives(client):
    from teixit.network.api import _member_out

    MemberFactory()
    MemberFactory()
    items = _items(client, "/api/v1/members/", "ca")
    expected = [_member_out(m) for m in Member.objects.active().order_by("name")]
    assert items == json.loads(json_bytes(expected))


def test_indicator_values_count_follows_a_new_snapshot(client):
    """The count is kept per data version: a write of values through the
    snapshot service bumps it (here the stamp, as the service does)."""
    from teixit.diagnosis.models import IndicatorValuesStamp

    def row(code, year):
        return IndicatorValue(
            indicator="entities_total",
            territory_type="municipality",
            territory_code=code,
            territory_name=code,
            year=year,
            value=3.0,
            computed_at=timezone.now(),
        )

    IndicatorValue.objects.bulk_create([row("080001", 2024), row("080002", 2024)])
    data = client.get("/api/v1/indicators/values/").json()
    assert data["count"] == 2
    assert [item["territory_code"] for item in data["items"]] == ["080001", "080002"]
    IndicatorValue.objects.bulk_create([row("080003", 2025)])
    stamp, _ = IndicatorValuesStamp.objects.get_or_create(pk=1)
    stamp.version += 1
    stamp.save()
    data = client.get("/api/v1/indicators/values/").json()
    assert data["count"] == 3
