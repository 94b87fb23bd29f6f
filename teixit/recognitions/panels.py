"""Pieces of other apps' pages (teixit/core/panels.py): the labels an SSE
entity holds, on the entity's page (slot "entity")."""

from django.template.loader import render_to_string

from .selectors import entity_labels


def entity_labels_panel(request, entity) -> str:
    if entity is None:
        return ""
    labels = entity_labels(entity.pk)
    if not labels:
        return ""
    return render_to_string(
        "recognitions/partials/_entity_labels.html", {"labels": labels}, request=request
    )
