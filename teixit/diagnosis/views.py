"""Pages of the diagnosis app: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teixit.core.navigation import key_address, pk_address
from teixit.core.service_calls import call_service
from teixit.core.storage_errors import storage_failure_as_error
from teixit.core.uploads import private_file_response
from teixit.core.widgets import LongSelect, ReadyChoices
from teixit.network.models import Member
from teixit.territories.models import Municipality

from . import charts, comparison, reports
from .forms import MunicipalityGoForm
from .indicators import (
    DIRECTION_LABELS,
    INDICATORS,
    SOURCE_LABELS,
)
from .models import Answer, Diagnosis, DiagnosisDocument, Question
from .selectors import (
    concept_labels,
    diagnosis_answers,
    diagnosis_list_for_user,
    diagnosis_rows,
    indicators_for_user,
    municipality_comparison_kept,
    recent_mapping_coverage,
    snapshot_years,
    version_questions,
)
from .services import (
    answer_save,
    answers_save,
    diagnosis_create,
    diagnosis_document_add,
    diagnosis_document_delete,
    diagnosis_reopen,
    diagnosis_submit,
    diagnosis_update,
    diagnosis_validate,
    questions_missing,
    require,
)


def _diagnosis_for(
    request, pk: int, perm: str = "diagnosis.view_diagnosis"
) -> Diagnosis:
    # Not the municipality's outline (JSON decoded for nothing).
    diagnosis = get_object_or_404(
        Diagnosis.objects.select_related(
            "member", "member__municipality", "version__methodology"
        ).defer("member__municipality__boundary"),
        pk=pk,
    )
    if not request.user.has_perm("diagnosis.view_diagnosis", diagnosis):
        raise Http404
    require(request.user, perm, diagnosis)
    return diagnosis


def index(request, go_form: MunicipalityGoForm | None = None):
    user = request.user
    this_year = timezone.localdate().year
    visible = diagnosis_list_for_user(user)
    # (pk, name) only, written by LongSelect: the secretariat manages every
    # member (949 options at network scale, ~20 ms through the template).
    own_members = (
        list(
            Member.objects.managed_by(user)
            .active()
            .order_by("name")
            .values_list("pk", "name")
        )
        if user.is_authenticated
        else []
    )
    years = snapshot_years()
    context = {
        "to_validate": diagnosis_rows(visible.filter(status=Diagnosis.Status.SUBMITTED))
        if user.has_perm("diagnosis.validate_diagnosis")
        else [],
        "diagnoses": diagnosis_rows(visible, limit=50),
        "own_members": own_members,
        "member_select": LongSelect(
            attrs={"id": "start-member"}, choices=ReadyChoices(own_members)
        ).render("member", None)
        if own_members
        else "",
        "this_year": this_year,
        # Each definition with its source's and direction's labels (the
        # template looked them up in a loop per cell).
        "indicators": [
            (d, SOURCE_LABELS.get(d.source, ""), DIRECTION_LABELS.get(d.direction, ""))
            for d in indicators_for_user(user)
        ],
        "coverage": recent_mapping_coverage(this_year),
        "go_form": go_form or MunicipalityGoForm(),
        "years": years,
    }
    return render(request, "diagnosis/index.html", context)


@login_required
@require_POST
def diagnosis_start(request):
    member = get_object_or_404(Member, pk=request.POST.get("member") or 0)
    require(request.user, "diagnosis.start_diagnosis_for_member", member)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Enter a valid year."))
        return redirect("diagnosis:index")
    existing = Diagnosis.objects.filter(member=member, year=year).first()
    if existing:
        return redirect("diagnosis:diagnosis_edit", pk=existing.pk)
    result = call_service(
        request, lambda: diagnosis_create(member=member, year=year, user=request.user)
    )
    if not result:
        return redirect("diagnosis:index")
    diagnosis = result.value
    messages.success(request, _("Diagnosis started. Answers are saved as you type."))
    return redirect("diagnosis:diagnosis_edit", pk=diagnosis.pk)


def _answer_display(answer: Answer | None) -> str:
    if answer is None:
        return ""
    question = answer.question
    value = answer.value
    if question.type == Question.Type.YES_NO:
        return _("Yes") if value else _("No")
    if question.type in (Question.Type.SINGLE, Question.Type.MULTIPLE):
        labels = dict(question.choice_list)
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    if (
        question.type in (Question.Type.NUMBER, Question.Type.MONEY)
        and answer.value_number is not None
    ):
        decimals = 2 if question.type == Question.Type.MONEY else None
        number = charts.fmt(
            float(answer.value_number),
            decimals if decimals is not None else _decimals_of(value),
        )
        unit = "€" if question.type == Question.Type.MONEY else question.unit
        return f"{number} {unit}".strip()
    if question.type == Question.Type.SCALE:
        return f"{value} / {question.scale_max}"
    if question.type == Question.Type.FILE:
        return answer.file.name.rsplit("/", 1)[-1] if answer.file else ""
    return str(value)


def _decimals_of(value) -> int:
    text = str(value)
    return len(text.split(".", 1)[1].rstrip("0")) if "." in text else 0


def diagnosis_sections(diagnosis: Diagnosis, posted=None, errors=None) -> list[dict]:
    """Sections with their questions, the stored answer, the value to show in
    the input (what was posted, when a save failed) and the errors."""
    answers = {a.question_id: a for a in diagnosis_answers(diagnosis.pk)}
    sections = []
    current = None
    for question in version_questions(diagnosis.version_id):
        if current is None or current["section"].pk != question.section_id:
            current = {"section": question.section, "questions": []}
            sections.append(current)
        answer = answers.get(question.pk)
        if answer is not None:
            answer.question = question
        name = question.field_name
        if (
            posted is not None
            and question.type != Question.Type.FILE
            and (name in posted or f"{name}__present" in posted)
        ):
            raw = (
                posted.getlist(name)
                if question.type == Question.Type.MULTIPLE
                else posted.get(name)
            )
        elif answer is None:
            raw = [] if question.type == Question.Type.MULTIPLE else ""
        elif question.type == Question.Type.YES_NO:
            raw = "yes" if answer.value else "no"
        elif question.type == Question.Type.MULTIPLE:
            raw = answer.value or []
        elif question.type in (Question.Type.NUMBER, Question.Type.MONEY):
            raw = (
                str(answer.value).replace(".", ",") if answer.value is not None else ""
            )
        else:
            raw = "" if answer.value is None else str(answer.value)
        current["questions"].append(
            {
                "question": question,
                "answer": answer,
                "raw": raw,
                "display": _answer_display(answer),
                "errors": (errors or {}).get(name, []),
                "scale": list(range(question.scale_min, question.scale_max + 1)),
            }
        )
    return sections


def diagnosis_detail(request, pk: int):
    diagnosis = _diagnosis_for(request, pk)
    return render(
        request, "diagnosis/diagnosis_detail.html", _detail_context(request, diagnosis)
    )


def _detail_context(request, diagnosis: Diagnosis) -> dict:
    user = request.user
    sections = diagnosis_sections(diagnosis)
    return {
        "diagnosis": diagnosis,
        "sections": sections,
        "documents": diagnosis.documents.all(),
        "can_edit": diagnosis.status == Diagnosis.Status.DRAFT
        and user.has_perm("diagnosis.change_diagnosis", diagnosis),
        "can_submit": diagnosis.status == Diagnosis.Status.DRAFT
        and user.has_perm("diagnosis.submit_diagnosis", diagnosis),
        "can_validate": diagnosis.status == Diagnosis.Status.SUBMITTED
        and user.has_perm("diagnosis.validate_diagnosis", diagnosis),
        "can_reopen": diagnosis.status != Diagnosis.Status.DRAFT
        and user.has_perm("diagnosis.validate_diagnosis", diagnosis),
        "can_change_visibility": user.has_perm("diagnosis.change_diagnosis", diagnosis),
        "missing": questions_missing(
            (item["question"], item["answer"])
            for section in sections
            for item in section["questions"]
        )
        if diagnosis.status == Diagnosis.Status.DRAFT
        else [],
        "visibility_choices": Diagnosis.Visibility.choices,
        "history": diagnosis.history.select_related("history_user").order_by(
            "-history_date"
        )[:20],
    }


@login_required
def diagnosis_edit(request, pk: int):
    diagnosis = _diagnosis_for(request, pk, "diagnosis.change_diagnosis")
    if diagnosis.status != Diagnosis.Status.DRAFT:
        messages.info(
            request,
            _("This diagnosis is no longer a draft: it can be read but not changed."),
        )
        return redirect(diagnosis)
    errors = None
    posted = None
    if request.method == "POST":
        errors = answers_save(
            diagnosis=diagnosis,
            data=request.POST,
            files=request.FILES,
            user=request.user,
        )
        if not errors:
            messages.success(request, _("Answers saved."))
            if request.POST.get("then") == "submit":
                return redirect(
                    reverse("diagnosis:diagnosis_detail", args=[diagnosis.pk])
                    + "#submit"
                )
            return redirect("diagnosis:diagnosis_edit", pk=diagnosis.pk)
        posted = request.POST
    sections = diagnosis_sections(diagnosis, posted=posted, errors=errors)
    autosave = pk_address("diagnosis:answer_autosave", "question_pk", pk=diagnosis.pk)
    for section in sections:
        for item in section["questions"]:
            item["autosave_url"] = autosave(item["question"].pk)
    context = {"diagnosis": diagnosis, "sections": sections, "errors": errors}
    status = 400 if errors else 200
    return render(request, "diagnosis/diagnosis_form.html", context, status=status)


@login_required
@require_POST
def answer_autosave(request, pk: int, question_pk: int):
    """htmx: save one answer as it is typed; answers a small status fragment."""
    diagnosis = _diagnosis_for(request, pk, "diagnosis.change_diagnosis")
    question = get_object_or_404(
        Question.objects.select_related("section"), pk=question_pk
    )
    name = question.field_name
    context = {"question": question}
    try:
        if question.type == Question.Type.FILE:
            with storage_failure_as_error():
                answer = answer_save(
                    diagnosis=diagnosis,
                    question=question,
                    upload=request.FILES.get(name),
                    user=request.user,
                )
        else:
            raw = (
                request.POST.getlist(name)
                if question.type == Question.Type.MULTIPLE
                else request.POST.get(name, "")
            )
            answer = answer_save(
                diagnosis=diagnosis, question=question, raw=raw, user=request.user
            )
        context["saved_at"] = time_format(timezone.localtime(), "H:i:s")
        context["answer"] = answer
    except ValidationError as exc:
        context["errors"] = exc.messages
    return render(request, "diagnosis/partials/_autosave.html", context)


@login_required
@require_POST
def diagnosis_submit_view(request, pk: int):
    diagnosis = _diagnosis_for(request, pk, "diagnosis.submit_diagnosis")
    call_service(
        request,
        lambda: diagnosis_submit(diagnosis=diagnosis, user=request.user),
        _("Diagnosis submitted to the secretariat for validation."),
    )
    return redirect(diagnosis)


@login_required
@require_POST
def diagnosis_validate_view(request, pk: int):
    diagnosis = _diagnosis_for(request, pk, "diagnosis.validate_diagnosis")
    call_service(
        request,
        lambda: diagnosis_validate(diagnosis=diagnosis, user=request.user),
        _("Diagnosis validated; its indicators have been updated."),
    )
    return redirect(diagnosis)


@login_required
@require_POST
def diagnosis_reopen_view(request, pk: int):
    diagnosis = _diagnosis_for(request, pk, "diagnosis.validate_diagnosis")
    call_service(
        request,
        lambda: diagnosis_reopen(diagnosis=diagnosis, user=request.user),
        _("Diagnosis sent back to draft."),
    )
    return redirect(diagnosis)


@login_required
@require_POST
def diagnosis_visibility(request, pk: int):
    diagnosis = _diagnosis_for(request, pk, "diagnosis.change_diagnosis")
    call_service(
        request,
        lambda: diagnosis_update(
            diagnosis=diagnosis, visibility=request.POST.get("visibility", "")
        ),
        _("Visibility changed."),
    )
    return redirect(diagnosis)


@login_required
@require_POST
def document_upload(request, pk: int):
    diagnosis = _diagnosis_for(request, pk, "diagnosis.change_diagnosis")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(diagnosis)
    try:
        with storage_failure_as_error():
            diagnosis_document_add(
                diagnosis=diagnosis,
                title=request.POST.get("title", ""),
                upload=upload,
                user=request.user,
            )
    except ValidationError as exc:
        # The page again, with the error beside the form and the title kept.
        context = _detail_context(request, diagnosis)
        context["document_errors"] = exc.messages
        context["document_title"] = request.POST.get("title", "")
        return render(request, "diagnosis/diagnosis_detail.html", context, status=400)
    messages.success(request, _("Document attached."))
    return redirect(diagnosis)


def document_download(request, pk: int, document_pk: int):
    diagnosis = _diagnosis_for(request, pk)
    document = get_object_or_404(DiagnosisDocument, pk=document_pk, diagnosis=diagnosis)
    return private_file_response(document.file)


def answer_file_download(request, pk: int, answer_pk: int):
    diagnosis = _diagnosis_for(request, pk)
    answer = get_object_or_404(Answer, pk=answer_pk, diagnosis=diagnosis)
    return private_file_response(answer.file)


@login_required
@require_POST
def document_delete(request, pk: int, document_pk: int):
    diagnosis = _diagnosis_for(request, pk, "diagnosis.change_diagnosis")
    document = get_object_or_404(DiagnosisDocument, pk=document_pk, diagnosis=diagnosis)
    call_service(
        request,
        lambda: diagnosis_document_delete(document=document),
        _("Document removed."),
    )
    return redirect(diagnosis)


# Comparisons -----------------------------------------------------------------


def _year_param(request) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


def municipality_go(request):
    """The index's "see a municipality": to its page when the name (or code)
    names one, else the index again with the field's error."""
    if not request.GET.get("code", "").strip():
        return redirect("diagnosis:index")
    form = MunicipalityGoForm(request.GET)
    if form.is_valid():
        return redirect("diagnosis:municipality", code=form.cleaned_data["code"].code)
    return index(request, go_form=form)


