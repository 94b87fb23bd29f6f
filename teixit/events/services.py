"""Writes on events.

Rules owned here:
- an event ends after it starts, says who organises it, and a technician's
  event is organised by their own member and waits for the secretariat's
  review (draft → submitted → published); every change raises its calendar
  revision (`sequence`) so subscribed calendars update the same entry;
- invitations: candidates come from the event's themes (selectors); adding
  them never duplicates an address for an event, never adds an institution or
  address that asked not to be invited again; sending e-mails each invitation
  in its language once (re-sending is explicit and reuses the same row and
  link); the answer comes through the personal link, without an account;
- registration: open between its dates for published events; consent is
  required; the waiting list (race-safe seats, order, promotion with an
  e-mail) is the shared `teixit.core.waitlist`;
- attendance is taken for registered people only; a certificate is issued
  only to someone who came;
- minutes, documents and agreements are written after the event by the
  secretariat; an agreement may point at a plan action and a person or body;
- the platform's notifications (`handlers.py`): publishing, changing and
  cancelling a published event, a place given from the waiting list and a
  technician's event sent for review each tell the people concerned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teixit.core.services import model_update
from teixit.core.waitlist import (
    lock_row,
    waitlist_cancel,
    waitlist_join,
    waitlist_promote,
    waitlist_refuse_twice,
)
from teixit.network.roles import is_secretariat, member_ids_of

from . import handlers
from .models import (
    AgendaItem,
    Agreement,
    Event,
    EventDocument,
    Invitation,
    InvitationOptOut,
    Registration,
)


@dataclass
class AgendaData:
    title: str
    time: dt.time | None = None
    speaker: str = ""


EVENT_FIELDS = [
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "address",
    "municipality",
    "online_url",
    "organiser_kind",
    "organiser_member",
    "organiser_institution",
    "organiser_name",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "audience",
]


def _check(user, perm: str, obj=None, message: str = "") -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You do not have permission to do this."))


@transaction.atomic
def event_save(
    *,
    event: Event,
    by,
    themes=None,
    agenda: list[AgendaData] | None = None,
) -> Event:
    """Create or update an event (and its agenda, when given)."""
    creating = event.pk is None
    if creating:
        _check(by, "events.add_event")
        event.created_by = event.created_by or by
    else:
        _check(by, "events.change_event", Event.objects.get(pk=event.pk))
    if not is_secretariat(by):
        # A technician organises for their own member, and only the
        # secretariat publishes.
        if (
            event.organiser_kind != Event.Organiser.MEMBER
            or event.organiser_member_id not in member_ids_of(by)
        ):
            raise ValidationError(
                {"organiser_member": _("Your events are organised by your member.")},
                code="not_own_member",
            )
        if creating:
            event.status = Event.Status.DRAFT
    event.full_clean()
    if creating:
        event.save()
    else:
        event.sequence += 1
        event.save(update_fields=EVENT_FIELDS + ["sequence", "updated_at"])
    if themes is not None:
        event.themes.set(themes)
    if agenda is not None:
        event.agenda.all().delete()
        for order, item in enumerate(agenda, start=1):
            row = AgendaItem(
                event=event,
                title=item.title,
                time=item.time,
                speaker=item.speaker,
                order=order,
            )
            row.full_clean()
            row.save()
    # Saved again once themes and agenda are in place, so that listeners (the
    # search index) see them.
    event.save(update_fields=["updated_at"])
    if not creating and event.status == Event.Status.PUBLISHED:
        handlers.tell(
            "events.changed", by, event, handlers.registered_or_waiting(event)
        )
        # More places may have been offered: the waiting list moves up.
        _promote(lock_row(event))
    return event


def _set_status(event: Event, status: str) -> Event:
    event.status = status
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    return event


def event_submit(*, event: Event, by) -> Event:
    """A technician sends a draft to the secretariat's review."""
    _check(by, "events.change_event", event)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be sent for review."), code="not_draft"
        )
    with transaction.atomic():
        _set_status(event, Event.Status.SUBMITTED)
        handlers.tell("events.submitted", by, event, handlers.secretariat())
    return event


def event_publish(*, event: Event, by) -> Event:
    _check(
        by, "events.publish_event", event, _("Only the secretariat publishes events.")
    )
    if event.status not in (Event.Status.DRAFT, Event.Status.SUBMITTED):
        raise ValidationError(
            _("Only a draft or an event awaiting review can be published."),
            code="not_draft",
        )
    with transaction.atomic():
        _set_status(event, Event.Status.PUBLISHED)
        handlers.tell("events.published", by, event)
    return event


