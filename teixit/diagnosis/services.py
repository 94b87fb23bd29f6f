"""Writes of the diagnosis app. Rules owned here:

- a published methodology version is frozen: changing it means creating a new
  version (a draft copy), which is published in turn; answers keep pointing to
  the questions of the version they answered;
- one diagnosis per member and year, draft → submitted → validated; only
  drafts are edited; required questions are checked on submission;
- indicator snapshots: re-taking a year replaces that year's values; only
  the sources asked for are recomputed (validating a diagnosis recomputes the
  answer indicators of its year, never the register ones).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.core.storage_errors import storage_failure_as_error

from . import signals
from .indicators import compute_all
from .models import (
    Answer,
    Diagnosis,
    DiagnosisDocument,
    IndicatorValue,
    IndicatorValuesStamp,
    Methodology,
    MethodologyVersion,
    Question,
    Section,
)
from .validation import answer_clean, answer_is_empty, validate_upload

DEFAULT_METHODOLOGY_FILE = (
    Path(__file__).resolve().parent / "data" / "methodology-default.json"
)


# Methodology ------------------------------------------------------------------


@transaction.atomic
def methodology_load(
    *, path: Path = DEFAULT_METHODOLOGY_FILE, publish: bool = True
) -> MethodologyVersion:
    """Load a methodology from a JSON file. Idempotent: when the methodology
    already has a version, nothing is changed and its latest version is returned."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    methodology, _created = Methodology.objects.get_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "description": data.get("description", ""),
            "language": data.get("language", "ca"),
            "is_default": data.get("default", True),
        },
    )
    existing = methodology.versions.order_by("-number").first()
    if existing is not None:
        return existing
    version = MethodologyVersion.objects.create(
        methodology=methodology, number=1, notes=data.get("notes", "")
    )
    for s_order, section_data in enumerate(data["sections"], start=1):
        section = Section.objects.create(
            version=version,
            order=s_order,
            title=section_data["title"],
            description=section_data.get("description", ""),
        )
        for q_order, q in enumerate(section_data["questions"], start=1):
            question = Question(
                section=section,
                order=q_order,
                code=q["code"],
                text=q["text"],
                help_text=q.get("help", ""),
                type=q["type"],
                unit=q.get("unit", ""),
                required=q.get("required", False),
                min_value=q.get("min"),
                max_value=q.get("max"),
                choices="\n".join(f"{c}: {label}" for c, label in q.get("choices", [])),
                scale_min=q.get("scale_min", 1),
                scale_max=q.get("scale_max", 5),
            )
            question.full_clean()
            question.save()
    if publish:
        methodology_version_publish(version=version)
    return version


def _version_check_codes(version: MethodologyVersion) -> None:
    codes = list(
        Question.objects.filter(section__version=version).values_list("code", flat=True)
    )
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValidationError(
            _("Question codes must be unique within a version: %(codes)s.")
            % {"codes": ", ".join(duplicates)},
            code="duplicate_code",
        )
    for question in Question.objects.filter(section__version=version):
        if (
            question.type in (Question.Type.SINGLE, Question.Type.MULTIPLE)
            and not question.choice_list
        ):
            raise ValidationError(
                _("The choice question “%(code)s” has no options.")
                % {"code": question.code},
                code="no_options",
            )


@transaction.atomic
def methodology_version_publish(*, version: MethodologyVersion) -> MethodologyVersion:
    """Publish a draft version; the version published before it is retired
    (diagnoses that answered it keep it)."""
    if version.status != MethodologyVersion.Status.DRAFT:
        raise ValidationError(
            _("Only a draft version can be published."), code="not_draft"
        )
    _version_check_codes(version)
    for previous in version.methodology.versions.filter(
        status=MethodologyVersion.Status.PUBLISHED
    ):
        previous.status = MethodologyVersion.Status.RETIRED
        previous.save(update_fields=["status", "updated_at"])
    version.status = MethodologyVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at", "updated_at"])
    return version


