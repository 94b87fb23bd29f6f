"""The register's part of the home page (teixit/home/registry.py): proposed
entities to moderate, entities not verified for a long time, my imports."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from teixit.core.prepared import prepared_count

from .models import Entity, ImportBatch, managed_scope
from .selectors import entity_unverified_count

SECTION = _("Entities")
ORDER = 30


# Counted on every visit to the home page: statements compiled once.
_proposed_all = prepared_count(
    lambda: Entity.objects.filter(status=Entity.Status.PROPOSED)
)
_proposed_in = prepared_count(
    lambda *municipality_ids: Entity.objects.filter(
        status=Entity.Status.PROPOSED, municipality_id__in=municipality_ids
    )
)
_imports_of = prepared_count(
    lambda user_id: ImportBatch.objects.filter(created_by_id=user_id)
)


def proposed_count(user) -> int:
    """How many proposed entities the person manages (`managed_by`)."""
    scope = managed_scope(user)
    if scope is None:
        return _proposed_all()
    return _proposed_in(*sorted(scope)) if scope else 0


def items(user) -> list[dict]:
    if not user.has_perm("entities.list_managed_entities"):
        return []
    manage = reverse("entities:manage")
    result = [
        {
            "label": _("proposed entities to review"),
            "count": proposed_count(user),
            "url": f"{manage}?{urlencode({'status': Entity.Status.PROPOSED})}",
        },
        {
            "label": _("entities not verified for a long time"),
            "count": entity_unverified_count(user),
            "url": reverse("entities:unverified"),
        },
    ]
    if user.has_perm("entities.import_entities"):
        result.append(
            {
                "label": _("imports of mine"),
                "count": _imports_of(user.pk),
                "url": reverse("entities:import_list"),
            }
        )
    return result
