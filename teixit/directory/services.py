"""Writes on the directory.

Rules owned here: the network's people propose entries, which wait for the
secretariat's review (an entry the secretariat writes is published at once);
only the secretariat publishes, rejects (with a note) and deletes; a proposer
edits a proposal until it is reviewed; slugs are unique."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from teixit.network.roles import is_secretariat

from .models import DirectoryEntry

FIELDS = [
    "name", "kind", "scope", "description", "municipality", "place", "website", "email",
    "phone", "institution", "is_this_network",
]  # fmt: skip


def _unique_slug(entry: DirectoryEntry) -> str:
    base = slugify(entry.name)[:200] or "entry"
    slug, n = base, 2
    while DirectoryEntry.objects.filter(slug=slug).exclude(pk=entry.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def directory_entry_save(
    *, entry: DirectoryEntry, by, themes=None, comarques=None, trainings=None,
    practices=None, events=None,
) -> DirectoryEntry:  # fmt: skip
    """Propose a new entry (published at once when the secretariat writes it)
    or edit one."""
    if entry.pk is None:
        if not by.has_perm("directory.add_directoryentry"):
            raise PermissionDenied(_("You cannot propose directory entries."))
        entry.proposed_by = by
        if is_secretariat(by):
            entry.status = DirectoryEntry.Status.PUBLISHED
            entry.reviewed_by, entry.reviewed_at = by, timezone.now()
        else:
            entry.status = DirectoryEntry.Status.PROPOSED
    elif not by.has_perm("directory.change_directoryentry", entry):
        raise PermissionDenied(_("You cannot edit this entry."))
    if entry.is_this_network and not is_secretariat(by):
        raise PermissionDenied(_("Only the secretariat edits the network's own entry."))
    if not entry.slug:
        entry.slug = _unique_slug(entry)
    entry.full_clean()
    entry.save()
    for name, values in (
        ("themes", themes), ("comarques", comarques), ("trainings", trainings),
        ("practices", practices), ("events", events),
    ):  # fmt: skip
        if values is not None:
            getattr(entry, name).set(values)
    return entry


@transaction.atomic
def directory_entry_review(
    *, entry: DirectoryEntry, publish: bool, note: str = "", by
) -> DirectoryEntry:
    """Publish or reject a proposal (the secretariat only)."""
    if not by.has_perm("directory.review_directoryentry", entry):
        raise PermissionDenied(_("Only the secretariat reviews directory entries."))
    if entry.status != DirectoryEntry.Status.PROPOSED:
        raise ValidationError(
            _("This entry has already been reviewed."), code="reviewed"
        )
    if not publish and not note.strip():
        raise ValidationError(_("Say why the entry is rejected."), code="no_note")
    entry.status = (
        DirectoryEntry.Status.PUBLISHED if publish else DirectoryEntry.Status.REJECTED
    )
    entry.review_note = note.strip()
    entry.reviewed_by, entry.reviewed_at = by, timezone.now()
    entry.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])  # fmt: skip
    return entry


def directory_entry_delete(*, entry: DirectoryEntry, by) -> None:
    if not by.has_perm("directory.delete_directoryentry", entry):
        raise PermissionDenied(_("Only the secretariat deletes directory entries."))
    entry.delete()