@transaction.atomic
def methodology_version_new(
    *, version: MethodologyVersion, notes: str = ""
) -> MethodologyVersion:
    """A new draft version copying `version`'s sections and questions, to be
    edited and then published. The copied version is not touched."""
    methodology = version.methodology
    draft = methodology.versions.filter(status=MethodologyVersion.Status.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            _(
                "Version %(number)s is still a draft: edit it instead of creating another one."
            )
            % {"number": draft.number},
            code="draft_exists",
        )
    last = methodology.versions.order_by("-number").first()
    new = MethodologyVersion.objects.create(
        methodology=methodology, number=last.number + 1, based_on=version, notes=notes
    )
    for section in version.sections.prefetch_related("questions"):
        copy = Section.objects.create(
            version=new,
            order=section.order,
            title=section.title,
            description=section.description,
        )
        Question.objects.bulk_create(
            [
                Question(
                    section=copy,
                    order=q.order,
                    code=q.code,
                    text=q.text,
                    help_text=q.help_text,
                    type=q.type,
                    unit=q.unit,
                    required=q.required,
                    min_value=q.min_value,
                    max_value=q.max_value,
                    choices=q.choices,
                    scale_min=q.scale_min,
                    scale_max=q.scale_max,
                )
                for q in section.questions.all()
            ]
        )
    return new


def methodology_current_version() -> MethodologyVersion | None:
    """The published version of the default methodology (or of any methodology)."""
    qs = MethodologyVersion.objects.filter(
        status=MethodologyVersion.Status.PUBLISHED
    ).order_by("-methodology__is_default", "-number")
    return qs.select_related("methodology").first()


# Diagnosis ------------------------------------------------------------------


def _check_editable(diagnosis: Diagnosis) -> None:
    if diagnosis.status != Diagnosis.Status.DRAFT:
        raise ValidationError(
            _("This diagnosis is %(status)s: only drafts can be changed.")
            % {"status": diagnosis.get_status_display().lower()},
            code="not_draft",
        )


@transaction.atomic
def diagnosis_create(
    *, member, year: int, user=None, version: MethodologyVersion | None = None
) -> Diagnosis:
    """Start the diagnosis of a member for a year, answering the current version."""
    version = version or methodology_current_version()
    if version is None:
        raise ValidationError(
            _("No methodology has been published yet."), code="no_methodology"
        )
    if version.status != MethodologyVersion.Status.PUBLISHED:
        raise ValidationError(
            _("A diagnosis must answer a published version."),
            code="version_not_published",
        )
    if Diagnosis.objects.filter(member=member, year=year).exists():
        raise ValidationError(
            _("%(member)s already has a diagnosis for %(year)s.")
            % {"member": member, "year": year},
            code="duplicate",
        )
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        raise ValidationError(
            _("The year must be between 2000 and %(max)s.") % {"max": this_year + 1},
            code="year_out_of_range",
        )
    diagnosis = Diagnosis(member=member, year=year, version=version)
    diagnosis.full_clean()
    diagnosis.save()
    return diagnosis


def _question_of(diagnosis: Diagnosis, question: Question) -> None:
    if question.section.version_id != diagnosis.version_id:
        raise ValidationError(
            _("This question belongs to another version of the questionnaire."),
            code="wrong_version",
        )


@transaction.atomic
def answer_save(
    *, diagnosis: Diagnosis, question: Question, raw=None, upload=None, user=None
) -> Answer | None:
    """Validate and store one answer (autosave and the save button both use it).
    Empty input clears a non-file answer. Returns the answer, or None when cleared."""
    _check_editable(diagnosis)
    _question_of(diagnosis, question)
    answer = Answer.objects.filter(diagnosis=diagnosis, question=question).first()
    if question.type == Question.Type.FILE:
        if upload is None:
            return answer
        validate_upload(upload)
        if answer is None:
            answer = Answer(diagnosis=diagnosis, question=question)
        answer.file = upload
        answer.value = upload.name
        answer.updated_by = user
        answer.full_clean()
        answer.save()
        return answer
    value, number = answer_clean(question, raw)
    if value is None:
        if answer is not None:
            answer.delete()
        return None
    if answer is None:
        answer = Answer(diagnosis=diagnosis, question=question)
    answer.value = value
    answer.value_number = number
    answer.updated_by = user
    answer.full_clean()
    answer.save()
    return answer


