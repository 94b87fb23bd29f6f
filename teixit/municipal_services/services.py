"""Writes on municipal SSE services.

Rules owned here: the type comes from the `municipal-services` scheme; budget
and staff are not negative; a technician only writes the services of the
members they work for (the secretariat, any member's)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import MunicipalService

FIELDS = [
    "member", "service_type", "name", "modality", "description", "budget", "staff_fte",
    "since_year", "partner_bodies",
]  # fmt: skip


@transaction.atomic
def municipal_service_save(
    *, service: MunicipalService, partner_members=None, by
) -> MunicipalService:
    perm = "municipal_services.change_municipalservice"
    if not by.has_perm(perm, service):
        raise PermissionDenied(
            _("You can only describe the services of the members you work for.")
        )
    service.full_clean()
    if service.pk is None:
        service.save()
    else:
        service.save(update_fields=FIELDS + ["updated_at"])
    if partner_members is not None:
        service.partner_members.set(
            [m for m in partner_members if m.pk != service.member_id]
        )
    return service


def municipal_service_delete(*, service: MunicipalService, by) -> None:
    if not by.has_perm("municipal_services.delete_municipalservice", service):
        raise PermissionDenied(
            _("You can only delete the services of the members you work for.")
        )
    service.delete()
