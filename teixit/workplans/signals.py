"""Signals of the work plans for other apps (the notifications listen).

progress_recorded
    Progress was recorded on an action (`progress_update_record`), inside
    its transaction. Arguments: `sender` (ProgressUpdate), `update` (with
    `action` and `author`).
"""

from django.dispatch import Signal

progress_recorded = Signal()
