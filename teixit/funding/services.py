"""Writes on funding lines.

Rules owned here: a line's territory is expanded into areas (whole comarques,
single municipalities) whenever it is saved, so that overlaps are found by the
database; only coordinators (the secretariat and members of a governance
body) write lines; an import is all-or-nothing; an overlap is resolved once,
with a note, by a coordinator."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teixit.territories.models import Comarca

from .models import (
    FundingLine,
    FundingLineArea,
    FundingLineBeneficiary,
    OverlapResolution,
)
from .overlaps import overlap_between
from .selectors import line_facts

FIELDS = [
    "title", "level", "administration", "programme", "purpose", "whole_catalonia",
    "opens_on", "closes_on", "execution_start", "execution_end", "budget",
    "max_per_beneficiary", "link", "documents",
]  # fmt: skip


def areas_rebuild(*, line: FundingLine) -> int:
    """Expand the line's territory into FundingLineArea rows; returns how many."""
    FundingLineArea.objects.filter(line=line).delete()
    if line.whole_catalonia:
        # Comarques are Catalonia's own division: all of them (a comarca made
        # before the territories were imported may have no province yet).
        comarca_ids = set(Comarca.objects.values_list("pk", flat=True))
    else:
        comarca_ids = set(line.comarques.values_list("pk", flat=True))
        comarca_ids |= set(
            Comarca.objects.filter(province__in=line.provinces.all()).values_list(
                "pk", flat=True
            )
        )
    rows = [FundingLineArea(line=line, comarca_id=pk) for pk in sorted(comarca_ids)]
    for municipality_id, comarca_id in line.municipalities.values_list(
        "pk", "comarca_id"
    ):
        if comarca_id is not None and comarca_id not in comarca_ids:
            rows.append(
                FundingLineArea(
                    line=line, comarca_id=comarca_id, municipality_id=municipality_id
                )
            )
    FundingLineArea.objects.bulk_create(rows)
    return len(rows)


def _check_territory(
    *, whole_catalonia: bool, provinces, comarques, municipalities
) -> None:
    if not (whole_catalonia or provinces or comarques or municipalities):
        raise ValidationError(
            _("Say where the line applies: all of Catalonia, provinces, comarques or municipalities."),
            code="no_territory",
        )  # fmt: skip


@transaction.atomic
def funding_line_save(
    *,
    line: FundingLine,
    themes: Iterable,
    beneficiaries: Iterable[str],
    provinces: Iterable = (),
    comarques: Iterable = (),
    municipalities: Iterable = (),
    by,
) -> FundingLine:
    """Create or update a line with its themes, beneficiaries and territory."""
    perm = "funding.change_fundingline" if line.pk else "funding.add_fundingline"
    if not by.has_perm(perm, line):
        raise PermissionDenied(_("You cannot register or edit funding lines."))
    themes, beneficiaries = list(themes), list(dict.fromkeys(beneficiaries))
    provinces, comarques = list(provinces), list(comarques)
    municipalities = list(municipalities)
    if not themes:
        raise ValidationError(_("Choose at least one theme."), code="no_theme")
    if not beneficiaries:
        raise ValidationError(
            _("Choose at least one kind of eligible beneficiary."),
            code="no_beneficiary",
        )
    valid = dict(FundingLine.Beneficiary.choices)
    unknown = [kind for kind in beneficiaries if kind not in valid]
    if unknown:
        raise ValidationError(
            _("Unknown kind of beneficiary: %(kinds)s") % {"kinds": ", ".join(unknown)},
            code="unknown_beneficiary",
        )
    _check_territory(
        whole_catalonia=line.whole_catalonia,
        provinces=provinces,
        comarques=comarques,
        municipalities=municipalities,
    )
    line.full_clean()
    if line.pk is None:
        line.created_by = by if getattr(by, "is_authenticated", False) else None
        line.save()
    else:
        line.save(update_fields=FIELDS + ["updated_at"])
    line.themes.set(themes)
    line.provinces.set(provinces)
    line.comarques.set(comarques)
    line.municipalities.set(municipalities)
    FundingLineBeneficiary.objects.filter(line=line).exclude(
        kind__in=beneficiaries
    ).delete()
    existing = set(line.beneficiary_rows.values_list("kind", flat=True))
    FundingLineBeneficiary.objects.bulk_create(
        [FundingLineBeneficiary(line=line, kind=k) for k in beneficiaries if k not in existing]
    )  # fmt: skip
    areas_rebuild(line=line)
    return line


def funding_line_delete(*, line: FundingLine, by) -> None:
    if not by.has_perm("funding.delete_fundingline", line):
        raise PermissionDenied(_("Only the secretariat deletes funding lines."))
    line.delete()


@transaction.atomic
def overlap_resolve(
    *, line: FundingLine, other: FundingLine, note: str, by
) -> OverlapResolution:
    """Record that the commission has dealt with the overlap of two lines."""
    if not by.has_perm("funding.add_overlapresolution"):
        raise PermissionDenied(_("Only the commission resolves overlaps."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say how the overlap was resolved."), code="no_note")
    a, b = sorted((line.pk, other.pk))
    facts = line_facts([a, b])
    if a == b or len(facts) != 2 or overlap_between(facts[a], facts[b]) is None:
        raise ValidationError(_("These two lines do not overlap."), code="no_overlap")
    if OverlapResolution.objects.filter(line_a_id=a, line_b_id=b).exists():
        raise ValidationError(
            _("This overlap has already been resolved."), code="already_resolved"
        )
    resolution = OverlapResolution(line_a_id=a, line_b_id=b, note=note, resolved_by=by)
    resolution.full_clean()
    resolution.save()
    return resolution
