"""Signals of the practice bank for other apps (the notifications listen).

Sent inside the service's transaction with `sender` (Practice) and `practice`:

practice_submitted
    The author sent a practice for review (`practice_submit`).
practice_published
    The secretariat published a practice (`practice_publish`).
"""

from django.dispatch import Signal

practice_submitted = Signal()
practice_published = Signal()
