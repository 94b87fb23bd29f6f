"""A place in something with limited seats, with a waiting list.

One implementation shared by every app that takes registrations with a
waiting list (trainings, events). An app's registration model inherits
`WaitlistEntry` and names the field of the thing registered for
(`waitlist_parent = "training"`); its services call the functions below while
holding the lock of that thing's row (`lock_row`).

Rules owned here:
- registration is race-safe: the parent row is locked (SELECT … FOR UPDATE on
  PostgreSQL; SQLite takes the database write lock when the transaction begins,
  `transaction_mode=IMMEDIATE`), so two people never take the last seat;
- when the seats are taken (or someone is already waiting), a new person goes
  on the waiting list, in the order they came;
- when a registered person cancels, or seats are added, the first people
  waiting are promoted and each is told through `on_promoted` after the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WaitlistEntry(models.Model):
    """A person's place: registered, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    # The name of the foreign key to the thing registered for.
    waitlist_parent = ""

    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    queued_at = models.DateTimeField(
        _("queued at"), default=timezone.now, help_text=_("Order on the waiting list.")
    )
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        abstract = True

    def waitlist_siblings(self) -> models.QuerySet:
        """Every entry for the same thing (this one included)."""
        field = f"{self.waitlist_parent}_id"
        return type(self)._default_manager.filter(**{field: getattr(self, field)})

    @property
    def waitlist_position(self) -> int | None:
        """1 for the first person waiting; None when not on the waiting list."""
        if self.status != self.Status.WAITLISTED:
            return None
        earlier = (
            self.waitlist_siblings()
            .filter(status=self.Status.WAITLISTED)
            .filter(
                models.Q(queued_at__lt=self.queued_at)
                | models.Q(queued_at=self.queued_at, pk__lt=self.pk)
            )
        )
        return earlier.count() + 1


Entry = TypeVar("Entry", bound=WaitlistEntry)
Row = TypeVar("Row", bound=models.Model)


def lock_row(obj: Row) -> Row:
    """The row of `obj` read again and locked until the transaction ends.

    select_for_update is ignored by SQLite, whose IMMEDIATE transactions
    already serialise writers."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def waitlist_counts(entries: models.QuerySet, capacity: int | None) -> dict:
    """Registered and waiting people, and free seats (None: no limit)."""
    rows = dict(entries.values_list("status").annotate(n=models.Count("pk")))
    registered = rows.get(WaitlistEntry.Status.REGISTERED, 0)
    return {
        "registered": registered,
        "waitlisted": rows.get(WaitlistEntry.Status.WAITLISTED, 0),
        "free": None if capacity is None else max(capacity - registered, 0),
    }


def waitlist_refuse_twice(
    existing: WaitlistEntry | None, *, already_registered_message
) -> None:
    """Refuse a second place to a person who has one: ValidationError with
    `already_registered_message` (code already_registered) or with their
    position on the waiting list (code already_waitlisted). A cancelled
    entry (or none) passes."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    if existing is None:
        return
    if existing.status == WaitlistEntry.Status.REGISTERED:
        raise ValidationError(already_registered_message, code="already_registered")
    if existing.status == WaitlistEntry.Status.WAITLISTED:
        raise ValidationError(
            gettext("You are already on the waiting list, position %(position)s.")
            % {"position": existing.waitlist_position},
            code="already_waitlisted",
        )


def waitlist_join(
    *,
    entries: models.QuerySet,
    capacity: int | None,
    existing: Entry | None,
    create: Callable[..., Entry],
) -> Entry:
    """Give a place to a person: registered when a seat is free and nobody
    waits, otherwise on the waiting list. `entries` are every entry of the
    locked parent; `existing` is the person's cancelled entry, if any, which is
    queued again; otherwise `create(status=…, queued_at=…)` makes the row.
    Call inside a transaction holding the parent's lock."""
    Status = WaitlistEntry.Status
    taken = entries.filter(status=Status.REGISTERED).count()
    waiting = entries.filter(status=Status.WAITLISTED).exists()
    full = capacity is not None and (taken >= capacity or waiting)
    status = Status.WAITLISTED if full else Status.REGISTERED
    now = timezone.now()
    if existing is not None:
        existing.status, existing.queued_at = status, now
        existing.cancelled_at = existing.promoted_at = None
        existing.save(
            update_fields=[
                "status",
                "queued_at",
                "cancelled_at",
                "promoted_at",
                "updated_at",
            ]
        )
        return existing
    return create(status=status, queued_at=now)


def waitlist_promote(
    *,
    entries: models.QuerySet,
    capacity: int | None,
    on_promoted: Callable[[int], None],
) -> list:
    """Fill free seats from the waiting list, in order; `on_promoted(pk)` runs
    after the commit for each person promoted. Call inside a transaction
    holding the parent's lock."""
    Status = WaitlistEntry.Status
    promoted = []
    taken = entries.filter(status=Status.REGISTERED).count()
    free = None if capacity is None else capacity - taken
    for entry in entries.filter(status=Status.WAITLISTED).order_by("queued_at", "pk"):
        if free is not None and free <= 0:
            break
        entry.status = Status.REGISTERED
        entry.promoted_at = timezone.now()
        entry.save(update_fields=["status", "promoted_at", "updated_at"])
        promoted.append(entry)
        if free is not None:
            free -= 1
    for entry in promoted:
        pk = entry.pk
        transaction.on_commit(lambda pk=pk: on_promoted(pk))
    return promoted


def waitlist_cancel(
    *,
    entry: Entry,
    capacity: int | None,
    on_promoted: Callable[[int], None],
    already_cancelled_message,
) -> Entry:
    """Cancel a place; a freed seat goes to the first person waiting. Call
    inside a transaction holding the parent's lock."""
    from django.core.exceptions import ValidationError

    entry = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
    if entry.status == entry.Status.CANCELLED:
        raise ValidationError(already_cancelled_message, code="already_cancelled")
    freed = entry.status == entry.Status.REGISTERED
    entry.status = entry.Status.CANCELLED
    entry.cancelled_at = timezone.now()
    entry.save(update_fields=["status", "cancelled_at", "updated_at"])
    if freed:
        waitlist_promote(
            entries=entry.waitlist_siblings(),
            capacity=capacity,
            on_promoted=on_promoted,
        )
    return entry