def _comparison_charts(comparison: dict) -> dict:
    """`comparison` with each row's charts and distribution label."""
    network_label = _("Network")
    for row in comparison["rows"]:
        d = row["indicator"]
        dist = row["network_distribution"] or row["all_distribution"]
        row["distribution_label"] = (
            network_label if row["network_distribution"] else _("All municipalities:")
        )
        row["chart"] = charts.comparison_svg(
            title=str(d.name),
            value=row["value"],
            comarca=row["comarca"],
            dist=dist,
            decimals=d.decimals,
            dist_label=row["distribution_label"],
        )
        row["history_chart"] = charts.bars_svg(
            title=_("%(indicator)s over the years") % {"indicator": d.name},
            items=[(str(y), v) for y, v in row["history"]],
            decimals=d.decimals,
            highlight=str(row["year"]),
        )
    return comparison


def municipality_context(request, code: str) -> dict:
    municipality = get_object_or_404(
        Municipality.objects.select_related("comarca", "province").defer(
            "boundary", "comarca__boundary", "province__boundary"
        ),
        code=code,
    )
    # The comparison and its charts (in the current language), kept per
    # data version: the same for every view of the municipality until
    # values are written.
    comparison = municipality_comparison_kept(
        municipality=municipality,
        user=request.user,
        year=_year_param(request),
        then=("charts", get_language(), _comparison_charts),
    )
    breakdowns = []
    for code_, items in comparison["breakdowns"].items():
        d = INDICATORS[code_]
        labels = concept_labels(d.breakdown_scheme)
        breakdowns.append(
            {"indicator": d, "items": [(labels.get(b, b), v) for b, v in items]}
        )
    diagnoses = (
        diagnosis_list_for_user(request.user)
        .filter(member__municipality=municipality)
        .order_by("-year")
    )
    return {
        "municipality": municipality,
        "comparison": comparison,
        "breakdowns": breakdowns,
        "diagnoses": diagnoses,
    }


