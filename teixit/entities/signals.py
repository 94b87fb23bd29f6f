"""Signals of the register for other apps.

entities_bulk_written
    Sent after a bulk write of entities has been committed (an import), which
    sends no per-row model signals. Arguments: `sender` (the Entity class) and
    `entity_ids` (a sequence of the ids created or updated: it has `len()` and
    can be iterated). The public map listens to it to bring its clusters up to
    date (a background rebuild when they are many).
"""

from django.dispatch import Signal

entities_bulk_written = Signal()

entity_proposed = Signal()
"""A visitor or a person proposed an entity (`entity_propose`). Arguments:
`sender` (Entity), `entity`, `actor` (the user, or None for an anonymous
proposal). Sent inside the service's transaction."""

entity_published = Signal()
"""An entity was published (`entity_publish`): `sender`, `entity`, `actor`."""

entity_merged = Signal()
"""A duplicate was merged into another entity (`entity_merge`): `sender`,
`entity` (the one kept), `duplicate`, `actor`."""

import_batch_finished = Signal()
"""An uploaded import ended (`importing.import_batch_run`), whatever the
outcome: `sender` (ImportBatch), `batch` (its `status` says done, refused or
failed; `created_by` started it)."""