def answers_save(
    *, diagnosis: Diagnosis, data, files=None, user=None
) -> dict[str, list[str]]:
    """Save every answer of a posted form; invalid ones are reported by field
    name and left as they were (valid ones are saved). Returns the errors."""
    errors: dict[str, list[str]] = {}
    _check_editable(diagnosis)
    for question in diagnosis.version.questions():
        name = question.field_name
        try:
            if question.type == Question.Type.FILE:
                upload = files.get(name) if files else None
                if upload is not None:
                    with storage_failure_as_error():
                        answer_save(
                            diagnosis=diagnosis,
                            question=question,
                            upload=upload,
                            user=user,
                        )
                continue
            if question.type == Question.Type.MULTIPLE:
                if f"{name}__present" not in data and name not in data:
                    continue
                raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
            else:
                if name not in data:
                    continue
                raw = data.get(name)
            answer_save(diagnosis=diagnosis, question=question, raw=raw, user=user)
        except ValidationError as exc:
            errors[name] = exc.messages
    return errors


def diagnosis_missing_questions(diagnosis: Diagnosis) -> list[Question]:
    answers = {a.question_id: a for a in diagnosis.answers.select_related("question")}
    return questions_missing(
        (q, answers.get(q.pk)) for q in diagnosis.version.questions()
    )


def questions_missing(pairs: Iterable[tuple[Question, Answer | None]]) -> list:
    """Of (question, its answer or None) pairs in the questionnaire's order,
    the required questions left unanswered (what blocks a submission)."""
    return [q for q, answer in pairs if q.required and answer_is_empty(answer)]


@transaction.atomic
def diagnosis_submit(*, diagnosis: Diagnosis, user) -> Diagnosis:
    _check_editable(diagnosis)
    missing = diagnosis_missing_questions(diagnosis)
    if missing:
        raise ValidationError(
            _("Answer the required questions before submitting: %(questions)s")
            % {"questions": "; ".join(q.text for q in missing)},
            code="missing_answers",
        )
    diagnosis.status = Diagnosis.Status.SUBMITTED
    diagnosis.submitted_at = timezone.now()
    diagnosis.submitted_by = user
    diagnosis.save(
        update_fields=["status", "submitted_at", "submitted_by", "updated_at"]
    )
    signals.diagnosis_submitted.send(Diagnosis, diagnosis=diagnosis, actor=user)
    return diagnosis


@transaction.atomic
def diagnosis_validate(*, diagnosis: Diagnosis, user) -> Diagnosis:
    """The secretariat validates a submitted diagnosis; the answer indicators
    of its year are recomputed so the comparison pages show its values."""
    if diagnosis.status != Diagnosis.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted diagnosis can be validated."), code="not_submitted"
        )
    diagnosis.status = Diagnosis.Status.VALIDATED
    diagnosis.validated_at = timezone.now()
    diagnosis.validated_by = user
    diagnosis.save(
        update_fields=["status", "validated_at", "validated_by", "updated_at"]
    )
    indicator_snapshot_take(year=diagnosis.year, sources=("answers", "diagnoses"))
    signals.diagnosis_validated.send(Diagnosis, diagnosis=diagnosis, actor=user)
    return diagnosis


