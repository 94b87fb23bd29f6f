"""The events app's notification verbs (teixit/events/handlers.py): each
reaches exactly the right people, never someone who may not see the event.
The events come from the real services."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.events import services
from teixit.events.models import Event, Registration
from teixit.network.tests.factories import TechnicianFactory
from teixit.notifications.models import Follow, Notification
from teixit.notifications.services import follow

from .factories import EventFactory, RegistrationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def recipients(verb):
    return set(
        Notification.objects.filter(verb=verb).values_list("recipient_id", flat=True)
    )


def draft_of(member, **fields):
    start = timezone.now() + timedelta(days=5)
    return Event.objects.create(
        kind=Event.Kind.VISIT,
        title="Visita a una cooperativa",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        organiser_kind=Event.Organiser.MEMBER,
        organiser_member=member,
        status=Event.Status.DRAFT,
        **fields,
    )


def test_submitted_event_reaches_the_secretariat_at_once(
    member,
    other_member,
    technician_user,
    secretariat_user,
    registered_user,
    django_capture_on_commit_callbacks,
):
    other_technician = UserFactory()
    TechnicianFactory(user=other_technician, member=other_member)
    event = draft_of(member)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_submit(event=event, by=technician_user)
    assert recipients("events.submitted") == {secretariat_user.pk}
    # Waiting for the secretariat's action: e-mailed immediately.
    assert [m.to for m in mail.outbox] == [[secretariat_user.email]]
    # The technician who sent it follows it from now on.
    assert Follow.objects.filter(user=technician_user, target_id=event.pk).exists()


def test_published_event_reaches_theme_followers_who_may_see_it(
    member, technician_user, secretariat_user, registered_user
):
    theme = ThemeFactory()
    follow(user=registered_user, target=theme)
    follow(user=technician_user, target=theme)
    follow(user=secretariat_user, target=theme)
    members_only = draft_of(member, audience=Event.Audience.MEMBERS)
    members_only.themes.set([theme])
    services.event_publish(event=members_only, by=secretariat_user)
    # A person outside the network never hears of a members-only event; the
    # actor is never told of their own action.
    assert recipients("events.published") == {technician_user.pk}

    Notification.objects.all().delete()
    public = draft_of(member, audience=Event.Audience.PUBLIC)
    public.themes.set([theme])
    services.event_publish(event=public, by=secretariat_user)
    assert recipients("events.published") == {technician_user.pk, registered_user.pk}


def test_changed_event_reaches_people_registered_or_waiting_and_followers(
    secretariat_user, registered_user
):
    event = EventFactory(capacity=1, audience=Event.Audience.PUBLIC)
    registered = RegistrationFactory(event=event).user
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED
    ).user
    gone = RegistrationFactory(event=event, status=Registration.Status.CANCELLED).user
    elsewhere = RegistrationFactory().user
    follow(user=registered_user, target=event)
    event.title = "Trobada de la xarxa (nou lloc)"
    services.event_save(event=event, by=secretariat_user)
    assert recipients("events.changed") == {
        registered.pk,
        waiting.pk,
        registered_user.pk,
    }
    assert gone.pk not in recipients("events.changed")
    assert elsewhere.pk not in recipients("events.changed")


def test_changed_members_only_event_skips_followers_outside_the_network(
    secretariat_user, registered_user, technician_user
):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    follow(user=registered_user, target=event)
    follow(user=technician_user, target=event)
    event.description = "Canvi d'horari"
    services.event_save(event=event, by=secretariat_user)
    assert recipients("events.changed") == {technician_user.pk}


def test_draft_changes_tell_nobody(member, technician_user, secretariat_user):
    event = draft_of(member)
    follow(user=secretariat_user, target=event)
    event.title = "Una altra visita"
    services.event_save(event=event, by=technician_user)
    assert not Notification.objects.exists()


def test_cancelled_event_is_shown_but_e_mailed_once(
    secretariat_user, registered_user, django_capture_on_commit_callbacks
):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    registered = RegistrationFactory(event=event).user
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED
    ).user
    follow(user=registered_user, target=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, by=secretariat_user)
    assert recipients("events.cancelled") == {
        registered.pk,
        waiting.pk,
        registered_user.pk,
    }
    # The events app e-mails the people registered; notifications does not
    # e-mail them a second time.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [registered.email, waiting.email]
    )


def test_promoted_person_is_told_once_on_the_site_and_once_by_e_mail(
    registered_user, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, audience=Event.Audience.PUBLIC)
    first, second = UserFactory(), UserFactory()
    follow(user=registered_user, target=event)
    one = services.event_register(event=event, user=first, consent=True)
    services.event_register(event=event, user=second, consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=one, by=first)
    assert recipients("events.promoted") == {second.pk}
    assert [m.to for m in mail.outbox] == [[second.email]]


def test_event_page_has_a_follow_button(client_for, registered_user):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    assert (
        "follow-form" not in client_for().get(event.get_absolute_url()).content.decode()
    )
    client = client_for(registered_user)
    assert "follow-form" in client.get(event.get_absolute_url()).content.decode()
    type_id = ContentType.objects.get_for_model(Event).pk
    client.post(f"/notifications/follow/{type_id}/{event.pk}/", {"action": "follow"})
    assert Follow.objects.filter(user=registered_user, target_id=event.pk).exists()


def test_nobody_follows_a_draft_they_may_not_see(client_for, registered_user, member):
    event = draft_of(member)
    type_id = ContentType.objects.get_for_model(Event).pk
    client_for(registered_user).post(
        f"/notifications/follow/{type_id}/{event.pk}/", {"action": "follow"}
    )
    assert not Follow.objects.exists()