def municipality_detail(request, code: str):
    context = municipality_context(request, code)
    context["diagnoses"] = diagnosis_rows(context["diagnoses"])
    return render(request, "diagnosis/municipality.html", context)


def network_context(request) -> dict:
    return comparison.network_context(params=request.GET, user=request.user)


def network_view(request):
    context = network_context(request)
    rows = context["ranking"]["rows"]
    page = context["page_obj"] = Paginator(rows, 100).get_page(request.GET.get("page"))
    address = key_address("diagnosis:municipality", "code")
    for row in page.object_list:
        row["url"] = address(row["territory_code"])
    return render(request, "diagnosis/network.html", context)


# Reports ---------------------------------------------------------------------


def municipality_report(request, code: str, fmt: str):
    context = municipality_context(request, code)
    diagnosis = (
        context["diagnoses"].filter(status=Diagnosis.Status.VALIDATED).first()
        or context["diagnoses"].first()
    )
    context["diagnosis"] = diagnosis
    context["sections"] = diagnosis_sections(diagnosis) if diagnosis else []
    return reports.render_municipality(request, context, fmt)


def network_report(request, fmt: str):
    context = comparison.network_context(
        params=request.GET, user=request.user, for_print=fmt == "pdf"
    )
    return reports.render_network(request, context, fmt)
