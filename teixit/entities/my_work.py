"""The register's part of the home page (teixit/home/registry.py): proposed
entities to moderate, entities not verified for a long time, my imports."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import Entity, ImportBatch
from .selectors import entity_list_for_user, entity_unverified_count

SECTION = _("Entities")
ORDER = 30


def items(user) -> list[dict]:
    if not user.has_perm("entities.list_managed_entities"):
        return []
    proposed = entity_list_for_user(user, status=Entity.Status.PROPOSED).order_by()
    manage = reverse("entities:manage")
    result = [
        {
            "label": _("proposed entities to review"),
            "count": proposed.count(),
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
                "count": ImportBatch.objects.filter(created_by=user).count(),
                "url": reverse("entities:import_list"),
            }
        )
    return result