def event_cancel(*, event: Event, by) -> Event:
    _check(by, "events.publish_event", event, _("Only the secretariat cancels events."))
    if event.status in (Event.Status.CANCELLED, Event.Status.HELD):
        raise ValidationError(
            _("A cancelled or held event cannot be cancelled."), code="not_cancellable"
        )
    was_published = event.status == Event.Status.PUBLISHED
    with transaction.atomic():
        _set_status(event, Event.Status.CANCELLED)
        if was_published:
            handlers.tell(
                "events.cancelled", by, event, handlers.registered_or_waiting(event)
            )
    if was_published:
        from .tasks import event_cancelled_notify

        transaction.on_commit(lambda: event_cancelled_notify.enqueue(event_id=event.pk))
    return event


def event_mark_held(*, event: Event, by) -> Event:
    """Record that the event took place (it then counts for the plan)."""
    _check(by, "events.publish_event", event)
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published event can be marked as held."), code="not_published"
        )
    if event.starts_at > timezone.now():
        raise ValidationError(_("The event has not started yet."), code="not_started")
    return _set_status(event, Event.Status.HELD)


def _mail(*, to: str, language: str, template: str, context: dict, subject) -> None:
    """E-mail in the recipient's language: `subject` is a function giving the
    subject, called in that language."""
    with translation.override(language or "ca"):
        text = subject()
        body = render_to_string(template, context)
    send_mail(text, body, None, [to])


def event_cancelled_send(*, event: Event) -> int:
    """Tell the people registered or waiting that the event is cancelled."""
    sent = 0
    for registration in Registration.objects.filter(
        event=event,
        status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
    ).select_related("user"):
        user = registration.user
        if not user.email:
            continue
        _mail(
            to=user.email,
            language=user.language,
            template="events/email/cancelled.txt",
            context={"event": event, "user": user},
            subject=lambda: _("Event cancelled: %(title)s") % {"title": event.title},
        )
        sent += 1
    return sent


# Documents, minutes and representation ----------------------------------------


