"""The diagnoses' part of the home page (teixit/home/registry.py): drafts
the person's members have to fill and submit, submitted ones the secretariat
has to validate."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teixit.network.models import Member

from .models import Diagnosis

SECTION = _("Diagnoses")
ORDER = 20


def _link(diagnoses) -> str:
    if len(diagnoses) == 1:
        return reverse("diagnosis:diagnosis_detail", args=[diagnoses[0]])
    return reverse("diagnosis:index")


def items(user) -> list[dict]:
    result = []
    drafts = list(
        Diagnosis.objects.filter(
            member__in=Member.objects.of_technician(user),
            status=Diagnosis.Status.DRAFT,
        ).values_list("pk", flat=True)
    )
    result.append(
        {
            "label": _("diagnoses to fill and submit"),
            "count": len(drafts),
            "url": _link(drafts),
        }
    )
    if user.has_perm("diagnosis.validate_diagnosis"):
        submitted = list(
            Diagnosis.objects.filter(status=Diagnosis.Status.SUBMITTED).values_list(
                "pk", flat=True
            )
        )
        result.append(
            {
                "label": _("diagnoses to validate"),
                "count": len(submitted),
                "url": _link(submitted),
            }
        )
    return result
