"""Writes of recognitions.

Rules owned here: only labels are held by entities (EntityLabel.clean), one
row per label and entity. The catalogue itself is edited in the admin (plain
fields).
"""

from __future__ import annotations

from django.db import transaction

from .models import EntityLabel, Recognition


@transaction.atomic
def entity_label_grant(
    *, recognition: Recognition, entity, year: int | None = None, valid_until=None
) -> EntityLabel:
    """Record that `entity` holds the label (idempotent: updates year and
    validity)."""
    label = EntityLabel.objects.filter(recognition=recognition, entity=entity).first()
    if label is None:
        label = EntityLabel(recognition=recognition, entity=entity)
    label.year = year
    label.valid_until = valid_until
    label.full_clean()
    label.save()
    return label