def event_document_add(
    *, event: Event, kind: str, file, title: str = "", by
) -> EventDocument:
    _check(by, "events.write_minutes", event)
    document = EventDocument(
        event=event, kind=kind, title=title, file=file, uploaded_by=by
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def event_minutes_save(*, event: Event, minutes: str, files=(), by) -> Event:
    """Write the minutes (Markdown) and attach their files."""
    _check(by, "events.write_minutes", event, _("Only the secretariat writes minutes."))
    if event.status in (Event.Status.DRAFT, Event.Status.SUBMITTED):
        raise ValidationError(
            _("Minutes are written for published or held events."), code="not_listed"
        )
    event.minutes = minutes
    event.save(update_fields=["minutes", "updated_at"])
    for file in files:
        event_document_add(
            event=event, kind=EventDocument.Kind.MINUTES, file=file, by=by
        )
    return event


def event_representation_save(
    *,
    event: Event,
    representatives,
    presented: str,
    contacts_made: str,
    follow_up: str,
    by,
) -> Event:
    """Log who went to an external event, what was presented, contacts made
    and follow-up."""
    _check(by, "events.write_minutes", event)
    event.presented, event.contacts_made, event.follow_up = (
        presented,
        contacts_made,
        follow_up,
    )
    event.save(update_fields=["presented", "contacts_made", "follow_up", "updated_at"])
    event.representatives.set(representatives)
    return event


def agreement_create(
    *,
    event: Event,
    text: str,
    by,
    action=None,
    responsible_user=None,
    responsible_body=None,
    due_on: dt.date | None = None,
) -> Agreement:
    _check(
        by, "events.write_minutes", event, _("Only the secretariat records agreements.")
    )
    if not text.strip():
        raise ValidationError({"text": _("Write the agreement.")}, code="empty")
    agreement = Agreement(
        event=event,
        text=text.strip(),
        action=action,
        responsible_user=responsible_user,
        responsible_body=responsible_body,
        due_on=due_on,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


def agreement_set_done(*, agreement: Agreement, done: bool, by) -> Agreement:
    """Close (or reopen) an agreement: the secretariat or the person
    responsible."""
    from teixit.network.roles import body_ids_of

    allowed = (
        is_secretariat(by)
        or agreement.responsible_user_id == by.pk
        or (
            agreement.responsible_body_id
            and agreement.responsible_body_id in body_ids_of(by)
        )
    )
    if not allowed:
        raise PermissionDenied(_("You are not responsible for this agreement."))
    agreement.status = Agreement.Status.DONE if done else Agreement.Status.OPEN
    agreement.done_at = timezone.now() if done else None
    agreement.save(update_fields=["status", "done_at", "updated_at"])
    return agreement


# Invitations ------------------------------------------------------------------


@transaction.atomic
def invitations_add(*, event: Event, keys: list[str], by) -> list[Invitation]:
    """Add the chosen candidates (keys from `selectors.invitation_candidates`)
    to the event's invitations. Addresses already invited and those who asked
    not to be invited are skipped; returns the invitations created."""
    from .selectors import invitation_candidates

    _check(
        by, "events.invite_event", event, _("Only the secretariat sends invitations.")
    )
    by_key = {c.key: c for c in invitation_candidates(event=event)}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise ValidationError(
            _("Some of the chosen recipients cannot be invited to this event."),
            code="unknown_candidate",
        )
    lock_row(event)
    invited = {e.lower() for e in event.invitations.values_list("email", flat=True)}
    created = []
    for key in keys:
        candidate = by_key[key]
        if candidate.email.lower() in invited:
            continue
        invited.add(candidate.email.lower())
        invitation = Invitation(
            event=event,
            institution_id=candidate.institution_id,
            member_id=candidate.member_id,
            name=candidate.name,
            email=candidate.email,
            language=candidate.language,
        )
        invitation.full_clean()
        invitation.save()
        created.append(invitation)
    return created


def invitations_send(
    *, event: Event, by, base_url: str, resend_ids: list[int] | None = None
) -> int:
    """E-mail the invitations not sent yet (or, with `resend_ids`, those again);
    each in its language with its personal link. Returns how many are sent."""
    _check(
        by, "events.invite_event", event, _("Only the secretariat sends invitations.")
    )
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(
            _("Invitations are sent for published events."), code="not_published"
        )
    opted_out = set(
        InvitationOptOut.objects.exclude(institution=None).values_list(
            "institution_id", flat=True
        )
    )
    rows = event.invitations.all()
    rows = rows.filter(pk__in=resend_ids) if resend_ids else rows.filter(sent_at=None)
    from .tasks import invitation_send_task

    ids = [i.pk for i in rows if i.institution_id not in opted_out]
    for pk in ids:
        transaction.on_commit(
            lambda pk=pk: invitation_send_task.enqueue(
                invitation_id=pk, base_url=base_url
            )
        )
    return len(ids)


def invitation_send(*, invitation: Invitation, base_url: str) -> Invitation:
    event = invitation.event
    _mail(
        to=invitation.email,
        language=invitation.language,
        template="events/email/invitation.txt",
        context={
            "event": event,
            "invitation": invitation,
            "link": base_url + invitation.get_absolute_url(),
            "event_url": base_url + event.get_absolute_url(),
        },
        subject=lambda: _("Invitation: %(title)s") % {"title": event.title},
    )
    invitation.sent_at = timezone.now()
    invitation.send_count += 1
    invitation.save(update_fields=["sent_at", "send_count", "updated_at"])
    return invitation


def invitation_answer(
    *, invitation: Invitation, answer: str, attendees: str = "", opt_out: bool = False
) -> Invitation:
    """The invitee's answer through their personal link (no account)."""
    if answer not in (Invitation.Answer.YES, Invitation.Answer.NO):
        raise ValidationError(
            {"answer": _("Say whether you will attend.")}, code="answer"
        )
    if invitation.event.status in (Event.Status.CANCELLED, Event.Status.HELD):
        raise ValidationError(_("This event can no longer be answered."), code="closed")
    if answer == Invitation.Answer.YES and not attendees.strip():
        raise ValidationError(
            {"attendees": _("Say who will attend.")}, code="no_attendees"
        )
    invitation.answer = answer
    invitation.attendees = attendees.strip() if answer == Invitation.Answer.YES else ""
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "attendees", "answered_at", "updated_at"])
    if opt_out:
        invitation_opt_out(invitation=invitation)
    return invitation


def invitation_opt_out(*, invitation: Invitation) -> InvitationOptOut:
    """The invitee asks not to be invited again: their institution, or their
    address when they are not an institution."""
    if invitation.institution_id:
        row, _created = InvitationOptOut.objects.get_or_create(
            institution_id=invitation.institution_id
        )
    else:
        row = InvitationOptOut.objects.filter(email__iexact=invitation.email).first()
        if row is None:
            row = InvitationOptOut.objects.create(email=invitation.email)
    return row


def invitation_mark_attended(*, invitation: Invitation, came: bool, by) -> Invitation:
    _check(by, "events.invite_event", invitation.event)
    invitation.attended = came
    invitation.save(update_fields=["attended", "updated_at"])
    return invitation


# Registration and attendance --------------------------------------------------


