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
