"""Recognitions: catalogue, permissions, the deadlines calendar, labels held
and the map's label filter."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from teixit.entities.tests.factories import EntityFactory
from teixit.recognitions import selectors, services
from teixit.recognitions.models import Recognition
from teixit.territories.tests.factories import MunicipalityFactory

from .factories import EntityLabelFactory, RecognitionFactory

pytestmark = pytest.mark.django_db


def test_public_catalogue_hides_drafts(client_for, secretariat_user):
    RecognitionFactory(name="Premi públic")
    RecognitionFactory(name="Ajut en preparació", published=False)
    response = client_for().get(reverse("recognitions:list"))
    assert "Premi públic" in response.text
    assert "Ajut en preparació" not in response.text
    response = client_for(secretariat_user).get(reverse("recognitions:list"))
    assert "Ajut en preparació" in response.text


def test_draft_detail_is_404_for_the_public(client_for, secretariat_user):
    draft = RecognitionFactory(published=False)
    assert (
        client_for().get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    )
    assert (
        client_for(secretariat_user).get(draft.get_absolute_url()).status_code
        == HTTPStatus.OK
    )


def test_filters_by_kind_audience_and_open_deadline(client_for):
    today = datetime.date.today()
    RecognitionFactory(name="Segell obert", kind="label", for_entities=True)
    RecognitionFactory(
        name="Premi municipal",
        kind="award",
        for_entities=False,
        for_municipalities=True,
    )
    RecognitionFactory(name="Ajut tancat", deadline=today - datetime.timedelta(days=1))
    names = {r.name for r in selectors.recognition_list(kind="label")}
    assert names == {"Segell obert"}
    names = {r.name for r in selectors.recognition_list(audience="municipalities")}
    assert names == {"Premi municipal"}
    names = {r.name for r in selectors.recognition_list(upcoming=True)}
    assert names == {"Segell obert", "Premi municipal"}


def test_deadlines_calendar_has_one_all_day_event_per_deadline(client_for):
    deadline = datetime.date(2027, 3, 15)
    recognition = RecognitionFactory(name="Premis ESS", deadline=deadline)
    RecognitionFactory(name="Sense termini", deadline=None)
    RecognitionFactory(name="Esborrany", published=False)
    response = client_for().get(reverse("recognitions:feed"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == deadline
    assert "Premis ESS" in str(event["summary"])
    assert str(event["uid"]).startswith(f"recognition-{recognition.pk}-deadline@")


def test_only_labels_are_held_by_entities():
    grant = RecognitionFactory(kind="grant")
    with pytest.raises(ValidationError):
        services.entity_label_grant(recognition=grant, entity=EntityFactory())


def test_label_grant_is_idempotent():
    label = RecognitionFactory(kind="label")
    entity = EntityFactory()
    services.entity_label_grant(recognition=label, entity=entity, year=2024)
    services.entity_label_grant(recognition=label, entity=entity, year=2025)
    assert [h.year for h in selectors.recognition_holders(label)] == [2025]


def test_label_page_lists_holders(client_for):
    held = EntityLabelFactory(entity=EntityFactory(name="Cooperativa Segellada"))
    response = client_for().get(held.recognition.get_absolute_url())
    assert "Cooperativa Segellada" in response.text
    assert f"?label={held.recognition.code}" in response.text


def test_map_filters_entities_holding_a_label(client_for):
    town = MunicipalityFactory(latitude=41.98, longitude=2.82)
    held = EntityLabelFactory(
        entity=EntityFactory(name="Amb segell", municipality=town)
    )
    EntityFactory(name="Sense segell", municipality=town)
    code = held.recognition.code
    api = (
        client_for()
        .get("/api/v1/map/", {"bbox": "2,41,3,42.5", "zoom": 14, "label": code})
        .json()
    )
    assert api["count"] == 1
    assert api["features"][0]["properties"]["name"] == "Amb segell"
    page = client_for().get(reverse("maps:map"), {"label": code})
    assert [e.name for e in page.context["entities"]] == ["Amb segell"]


def test_map_unknown_label_answers_400(client_for):
    response = client_for().get(
        "/api/v1/map/", {"bbox": "2,41,3,42.5", "zoom": 14, "label": "no-such-label"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_api_lists_and_details_recognitions(client_for):
    held = EntityLabelFactory(entity=EntityFactory(name="Amb segell"))
    RecognitionFactory(name="Esborrany", published=False)
    data = client_for().get("/api/v1/recognitions/").json()
    assert [r["code"] for r in data["items"]] == [held.recognition.code]
    detail = client_for().get(f"/api/v1/recognitions/{held.recognition.pk}/").json()
    assert detail["holders"][0]["name"] == "Amb segell"
    assert client_for().get("/api/v1/recognitions/", {"kind": "x"}).status_code == (
        HTTPStatus.BAD_REQUEST
    )


def test_indicator_source_counts_catalogued_recognitions():
    from teixit.workplans.sources import indicator_source_get

    RecognitionFactory()
    RecognitionFactory(published=False)
    year = datetime.date.today().year
    assert indicator_source_get("recognitions.catalogued").compute(year=year) == 1


def test_kinds_are_translated():
    assert str(Recognition.Kind.LABEL.label) in ("Label", "Segell")


def test_entity_page_shows_the_labels_it_holds(client_for):
    held = EntityLabelFactory(entity=EntityFactory(name="Amb segell"))
    RecognitionFactory(name="Segell que no té", kind="label")
    response = client_for().get(held.entity.get_absolute_url())
    assert held.recognition.name in response.text
    assert "Segell que no té" not in response.text


def test_the_catalogue_and_the_feed_read_no_theme_the_api_gives_them(client_for):
    """The catalogue's rows and the deadlines' feed show no theme: none is
    read; the API still lists each recognition's themes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.practices.tests.factories import ThemeFactory

    recognition = RecognitionFactory(
        name="Segell de qualitat", deadline=datetime.date.today()
    )
    recognition.themes.set([ThemeFactory(code="habitatge")])
    client = client_for()
    for url in (reverse("recognitions:list"), reverse("recognitions:feed")):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert "Segell de qualitat" in response.content.decode()
        read = [q["sql"] for q in ctx.captured_queries]
        assert not [sql for sql in read if "recognitions_recognition_themes" in sql]
    listed = client.get("/api/v1/recognitions/").json()
    rows = listed["items"] if isinstance(listed, dict) else listed
    assert [row["themes"] for row in rows] == [["habitatge"]]
