"""Writes of the practice bank.

Rules owned here: a practice is written as a draft by its author, submitted
for review, then published by the secretariat or sent back with a comment
(and then edited and submitted again); the end of the period is not before
its start; attached documents pass the upload check (size, real type); a file
of practices from another bank is imported whole or not at all.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.core.uploads import validate_upload

from . import signals
from .models import Practice, PracticeDocument, PracticeLink

EDITABLE_FIELDS = [
    "title", "summary", "context", "actions", "resources", "budget", "results", "outcome",
    "enabling_factors", "difficulties", "lessons", "transferability", "scope", "member",
    "place", "country", "start_on", "end_on", "contact_name", "contact_email", "language",
    "visibility",
]  # fmt: skip


def _set_relations(practice: Practice, themes, replicated_in) -> None:
    if themes is not None:
        practice.themes.set(themes)
    if replicated_in is not None:
        practice.replicated_in.set([p for p in replicated_in if p.pk != practice.pk])


@transaction.atomic
def practice_create(
    *,
    author,
    data: dict,
    themes=None,
    replicated_in=None,
    links=None,
    document=None,
    document_title: str = "",
) -> Practice:
    """A new draft practice written by `author`."""
    practice = Practice(author=author, status=Practice.Status.DRAFT)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(practice, name, data[name])
    practice.full_clean()
    practice.save()
    _set_relations(practice, themes, replicated_in)
    if links is not None:
        practice_links_set(practice=practice, links=links)
    if document is not None:
        practice_document_add(practice=practice, file=document, title=document_title)
    return practice


@transaction.atomic
def practice_update(
    *,
    practice: Practice,
    data: dict,
    themes=None,
    replicated_in=None,
    links=None,
    document=None,
    document_title: str = "",
) -> Practice:
    changed = []
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(practice, name, data[name])
            changed.append(name if name != "member" else "member")
    practice.full_clean()
    practice.save(update_fields=[*changed, "updated_at"])
    _set_relations(practice, themes, replicated_in)
    if links is not None:
        practice_links_set(practice=practice, links=links)
    if document is not None:
        practice_document_add(practice=practice, file=document, title=document_title)
    return practice


def practice_links_set(*, practice: Practice, links: list[tuple[str, str]]) -> None:
    """Replace the practice's links by (url, title) pairs."""
    practice.links.all().delete()
    rows = [
        PracticeLink(practice=practice, url=url, title=title[:250])
        for url, title in links
    ]
    for row in rows:
        row.full_clean(exclude=["practice"])
    PracticeLink.objects.bulk_create(rows)


def practice_document_add(
    *, practice: Practice, file, title: str = ""
) -> PracticeDocument:
    """Attach a file after checking its size and real type."""
    content_type = validate_upload(file)
    document = PracticeDocument(
        practice=practice,
        title=title,
        file=file,
        original_name=getattr(file, "name", "document")[:255],
        content_type=content_type,
        size=file.size,
    )
    document.save()
    return document


@transaction.atomic
def practice_document_delete(*, document: PracticeDocument) -> None:
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def practice_submit(*, practice: Practice) -> Practice:
    """The author sends a draft (or a sent-back practice) for review."""
    if not practice.is_editable_by_author:
        raise ValidationError(
            _("Only drafts and sent-back practices can be submitted."), code="not_draft"
        )
    practice.status = Practice.Status.REVIEW
    practice.submitted_at = timezone.now()
    practice.full_clean()
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    signals.practice_submitted.send(Practice, practice=practice)
    return practice


@transaction.atomic
def practice_publish(*, practice: Practice) -> Practice:
    """The secretariat publishes a practice in review."""
    if practice.status != Practice.Status.REVIEW:
        raise ValidationError(
            _("Only practices in review can be published."), code="not_in_review"
        )
    practice.status = Practice.Status.PUBLISHED
    practice.published_at = timezone.now()
    practice.review_comment = ""
    practice.full_clean()
    practice.save(
        update_fields=["status", "published_at", "review_comment", "updated_at"]
    )
    signals.practice_published.send(Practice, practice=practice)
    return practice


@transaction.atomic
def practice_send_back(*, practice: Practice, comment: str) -> Practice:
    """The secretariat returns a practice in review to its author with a comment."""
    if practice.status != Practice.Status.REVIEW:
        raise ValidationError(
            _("Only practices in review can be sent back."), code="not_in_review"
        )
    if not comment.strip():
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("Say what the author should change."), code="required"
                )
            }
        )
    practice.status = Practice.Status.RETURNED
    practice.review_comment = comment.strip()
    practice.full_clean()
    practice.save(update_fields=["status", "review_comment", "updated_at"])
    return practice


@transaction.atomic
def practice_delete(*, practice: Practice) -> None:
    for document in practice.documents.all():
        document.file.delete(save=False)
    practice.delete()


@dataclass
class PracticeImportResult:
    created: list[Practice]


@transaction.atomic
def practices_import(
    *, data: bytes, filename: str = "", by, publish: bool = False
) -> PracticeImportResult:
    """Import every practice of a CSV or JSON-LD file (another bank's export,
    or this one's), or none: any row's error refuses the whole file and every
    error is reported with its row number (`exchange.PracticeFileError`).

    Imported practices have no author here (they were written elsewhere);
    they are published at once when `publish`, else wait in the review queue.
    "Replicated in" links between practices of the same file are kept. No
    notification is sent per practice: a file may hold hundreds.
    """
    from .exchange import PracticeFileError, parse_records, read_records

    if not by.has_perm("practices.import_practice"):
        raise PermissionDenied(_("You cannot import practices."))
    parsed = parse_records(read_records(data, filename=filename))
    now = timezone.now()
    created: list[Practice] = []
    by_source: dict[str, Practice] = {}
    for item in parsed:
        practice = Practice(
            author=None,
            status=Practice.Status.PUBLISHED if publish else Practice.Status.REVIEW,
            submitted_at=now,
            published_at=now if publish else None,
        )
        for name in EDITABLE_FIELDS:
            if name in item.values:
                setattr(practice, name, item.values[name])
        try:
            practice.full_clean()
            practice.save()
            practice.themes.set(item.themes)
            practice_links_set(practice=practice, links=item.links)
        except ValidationError as exc:
            raise PracticeFileError(
                [(item.number, message) for message in exc.messages]
            ) from None
        created.append(practice)
        for key in (item.source_id, item.source_url):
            if key:
                by_source[key] = practice
    for item, practice in zip(parsed, created, strict=True):
        others = [by_source[key] for key in item.replicated_in if key in by_source]
        if others:
            practice.replicated_in.add(*[p for p in others if p.pk != practice.pk])
    return PracticeImportResult(created=created)
