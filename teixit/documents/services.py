"""Writes of the documents written together. Rules owned here:

- a document moves draft → consultation → deliberation → approved →
  published, and back to draft to be amended again; every move is dated
  (`StageChange`);
- amendments are proposed on the numbered paragraphs of the text put to
  consultation, only during consultation, with a reason;
- in deliberation the approving body accepts, rejects or merges each
  amendment with a reply; the text is the consultation text with every
  accepted or merged amendment applied;
- a version is approved only when every amendment of the round is answered;
  it is frozen with its number, body and date.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.notifications.services import notify

from .models import (
    Amendment,
    Comment,
    Document,
    StageChange,
    Version,
    join_paragraphs,
    split_paragraphs,
)


def _check(user, perm: str, document: Document) -> None:
    if user is not None and not user.has_perm(perm, document):
        raise PermissionDenied(_("You may not do this at this stage."))


def _body_people(document: Document):
    from teixit.network.models import BodyMembership

    bodies = [document.approving_body_id]
    if document.editing_body_id:
        bodies.append(document.editing_body_id)
    today = timezone.localdate()
    return [
        m.user
        for m in BodyMembership.objects.current(today)
        .filter(body_id__in=bodies)
        .select_related("user")
    ]


def _move(document: Document, stage: str, by) -> Document:
    document.stage = stage
    fields = ["stage", "updated_at"]
    if stage == Document.Stage.CONSULTATION:
        document.base_text = document.text
        fields.append("base_text")
    if stage == Document.Stage.PUBLISHED:
        document.published_at = timezone.now()
        fields.append("published_at")
    document.save(update_fields=fields)
    StageChange.objects.create(
        document=document,
        round=document.round
        if stage not in (Document.Stage.APPROVED, Document.Stage.PUBLISHED)
        else document.round - 1,
        stage=stage,
        at=timezone.now(),
        by=by,
    )
    notify(
        "documents.stage",
        by,
        document,
        _body_people(document),
    )
    return document


@transaction.atomic
def document_create(*, created_by, **fields) -> Document:
    """Create a draft (secretariat)."""
    document = Document(**fields)
    document.stage = Document.Stage.DRAFT
    document.full_clean()
    document.save()
    StageChange.objects.create(
        document=document,
        round=1,
        stage=document.stage,
        at=timezone.now(),
        by=created_by,
    )
    return document


@transaction.atomic
def document_update(
    *, document: Document, user, title: str, text: str, summary: str = ""
) -> Document:
    _check(user, "documents.change_document", document)
    document.title = title
    document.text = text
    document.summary = summary
    document.full_clean()
    document.save(update_fields=["title", "text", "summary", "updated_at"])
    return document


@transaction.atomic
def document_open_consultation(*, document: Document, user) -> Document:
    _check(user, "documents.open_consultation", document)
    if not split_paragraphs(document.text):
        raise ValidationError(
            _("Write the text before opening the consultation."), code="empty"
        )
    return _move(document, Document.Stage.CONSULTATION, user)


@transaction.atomic
def amendment_propose(
    *, document: Document, user, paragraph: int, kind: str, text: str, reason: str
) -> Amendment:
    """A member proposes to replace, add after or delete a paragraph."""
    _check(user, "documents.amend_document", document)
    errors = {}
    if not 1 <= paragraph <= len(document.base_paragraphs):
        errors["paragraph"] = _("Choose a paragraph of the text.")
    if kind in (Amendment.Kind.REPLACE, Amendment.Kind.ADD) and not text.strip():
        errors["text"] = _("Write the text you propose.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the amendment.")
    if errors:
        raise ValidationError(errors, code="invalid")
    amendment = Amendment(
        document=document,
        round=document.round,
        paragraph=paragraph,
        kind=kind,
        text=text.strip() if kind != Amendment.Kind.DELETE else "",
        reason=reason.strip(),
        author=user,
    )
    amendment.full_clean()
    amendment.save()
    notify("documents.amended", user, document, _body_people(document))
    return amendment


@transaction.atomic
def comment_add(*, document: Document, user, paragraph: int, body: str) -> Comment:
    _check(user, "documents.amend_document", document)
    if not 1 <= paragraph <= len(document.base_paragraphs) or not body.strip():
        raise ValidationError(
            _("Choose a paragraph and write the comment."), code="invalid"
        )
    return Comment.objects.create(
        document=document,
        round=document.round,
        paragraph=paragraph,
        body=body.strip(),
        author=user,
    )


@transaction.atomic
def document_close_consultation(*, document: Document, user) -> Document:
    _check(user, "documents.close_consultation", document)
    return _move(document, Document.Stage.DELIBERATION, user)


def text_with_amendments(document: Document) -> str:
    """The consultation text with the round's accepted and merged amendments
    applied (paragraph numbers always refer to the consultation text)."""
    paragraphs = [[p] for p in document.base_paragraphs]
    applied = document.amendments.filter(
        round=document.round,
        status__in=[Amendment.Status.ACCEPTED, Amendment.Status.MERGED],
    ).order_by("answered_at", "pk")
    for amendment in applied:
        slot = paragraphs[amendment.paragraph - 1]
        if amendment.kind == Amendment.Kind.REPLACE:
            slot[0] = amendment.applied_text
        elif amendment.kind == Amendment.Kind.DELETE:
            slot[0] = ""
        else:
            slot.append(amendment.applied_text)
    return join_paragraphs([p for slot in paragraphs for p in slot])


@transaction.atomic
def amendment_answer(
    *, amendment: Amendment, user, status: str, reply: str, merged_text: str = ""
) -> Amendment:
    """Accept, reject or merge an amendment with a reply; the text follows."""
    document = amendment.document
    _check(user, "documents.answer_amendment", document)
    errors = {}
    if status not in (
        Amendment.Status.ACCEPTED,
        Amendment.Status.REJECTED,
        Amendment.Status.MERGED,
    ):
        errors["status"] = _("Choose accept, reject or merge.")
    if not reply.strip():
        errors["reply"] = _("Write a reply for the author.")
    if (
        status == Amendment.Status.MERGED
        and not merged_text.strip()
        and amendment.kind != Amendment.Kind.DELETE
    ):
        errors["merged_text"] = _("Write the merged text.")
    if amendment.round != document.round:
        errors["status"] = _("This amendment belongs to an earlier version.")
    if errors:
        raise ValidationError(errors, code="invalid")
    amendment.status = status
    amendment.reply = reply.strip()
    amendment.merged_text = (
        merged_text.strip() if status == Amendment.Status.MERGED else ""
    )
    amendment.answered_by = user
    amendment.answered_at = timezone.now()
    amendment.save(
        update_fields=[
            "status",
            "reply",
            "merged_text",
            "answered_by",
            "answered_at",
            "updated_at",
        ]
    )
    document.text = text_with_amendments(document)
    document.save(update_fields=["text", "updated_at"])
    if amendment.author_id:
        notify("documents.answered", user, document, [amendment.author])
    return amendment


@transaction.atomic
def document_approve(
    *, document: Document, user, approved_on: datetime.date | None = None
) -> Version:
    """Freeze the text as the next numbered version, approved by the body."""
    _check(user, "documents.approve_document", document)
    if document.amendments.filter(
        round=document.round, status=Amendment.Status.PENDING
    ).exists():
        raise ValidationError(
            _("Answer every amendment before approving the version."), code="pending"
        )
    version = Version.objects.create(
        document=document,
        number=document.round,
        title=document.title,
        text=document.text,
        approved_by_body=document.approving_body,
        approved_on=approved_on or timezone.localdate(),
        recorded_by=user,
    )
    _move(document, Document.Stage.APPROVED, user)
    return version


@transaction.atomic
def document_publish(*, document: Document, user) -> Document:
    """Put the approved version on the public site."""
    _check(user, "documents.publish_document", document)
    document.is_public = True
    document.save(update_fields=["is_public", "updated_at"])
    return _move(document, Document.Stage.PUBLISHED, user)


@transaction.atomic
def document_reopen(*, document: Document, user) -> Document:
    """Start a new round from the last approved text (the public page keeps
    showing the last approved version)."""
    _check(user, "documents.reopen_document", document)
    return _move(document, Document.Stage.DRAFT, user)


@transaction.atomic
def document_import_version(
    *, document: Document, text: str, approved_on: datetime.date, user=None
) -> Version:
    """Record an already approved text as the next version (imports, demo)."""
    document.text = text
    document.save(update_fields=["text", "updated_at"])
    version = Version.objects.create(
        document=document,
        number=document.round,
        title=document.title,
        text=text,
        approved_by_body=document.approving_body,
        approved_on=approved_on,
        recorded_by=user,
    )
    _move(document, Document.Stage.APPROVED, user)
    return version