@transaction.atomic
def diagnosis_reopen(*, diagnosis: Diagnosis, user) -> Diagnosis:
    """Send a submitted or validated diagnosis back to draft (secretariat), e.g.
    to correct it; the answer indicators of its year are recomputed."""
    if diagnosis.status == Diagnosis.Status.DRAFT:
        raise ValidationError(
            _("This diagnosis is already a draft."), code="already_draft"
        )
    was_validated = diagnosis.status == Diagnosis.Status.VALIDATED
    diagnosis.status = Diagnosis.Status.DRAFT
    diagnosis.validated_at = None
    diagnosis.validated_by = None
    diagnosis.save(
        update_fields=["status", "validated_at", "validated_by", "updated_at"]
    )
    if was_validated:
        indicator_snapshot_take(year=diagnosis.year, sources=("answers", "diagnoses"))
    signals.diagnosis_reopened.send(Diagnosis, diagnosis=diagnosis, actor=user)
    return diagnosis


@transaction.atomic
def diagnosis_update(
    *, diagnosis: Diagnosis, visibility: str | None = None, summary: str | None = None
) -> Diagnosis:
    fields = []
    if visibility is not None:
        if visibility not in Diagnosis.Visibility.values:
            raise ValidationError(
                _("Choose a valid visibility."), code="invalid_visibility"
            )
        diagnosis.visibility = visibility
        fields.append("visibility")
    if summary is not None:
        _check_editable(diagnosis)
        diagnosis.summary = summary
        fields.append("summary")
    if fields:
        diagnosis.full_clean()
        diagnosis.save(update_fields=[*fields, "updated_at"])
    return diagnosis


@transaction.atomic
def diagnosis_document_add(
    *, diagnosis: Diagnosis, title: str, upload, user=None
) -> DiagnosisDocument:
    _check_editable(diagnosis)
    validate_upload(upload)
    document = DiagnosisDocument(
        diagnosis=diagnosis,
        title=title.strip() or upload.name,
        file=upload,
        uploaded_by=user,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def diagnosis_document_delete(*, document: DiagnosisDocument) -> None:
    _check_editable(document.diagnosis)
    document.file.delete(save=False)
    document.delete()


# Indicator snapshots ----------------------------------------------------------


SOURCES = ("register", "answers", "diagnoses")


def indicator_snapshot_take(*, year: int, sources: Iterable[str] = SOURCES) -> int:
    """Compute and store the values of `year` for the given sources, replacing
    the values of that year from those sources. Returns the rows written."""
    from .indicators import INDICATORS

    sources = tuple(sources)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValidationError(
            _("Unknown indicator source: %(source)s.")
            % {"source": ", ".join(sorted(unknown))}
        )
    # Computed before the write transaction, which then only replaces the
    # year's values (atomically) and holds the write lock briefly.
    rows = compute_all(year, sources=sources)
    codes = [code for code, d in INDICATORS.items() if d.source in sources]
    now = timezone.now()
    with transaction.atomic():
        _snapshot_write(year, codes, rows, now)
    return len(rows)


def _snapshot_write(year: int, codes: list[str], rows, now) -> None:
    _values_stamp_bump(now)
    IndicatorValue.objects.filter(year=year, indicator__in=codes).delete()
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=r.indicator,
                breakdown=r.breakdown,
                territory_type=r.territory_type,
                territory_code=r.territory_code,
                territory_name=r.territory_name[:200],
                municipality_id=r.municipality_id,
                comarca_code=r.comarca_code,
                year=year,
                value=r.value,
                numerator=r.numerator,
                denominator=r.denominator,
                population_year=r.population_year,
                computed_at=now,
            )
            for r in rows
        ],
        batch_size=2000,
    )


def _values_stamp_bump(now) -> None:
    """A new `reports.data_version()`: first in the write's transaction, so
    on PostgreSQL the row's lock also orders concurrent snapshots."""
    bumped = IndicatorValuesStamp.objects.filter(pk=1).update(
        version=F("version") + 1, written_at=now
    )
    if not bumped:
        IndicatorValuesStamp.objects.create(pk=1, version=1, written_at=now)


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not have permission to do this."))