def event_register(
    *,
    event: Event,
    user,
    name: str = "",
    member=None,
    needs: str = "",
    consent: bool = False,
) -> Registration:
    """Register a person, or put them on the waiting list when it is full.

    Raises ValidationError (codes: consent, not_open, already_registered,
    already_waitlisted, member) or PermissionDenied."""
    if not user.has_perm("events.register_event", event):
        raise PermissionDenied(_("This event is open to the network's members only."))
    if not consent:
        raise ValidationError(
            {"consent": _("Registration needs your consent to keep these data.")},
            code="consent",
        )
    if (
        member is not None
        and not is_secretariat(user)
        and member.pk not in member_ids_of(user)
    ):
        raise ValidationError(
            {"member": _("Choose a member you work for.")}, code="member"
        )
    with transaction.atomic():
        event = lock_row(event)
        if not event.registration_is_open():
            raise ValidationError(
                _("Registration is not open for this event."), code="not_open"
            )
        existing = Registration.objects.filter(event=event, user=user).first()
        waitlist_refuse_twice(
            existing,
            already_registered_message=_("You are already registered for this event."),
        )
        details = {
            "name": (name or user.get_full_name() or user.email).strip()[:250],
            "member": member,
            "needs": needs.strip(),
            "consent": True,
        }
        if existing is not None:
            model_update(instance=existing, fields=details, data=details, clean=False)
        return waitlist_join(
            entries=Registration.objects.filter(event=event),
            capacity=event.capacity,
            existing=existing,
            create=lambda **place: Registration.objects.create(
                event=event, user=user, **details, **place
            ),
        )


def registration_cancel(*, registration: Registration, by) -> Registration:
    """Cancel a registration (by the person or an organiser); a freed place
    goes to the first person waiting, who is told by e-mail."""
    if by.pk != registration.user_id and not by.has_perm(
        "events.manage_registrations", registration.event
    ):
        raise PermissionDenied(_("You cannot cancel this registration."))
    with transaction.atomic():
        event = lock_row(registration.event)
        return waitlist_cancel(
            entry=registration,
            capacity=event.capacity,
            on_promoted=_notify_promoted,
            already_cancelled_message=_("This registration is already cancelled."),
        )


def _promote(event: Event) -> list[Registration]:
    return waitlist_promote(
        entries=Registration.objects.filter(event=event),
        capacity=event.capacity,
        on_promoted=_notify_promoted,
    )


def _notify_promoted(registration_id: int) -> None:
    """Called by the waiting list after the commit: the person is told on the
    site (`events.promoted`, never e-mailed by notifications) and e-mailed by
    the worker (`registration_promoted_send`)."""
    from .tasks import registration_promoted_notify

    registration = (
        Registration.objects.select_related("event")
        .filter(pk=registration_id, status=Registration.Status.REGISTERED)
        .first()
    )
    if registration is not None:
        handlers.tell(
            "events.promoted", None, registration.event, [registration.user_id]
        )
    registration_promoted_notify.enqueue(registration_id=registration_id)


def registration_promoted_send(*, registration: Registration) -> None:
    event, user = registration.event, registration.user
    _mail(
        to=user.email,
        language=user.language,
        template="events/email/promoted.txt",
        context={"event": event, "user": user, "registration": registration},
        subject=lambda: (
            _("A place is free for you: %(title)s") % {"title": event.title}
        ),
    )


def attendance_record(*, event: Event, present_ids: set[int], by) -> int:
    """Record who came (registration ids); returns how many came."""
    _check(
        by,
        "events.manage_registrations",
        event,
        _("Only the organisers take attendance."),
    )
    registered = set(
        Registration.objects.filter(
            event=event, status=Registration.Status.REGISTERED
        ).values_list("pk", flat=True)
    )
    if set(present_ids) - registered:
        raise ValidationError(
            _("Attendance can only be taken for registered people."),
            code="not_registered",
        )
    now = timezone.now()
    with transaction.atomic():
        Registration.objects.filter(pk__in=registered & set(present_ids)).update(
            attended=True, attendance_recorded_at=now, updated_at=now
        )
        Registration.objects.filter(pk__in=registered - set(present_ids)).update(
            attended=False, attendance_recorded_at=now, updated_at=now
        )
    return len(set(present_ids))


def certificate_pdf(*, registration: Registration, by) -> bytes:
    """The attendance certificate, in the person's language; only for someone
    who came, asked by themselves or an organiser."""
    event = registration.event
    if by.pk != registration.user_id and not by.has_perm(
        "events.manage_registrations", event
    ):
        raise PermissionDenied(_("You cannot get this certificate."))
    if (
        not registration.attended
        or registration.status != Registration.Status.REGISTERED
    ):
        raise ValidationError(
            _("A certificate is issued only to people who came."), code="not_attended"
        )
    from weasyprint import HTML

    with translation.override(registration.user.language or "ca"):
        html = render_to_string(
            "events/certificate.html",
            {
                "event": event,
                "person": f"{registration.name} ({registration.member})"
                if registration.member_id
                else registration.name,
                "today": timezone.localdate(),
            },
        )
    return HTML(string=html).write_pdf()
