"""Signals of the materials app for other apps (the notifications listen).

material_published
    A material was published (`material_publish`), inside the service's
    transaction. Arguments: `sender` (Material), `material`.
"""

from django.dispatch import Signal

material_published = Signal()
