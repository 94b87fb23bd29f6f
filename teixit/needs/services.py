"""Writes of the needs register and the social market.

Rules owned here:
- a need is raised (by a person of the network, or proposed from a diagnosis
  answer) and then confirmed, answered, covered or dropped by the secretariat;
  every change is kept in the need's history;
- the free-text answers of a diagnosis about needs become need proposals
  (status raised, origin diagnosis), one per line of the answer, once per
  answer line (proposing again adds nothing);
- a person of the network marks an entity matched to a need as contacted,
  supplying or not suitable, with a note; one mark per need and entity.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Need, SupplierMark

#: Codes of the diagnosis questions whose answers describe needs.
NEED_QUESTION_CODES = ("needs", "needs_network")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s*")

STATUS_FLOW = {
    Need.Status.RAISED: {Need.Status.CONFIRMED, Need.Status.DROPPED},
    Need.Status.CONFIRMED: {
        Need.Status.ANSWERING,
        Need.Status.COVERED,
        Need.Status.DROPPED,
    },
    Need.Status.ANSWERING: {
        Need.Status.COVERED,
        Need.Status.CONFIRMED,
        Need.Status.DROPPED,
    },
    Need.Status.COVERED: {Need.Status.ANSWERING},
    Need.Status.DROPPED: {Need.Status.RAISED},
}

M2M_FIELDS = ("themes", "sectors", "municipalities", "comarques", "materials")


def _set_m2m(need: Need, data: dict) -> None:
    for name in M2M_FIELDS:
        if name in data:
            getattr(need, name).set(data[name])


def _check_territory(data: dict) -> None:
    if not data.get("municipalities") and not data.get("comarques"):
        raise ValidationError(
            _("Give the territory of the need: municipalities or comarques."),
            code="no_territory",
        )


@transaction.atomic
def need_create(*, data: dict, raised_by=None) -> Need:
    """Raise a need (status raised). `data` holds the model's fields, with
    lists of objects for themes, sectors, municipalities, comarques and
    materials."""
    _check_territory(data)
    fields = {k: v for k, v in data.items() if k not in M2M_FIELDS}
    need = Need(raised_by=raised_by, **fields)
    need.status = Need.Status.RAISED
    need.full_clean()
    need.save()
    _set_m2m(need, data)
    return need


@transaction.atomic
def need_update(*, need: Need, data: dict) -> Need:
    _check_territory(data)
    fields = [k for k in data if k not in M2M_FIELDS and k != "status"]
    for name in fields:
        setattr(need, name, data[name])
    need.full_clean()
    need.save(update_fields=[*fields, "updated_at"])
    _set_m2m(need, data)
    return need


@transaction.atomic
def need_set_status(*, need: Need, status: str, note: str = "") -> Need:
    """Move a need along its flow (STATUS_FLOW): the secretariat confirms or
    discards a raised need, then marks it answered, covered or dropped."""
    if status not in Need.Status.values:
        raise ValidationError(_("Unknown status."), code="unknown_status")
    if status not in STATUS_FLOW[need.status]:
        raise ValidationError(
            _("A need that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": need.get_status_display(),
                "new": Need.Status(status).label,
            },
            code="bad_transition",
        )
    need.status = status
    need.status_note = note[:500]
    need.save(update_fields=["status", "status_note", "updated_at"])
    return need


def _answer_lines(value) -> list[str]:
    if value is None:
        return []
    text = value if isinstance(value, str) else str(value)
    lines = [_BULLET.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if len(line) >= 3]
    return lines


def _title(line: str) -> str:
    first = re.split(r"(?<=[.;:])\s", line, maxsplit=1)[0].rstrip(".;:")
    return first if len(first) <= 120 else first[:119].rstrip() + "…"


@transaction.atomic
def need_proposals_from_diagnosis(*, diagnosis) -> list[Need]:
    """Turn the free-text answers of `diagnosis` about needs (questions
    NEED_QUESTION_CODES) into need proposals: one per line of an answer
    (bullets and numbering removed), in the member's municipality, waiting for
    the secretariat to confirm or discard them. A line already proposed from
    the same answer is not proposed again."""
    answers = diagnosis.answers.filter(
        question__code__in=NEED_QUESTION_CODES, question__type="text"
    ).select_related("question")
    member = diagnosis.member
    created = []
    for answer in answers:
        existing = set(
            Need.objects.filter(diagnosis_answer=answer).values_list(
                "description", flat=True
            )
        )
        for line in _answer_lines(answer.value):
            if line in existing:
                continue
            need = Need(
                title=_title(line),
                description=line,
                origin=Need.Origin.DIAGNOSIS,
                member=member,
                diagnosis_answer=answer,
                status=Need.Status.RAISED,
                evidence=_("Diagnosis %(year)s of %(member)s: “%(question)s”")
                % {
                    "year": diagnosis.year,
                    "member": member,
                    "question": answer.question.text,
                },
            )
            need.full_clean()
            need.save()
            if member.municipality_id:
                need.municipalities.set([member.municipality_id])
            created.append(need)
    return created


@transaction.atomic
def supplier_mark_set(
    *, need: Need, entity, state: str, note: str = "", user=None
) -> SupplierMark:
    """Record what the network did with an entity matched to the need."""
    if state not in SupplierMark.State.values:
        raise ValidationError(_("Unknown mark."), code="unknown_state")
    mark, created = SupplierMark.objects.get_or_create(
        need=need,
        entity=entity,
        defaults={"state": state, "note": note[:500], "marked_by": user},
    )
    if not created:
        mark.state = state
        mark.note = note[:500]
        mark.marked_by = user
        mark.full_clean()
        mark.save(update_fields=["state", "note", "marked_by", "updated_at"])
    return mark
