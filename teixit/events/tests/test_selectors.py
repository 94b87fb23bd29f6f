"""The event as its page reads it (`selectors.event_get`, SQL compiled once)
against the ORM's own `prefetch_related`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teixit.accounts.tests.factories import UserFactory
from teixit.events import selectors
from teixit.events.models import AgendaItem, Event, EventDocument, Registration

from .factories import EventFactory, RegistrationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _as_the_orm_reads_it(pk):
    return (
        Event.objects.select_related(
            "municipality", "organiser_member", "organiser_institution", "created_by"
        )
        .prefetch_related("themes", "agenda", "documents", "representatives")
        .get(pk=pk)
    )


def _related(event):
    return {
        name: [obj.pk for obj in getattr(event, name).all()]
        for name in ("themes", "agenda", "documents", "representatives")
    }


def test_event_get_reads_what_prefetch_related_reads_in_the_same_order():
    themes = [ThemeFactory(code=code) for code in ("zeta", "alfa", "mitja")]
    event = EventFactory(themes=themes)
    other = EventFactory(themes=themes[:1])
    for order, title in ((2, "Cloenda"), (0, "Benvinguda"), (1, "Ponència")):
        AgendaItem.objects.create(event=event, order=order, title=title)
    AgendaItem.objects.create(event=other, order=0, title="Una altra")
    for kind in reversed(EventDocument.Kind.values):
        EventDocument.objects.create(
            event=event, kind=kind, file=f"events/documents/{kind}.pdf"
        )
    people = [UserFactory(email=f"{name}@example.org") for name in "cab"]
    event.representatives.set(people)
    other.representatives.set(people[:1])

    for _ in range(2):  # compiled the first time, reused the second
        read = selectors.event_get(pk=event.pk)
        assert read == event
        assert _related(read) == _related(_as_the_orm_reads_it(event.pk))
        assert [a.title for a in read.agenda.all()] == [
            "Benvinguda",
            "Ponència",
            "Cloenda",
        ]
        assert read.municipality_id == event.municipality_id
    # Each relation answers from what was read, as a prefetch's would.
    with CaptureQueriesContext(connection) as queries:
        _related(read)
    assert len(queries) == 0
    # The other event gets its own, not the first one's.
    assert _related(selectors.event_get(pk=other.pk)) == _related(
        _as_the_orm_reads_it(other.pk)
    )
    bare = selectors.event_get(pk=other.pk, related=False)
    assert "_prefetched_objects_cache" not in bare.__dict__


def test_event_get_of_a_missing_event_raises_does_not_exist(client):
    with pytest.raises(Event.DoesNotExist):
        selectors.event_get(pk=987654)
    assert client.get("/events/987654/").status_code == 404


def test_registration_for_is_the_persons_own():
    event = EventFactory()
    mine = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event)
    RegistrationFactory(user=mine.user)
    assert selectors.registration_for(event=event, user=mine.user) == mine
    assert selectors.registration_for(event=event, user=UserFactory()) is None
