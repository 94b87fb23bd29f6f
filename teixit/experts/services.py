"""Writes of the expertise directory.

Rules owned here:
- a person appears only while they have an active consent (text and date
  stored); withdrawing it hides them at once;
- a consultation is a thread between two people; the expert is told by e-mail
  (in their language, after the commit, through a background task);
- a person can download all their data and delete it: the profile and its
  consents go; their messages stay in the other person's threads without
  their name.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import signals
from .models import (
    CONSENT_TEXT,
    Consultation,
    ConsultationMessage,
    ExpertConsent,
    ExpertProfile,
)

PROFILE_FIELDS = [
    "member",
    "headline",
    "bio",
    "languages",
    "takes_consultations",
    "contact_email",
    "contact_phone",
]


def consent_text(language: str | None = None) -> str:
    with translation.override(language or translation.get_language() or "ca"):
        return str(CONSENT_TEXT)


@transaction.atomic
def expert_profile_save(
    *, profile: ExpertProfile, areas=None, consent: bool, by
) -> ExpertProfile:
    """Create or update a person's profile. `consent` is the state of the
    consent checkbox: ticking it records a new consent (text and date),
    unticking it withdraws the active one."""
    if profile.user_id != by.pk and not by.has_perm(
        "experts.change_expertprofile", profile
    ):
        raise PermissionDenied(_("You can only edit your own profile."))
    profile.full_clean(exclude=["user"])
    creating = profile.pk is None
    if creating:
        profile.save()
    else:
        profile.save(update_fields=PROFILE_FIELDS + ["updated_at"])
    if areas is not None:
        profile.areas.set(areas)
    if consent and not profile.listed:
        expert_consent_give(profile=profile)
    elif not consent and profile.listed:
        expert_consent_withdraw(profile=profile)
    return profile


def expert_consent_give(
    *, profile: ExpertProfile, language: str | None = None
) -> ExpertConsent:
    language = (language or translation.get_language() or "ca")[:2]
    consent = ExpertConsent.objects.create(
        profile=profile,
        text=consent_text(language),
        language=language,
        given_at=timezone.now(),
    )
    profile.listed = True
    profile.save(update_fields=["listed", "updated_at"])
    return consent


def expert_consent_withdraw(*, profile: ExpertProfile) -> ExpertProfile:
    """Hide the person from the directory at once."""
    ExpertConsent.objects.filter(profile=profile, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    profile.listed = False
    profile.save(update_fields=["listed", "updated_at"])
    return profile


@transaction.atomic
def consultation_ask(
    *, expert_profile: ExpertProfile, requester, subject: str, body: str
) -> Consultation:
    if not rules.test_rule("experts.can_ask", requester, expert_profile):
        raise PermissionDenied(_("This person does not take consultations."))
    consultation = Consultation(
        expert=expert_profile.user, requester=requester, subject=subject.strip()
    )
    consultation.full_clean()
    if not body.strip():
        raise ValidationError({"body": _("Write your question.")}, code="empty")
    consultation.save()
    ConsultationMessage.objects.create(
        consultation=consultation, author=requester, body=body.strip()
    )
    _notify_on_commit(consultation.pk, expert_profile.user_id)
    signals.consultation_message_sent.send(
        Consultation, message=consultation.messages.get()
    )
    return consultation


@transaction.atomic
def consultation_reply(
    *, consultation: Consultation, author, body: str
) -> ConsultationMessage:
    if not consultation.is_party(author):
        raise PermissionDenied(
            _("Only the two people of a consultation can write in it.")
        )
    if not body.strip():
        raise ValidationError({"body": _("Write your message.")}, code="empty")
    if consultation.status == Consultation.Status.CLOSED:
        raise ValidationError(_("This consultation is closed."), code="closed")
    other = (
        consultation.requester_id
        if author.pk == consultation.expert_id
        else consultation.expert_id
    )
    if other is None:
        raise ValidationError(
            _("The other person has left: the consultation can no longer be answered."),
            code="left",
        )
    message = ConsultationMessage.objects.create(
        consultation=consultation, author=author, body=body.strip()
    )
    consultation.save(update_fields=["updated_at"])
    _notify_on_commit(consultation.pk, other)
    signals.consultation_message_sent.send(Consultation, message=message)
    return message


def consultation_close(*, consultation: Consultation, by) -> Consultation:
    if not consultation.is_party(by):
        raise PermissionDenied(_("Only the two people of a consultation can close it."))
    consultation.status = Consultation.Status.CLOSED
    consultation.save(update_fields=["status", "updated_at"])
    return consultation


def _notify_on_commit(consultation_id: int, recipient_id: int) -> None:
    from .tasks import consultation_notify

    transaction.on_commit(
        lambda: consultation_notify.enqueue(
            consultation_id=consultation_id, recipient_id=recipient_id
        )
    )


def consultation_notify_send(*, consultation: Consultation, recipient) -> None:
    """E-mail a person that a consultation has a new message, in their
    language. The message itself is not copied into the e-mail: it is read on
    the site."""
    with translation.override(recipient.language or "ca"):
        context = {"consultation": consultation, "recipient": recipient}
        if (
            recipient.pk == consultation.expert_id
            and consultation.messages.count() == 1
        ):
            subject = _("New consultation: %(subject)s") % {
                "subject": consultation.subject
            }
        else:
            subject = _("New message in the consultation: %(subject)s") % {
                "subject": consultation.subject
            }
        body = render_to_string("experts/email/consultation.txt", context)
    send_mail(subject, body, None, [recipient.email])


def expert_data_export(*, user) -> dict:
    """Everything the directory holds about a person (the download)."""
    profile = (
        ExpertProfile.objects.filter(user=user)
        .prefetch_related("areas", "consents")
        .first()
    )
    data: dict = {
        "person": {"name": user.name, "email": user.email},
        "profile": None,
        "consents": [],
    }
    if profile is not None:
        data["profile"] = {
            "member": str(profile.member) if profile.member else None,
            "headline": profile.headline,
            "experience": profile.bio,
            "areas": [{"code": c.code, "label": c.label} for c in profile.areas.all()],
            "languages": profile.languages,
            "takes_consultations": profile.takes_consultations,
            "contact_email": profile.contact_email,
            "contact_phone": profile.contact_phone,
            "listed": profile.listed,
            "created_at": profile.created_at.isoformat(),
        }
        data["consents"] = [
            {
                "text": c.text,
                "language": c.language,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in profile.consents.all()
        ]
    consultations = (
        Consultation.objects.filter(_party_q(user))
        .prefetch_related("messages__author")
        .order_by("created_at")
    )
    data["consultations"] = [
        {
            "subject": c.subject,
            "role": "expert" if c.expert_id == user.pk else "requester",
            "status": c.status,
            "created_at": c.created_at.isoformat(),
            "messages": [
                {
                    "from": "me" if m.author_id == user.pk else "other",
                    "sent_at": m.created_at.isoformat(),
                    "body": m.body,
                }
                for m in c.messages.all()
            ],
        }
        for c in consultations
    ]
    return data


def _party_q(user):
    from django.db.models import Q

    return Q(expert=user) | Q(requester=user)


@transaction.atomic
def expert_data_delete(*, user) -> dict:
    """Delete the person's profile and consents (and their change history) and
    anonymise their side of every consultation. Returns counts."""
    profile = ExpertProfile.objects.filter(user=user).first()
    counts = {"profile": 0, "messages_anonymised": 0, "consultations_left": 0}
    if profile is not None:
        profile_id = profile.pk
        profile.delete()
        ExpertProfile.history.filter(id=profile_id).delete()
        counts["profile"] = 1
    counts["messages_anonymised"] = ConsultationMessage.objects.filter(
        author=user
    ).update(author=None, author_removed=True)
    counts["consultations_left"] = Consultation.objects.filter(expert=user).update(
        expert=None
    ) + (Consultation.objects.filter(requester=user).update(requester=None))
    # A thread nobody is left in is removed.
    Consultation.objects.filter(expert__isnull=True, requester__isnull=True).delete()
    return counts
