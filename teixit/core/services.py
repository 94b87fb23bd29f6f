"""Write helpers shared by every app's services."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models


def _has_field(instance: models.Model, name: str) -> bool:
    try:
        instance._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def model_update(
    *,
    instance: models.Model,
    fields: Iterable[str],
    data: Mapping[str, Any],
    clean: bool = True,
    save: bool = True,
) -> list[str]:
    """Save only what changed: set on `instance` each of `fields` that `data`
    has with a different value, then, if any did and `save`, `full_clean()`
    it (unless `clean` is false) and save those fields, with `updated_at`
    when the model has one. Returns the names of the fields that changed, in
    the order of `fields` (empty: nothing was set or written).

    `save=False` only sets them, for a service that adds its own checks or
    fields before saving."""
    changed = [
        name
        for name in fields
        if name in data and getattr(instance, name) != data[name]
    ]
    if not changed:
        return changed
    for name in changed:
        setattr(instance, name, data[name])
    if save:
        if clean:
            instance.full_clean()
        update_fields = list(changed)
        if "updated_at" not in update_fields and _has_field(instance, "updated_at"):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    return changed
