"""Rules of events: invitations by theme, registration with the shared
waiting list, attendance and certificates, agreements, the plan's indicator."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.events import selectors, services
from teixit.events.models import Event, Invitation, InvitationOptOut, Registration
from teixit.network.models import Member
from teixit.network.tests.factories import (
    InstitutionFactory,
    MemberFactory,
    TechnicianFactory,
)

from .factories import (
    AgreementFactory,
    EventFactory,
    RegistrationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


# Invitations by theme ------------------------------------------------------------


@pytest.fixture
def themed_event():
    housing, care = ThemeFactory(), ThemeFactory()
    event = EventFactory(themes=[housing])
    return event, housing, care


def test_candidates_are_institutions_sharing_a_theme_and_member_contacts(themed_event):
    event, housing, care = themed_event
    match = InstitutionFactory(email="habitatge@example.org")
    match.themes.set([housing, care])
    other = InstitutionFactory(email="cures@example.org")
    other.themes.set([care])
    InstitutionFactory(email="").themes.set([housing])  # no address: left out
    municipality = MemberFactory(kind=Member.Kind.MUNICIPALITY)
    contact = TechnicianFactory(member=municipality).user
    candidates = selectors.invitation_candidates(event=event)
    emails = {c.email for c in candidates}
    assert match.email in emails
    assert other.email not in emails
    assert contact.email in emails
    assert next(c for c in candidates if c.email == match.email).themes == (
        housing.label,
    )


def test_candidates_exclude_institutions_that_opted_out(themed_event):
    event, housing, _ = themed_event
    institution = InstitutionFactory(email="no@example.org")
    institution.themes.set([housing])
    InvitationOptOut.objects.create(institution=institution)
    assert selectors.invitation_candidates(event=event) == []


def test_invitations_add_never_duplicates(themed_event, secretariat_user):
    event, housing, _ = themed_event
    institution = InstitutionFactory(email="Coop@Example.org")
    institution.themes.set([housing])
    key = f"institution:{institution.pk}"
    first = services.invitations_add(event=event, keys=[key], by=secretariat_user)
    again = services.invitations_add(event=event, keys=[key], by=secretariat_user)
    assert len(first) == 1 and again == []
    assert event.invitations.count() == 1
    assert selectors.invitation_candidates(event=event)[0].invited


def test_invitations_add_is_for_the_secretariat(themed_event, technician_user):
    event, housing, _ = themed_event
    institution = InstitutionFactory(email="a@example.org")
    institution.themes.set([housing])
    with pytest.raises(PermissionDenied):
        services.invitations_add(
            event=event, keys=[f"institution:{institution.pk}"], by=technician_user
        )
    assert not Invitation.objects.exists()


def test_invitations_add_rejects_unknown_recipients(themed_event, secretariat_user):
    event, _, _ = themed_event
    with pytest.raises(ValidationError) as exc:
        services.invitations_add(
            event=event, keys=["institution:999999"], by=secretariat_user
        )
    assert exc.value.code == "unknown_candidate"


def test_invitations_send_in_the_recipients_language_once(
    themed_event, secretariat_user, django_capture_on_commit_callbacks
):
    event, housing, _ = themed_event
    institution = InstitutionFactory(email="x@example.org")
    institution.themes.set([housing])
    services.invitations_add(
        event=event, keys=[f"institution:{institution.pk}"], by=secretariat_user
    )
    event.invitations.update(language="es")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invitations_send(
            event=event, by=secretariat_user, base_url="http://testserver"
        )
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    invitation = event.invitations.get()
    assert message.subject.startswith("Invitación")
    assert f"http://testserver/events/invitation/{invitation.token}/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        again = services.invitations_send(
            event=event, by=secretariat_user, base_url="http://testserver"
        )
    assert again == 0 and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(
            event=event,
            by=secretariat_user,
            base_url="http://testserver",
            resend_ids=[invitation.pk],
        )
    invitation.refresh_from_db()
    assert len(mail.outbox) == 2 and invitation.send_count == 2
    assert Invitation.objects.count() == 1


def test_invitation_answer_records_who_attends_and_opt_out(themed_event):
    event, housing, _ = themed_event
    institution = InstitutionFactory(email="y@example.org")
    invitation = Invitation.objects.create(
        event=event, institution=institution, name="Y", email="y@example.org"
    )
    with pytest.raises(ValidationError):
        services.invitation_answer(invitation=invitation, answer="yes", attendees="")
    services.invitation_answer(
        invitation=invitation, answer="yes", attendees="Anna, tècnica", opt_out=True
    )
    invitation.refresh_from_db()
    assert invitation.answer == "yes" and invitation.attendees == "Anna, tècnica"
    assert InvitationOptOut.objects.filter(institution=institution).exists()


# Registration and the waiting list ---------------------------------------------


def test_register_requires_consent(registered_user):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    with pytest.raises(ValidationError) as exc:
        services.event_register(event=event, user=registered_user, consent=False)
    assert "consent" in exc.value.message_dict
    assert not Registration.objects.exists()


def test_register_fills_places_then_the_waiting_list_in_order():
    event = EventFactory(capacity=1, audience=Event.Audience.PUBLIC)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    one = services.event_register(event=event, user=first, consent=True)
    two = services.event_register(event=event, user=second, consent=True)
    three = services.event_register(event=event, user=third, consent=True)
    assert one.status == Registration.Status.REGISTERED
    assert (two.status, two.waitlist_position) == ("waitlisted", 1)
    assert three.waitlist_position == 2


def test_cancel_promotes_the_first_waiting_and_tells_them(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1, audience=Event.Audience.PUBLIC)
    first = UserFactory(language="ca")
    second = UserFactory(language="es")
    one = services.event_register(event=event, user=first, consent=True)
    services.event_register(event=event, user=second, consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=one, by=first)
    promoted = Registration.objects.get(user=second)
    assert promoted.status == "registered" and promoted.promoted_at
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [second.email]
    assert mail.outbox[0].subject.startswith("Hay una plaza libre")


def test_members_only_event_refuses_people_outside_the_network(
    registered_user, technician_user
):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    with pytest.raises(PermissionDenied):
        services.event_register(event=event, user=registered_user, consent=True)
    registration = services.event_register(
        event=event, user=technician_user, consent=True
    )
    assert registration.status == "registered"


def test_registration_closed_outside_its_dates(registered_user):
    event = EventFactory(
        audience=Event.Audience.PUBLIC,
        registration_closes_at=timezone.now() - timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as exc:
        services.event_register(event=event, user=registered_user, consent=True)
    assert exc.value.code == "not_open"


def test_registering_for_another_member_is_refused(technician_user, other_member):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    with pytest.raises(ValidationError):
        services.event_register(
            event=event, user=technician_user, member=other_member, consent=True
        )
    assert not Registration.objects.exists()


# Attendance and certificate ------------------------------------------------------


def test_attendance_only_for_registered_people(secretariat_user):
    event = EventFactory()
    came = RegistrationFactory(event=event)
    absent = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    with pytest.raises(ValidationError):
        services.attendance_record(
            event=event, present_ids={waiting.pk}, by=secretariat_user
        )
    count = services.attendance_record(
        event=event, present_ids={came.pk}, by=secretariat_user
    )
    came.refresh_from_db()
    absent.refresh_from_db()
    assert count == 1 and came.attended and not absent.attended


def test_attendance_by_a_technician_of_another_member_is_refused(technician_user):
    event = EventFactory(
        organiser_kind=Event.Organiser.MEMBER, organiser_member=MemberFactory()
    )
    with pytest.raises(PermissionDenied):
        services.attendance_record(event=event, present_ids=set(), by=technician_user)


def test_certificate_only_for_those_who_came():
    registration = RegistrationFactory()
    with pytest.raises(ValidationError):
        services.certificate_pdf(registration=registration, by=registration.user)
    registration.attended = True
    registration.save()
    pdf = services.certificate_pdf(registration=registration, by=registration.user)
    assert pdf.startswith(b"%PDF")
    with pytest.raises(PermissionDenied):
        services.certificate_pdf(registration=registration, by=UserFactory())


# Workflow, agreements and indicator ------------------------------------------------


def test_technician_event_is_a_draft_of_their_member_until_reviewed(
    technician_user, member, secretariat_user
):
    start = timezone.now() + timedelta(days=3)
    event = Event(
        kind=Event.Kind.VISIT,
        title="Visita a una cooperativa",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        organiser_kind=Event.Organiser.MEMBER,
        organiser_member=member,
        status=Event.Status.PUBLISHED,
    )
    event = services.event_save(event=event, by=technician_user)
    assert event.status == Event.Status.DRAFT
    services.event_submit(event=event, by=technician_user)
    with pytest.raises(PermissionDenied):
        services.event_publish(event=event, by=technician_user)
    services.event_publish(event=event, by=secretariat_user)
    assert event.status == Event.Status.PUBLISHED


def test_technician_cannot_organise_for_another_member(technician_user, other_member):
    start = timezone.now() + timedelta(days=3)
    event = Event(
        kind=Event.Kind.VISIT,
        title="Visita",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        organiser_kind=Event.Organiser.MEMBER,
        organiser_member=other_member,
    )
    with pytest.raises(ValidationError):
        services.event_save(event=event, by=technician_user)
    assert not Event.objects.exists()


def test_event_must_end_after_it_starts(secretariat_user):
    start = timezone.now()
    event = Event(kind="conference", title="X", starts_at=start, ends_at=start)
    with pytest.raises(ValidationError) as exc:
        services.event_save(event=event, by=secretariat_user)
    assert "ends_at" in exc.value.message_dict


def test_updates_raise_the_calendar_sequence(secretariat_user):
    event = EventFactory()
    event.title = "Nou títol"
    services.event_save(event=event, by=secretariat_user)
    services.event_cancel(event=event, by=secretariat_user)
    event.refresh_from_db()
    assert event.sequence == 2 and event.status == "cancelled"


def test_three_meetings_held_feed_the_indicator(secretariat_user):
    from teixit.workplans.sources import indicator_source_get

    source = indicator_source_get("events.network_meetings_held")
    assert source is not None
    year = timezone.now().year - 1
    for held, month in enumerate((2, 6, 10)):
        start = timezone.now().replace(year=year, month=month, day=10)
        event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2))
        # Published but not yet recorded as held: it does not count.
        assert source.compute(year=year) == held
        services.event_mark_held(event=event, by=secretariat_user)
    # Other kinds of event do not count.
    EventFactory(
        kind=Event.Kind.CONFERENCE,
        status="held",
        starts_at=timezone.now().replace(year=year, month=3, day=1),
        ends_at=timezone.now().replace(year=year, month=3, day=2),
    )
    assert source.compute(year=year) == 3
    assert source.compute(year=year + 1) == 0


def test_open_agreements_for_person_and_body(body_member_user, technical_commission):
    mine = AgreementFactory(responsible_user=body_member_user)
    of_body = AgreementFactory(responsible_body=technical_commission)
    AgreementFactory(responsible_user=UserFactory())
    AgreementFactory(responsible_user=body_member_user, status="done")
    assert set(selectors.open_agreements_for(body_member_user)) == {mine, of_body}


def test_only_the_responsible_closes_an_agreement(body_member_user):
    agreement = AgreementFactory(responsible_user=body_member_user)
    with pytest.raises(PermissionDenied):
        services.agreement_set_done(agreement=agreement, done=True, by=UserFactory())
    services.agreement_set_done(agreement=agreement, done=True, by=body_member_user)
    assert agreement.status == "done"
