from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teixit.core.worddiff import word_diff

from . import selectors, services
from .forms import (
    AmendmentForm,
    AnswerForm,
    ApproveForm,
    CommentForm,
    DocumentCreateForm,
    DocumentEditForm,
)
from .models import Amendment, Document, Version


def _deny(request):
    if not request.user.is_authenticated:
        raise Http404
    raise PermissionDenied


def _document_or_404(request, slug: str) -> Document:
    document = get_object_or_404(
        Document.objects.select_related("approving_body", "editing_body", "action"),
        slug=slug,
    )
    if not request.user.has_perm("documents.view_document", document):
        _deny(request)
    return document


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def document_list(request):
    if not request.user.has_perm("documents.view_document"):
        _deny(request)
    return render(
        request,
        "documents/document_list.html",
        {
            "documents": selectors.document_list_for_user(request.user),
            "can_add": request.user.has_perm("documents.add_document"),
        },
    )


@login_required
def document_create(request):
    if not request.user.has_perm("documents.add_document"):
        raise PermissionDenied
    form = DocumentCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                created_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(document)
    return render(request, "documents/document_form.html", {"form": form})


def document_detail(request, slug: str):
    document = _document_or_404(request, slug)
    user = request.user
    in_round = document.stage in (
        Document.Stage.CONSULTATION,
        Document.Stage.DELIBERATION,
    )
    versions = list(document.versions.all())
    # The round in progress, from the versions listed (`document.round`
    # counted them at each use).
    current_round = document.round_after(versions)
    rounds = selectors.amendments_by_round(document)
    current = rounds.get(current_round, []) if in_round else []
    for amendment in current:
        amendment.answer_form = AnswerForm(auto_id=f"answer{amendment.pk}_%s")
    comments = (
        list(document.comments.filter(round=current_round).select_related("author"))
        if in_round
        else []
    )
    paragraphs = []
    source = document.base_paragraphs if in_round else document.paragraphs
    for number, text in enumerate(source, start=1):
        paragraphs.append(
            {
                "number": number,
                "text": text,
                "amendments": [a for a in current if a.paragraph == number],
                "comments": [c for c in comments if c.paragraph == number],
            }
        )
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "current_round": current_round,
            "paragraphs": paragraphs,
            "in_round": in_round,
            "earlier_rounds": {
                number: items
                for number, items in sorted(rounds.items())
                if number != current_round or not in_round
            },
            "versions": versions,
            "stage_changes": document.stage_changes.select_related("by"),
            "amend_form": AmendmentForm(auto_id="amend_%s"),
            "comment_form": CommentForm(auto_id="comment_%s"),
            "approve_form": ApproveForm(initial={"approved_on": timezone.localdate()}),
            "can": {
                perm: user.has_perm(f"documents.{perm}", document)
                for perm in (
                    "change_document",
                    "open_consultation",
                    "amend_document",
                    "close_consultation",
                    "answer_amendment",
                    "approve_document",
                    "publish_document",
                    "reopen_document",
                )
            },
        },
    )


@login_required
def document_edit(request, slug: str):
    document = _document_or_404(request, slug)
    if not request.user.has_perm("documents.change_document", document):
        raise PermissionDenied
    form = DocumentEditForm(
        request.POST or None,
        initial={
            "title": document.title,
            "summary": document.summary,
            "text": document.text,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                document=document, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The text has been saved."))
            return redirect(document)
    return render(
        request, "documents/document_edit.html", {"document": document, "form": form}
    )


@login_required
@require_POST
def document_stage(request, slug: str):
    document = _document_or_404(request, slug)
    action = request.POST.get("action")
    moves = {
        "open": ("documents.open_consultation", services.document_open_consultation),
        "close": ("documents.close_consultation", services.document_close_consultation),
        "approve": ("documents.approve_document", services.document_approve),
        "publish": ("documents.publish_document", services.document_publish),
        "reopen": ("documents.reopen_document", services.document_reopen),
    }
    if action not in moves:
        return HttpResponseBadRequest(_("Unknown action."))
    perm, service = moves[action]
    if not request.user.has_perm(perm, document):
        raise PermissionDenied
    kwargs = {}
    if action == "approve":
        form = ApproveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the date of the approval."))
            return redirect(document)
        kwargs["approved_on"] = form.cleaned_data["approved_on"]
    try:
        service(document=document, user=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("The document is now at the stage: %(stage)s.")
            % {"stage": document.get_stage_display()},
        )
    return redirect(document)


@login_required
@require_POST
def amendment_create(request, slug: str):
    document = _document_or_404(request, slug)
    if not request.user.has_perm("documents.amend_document", document):
        raise PermissionDenied
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Fill in the paragraph, the proposal and the reason.")
        )
    try:
        services.amendment_propose(
            document=document, user=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Your amendment has been sent."))
    return redirect(document)


@login_required
@require_POST
def comment_create(request, slug: str):
    document = _document_or_404(request, slug)
    if not request.user.has_perm("documents.amend_document", document):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a paragraph and write the comment."))
    try:
        services.comment_add(document=document, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(document)


@login_required
@require_POST
def amendment_answer(request, slug: str, pk: int):
    document = _document_or_404(request, slug)
    amendment = get_object_or_404(Amendment, document=document, pk=pk)
    if not request.user.has_perm("documents.answer_amendment", document):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose an answer and write a reply."))
    try:
        services.amendment_answer(
            amendment=amendment, user=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The answer has been saved."))
    return redirect(document)


def _version_or_404(request, slug: str, number: int) -> Version:
    version = get_object_or_404(
        Version.objects.select_related("document", "approved_by_body"),
        document__slug=slug,
        number=number,
    )
    document = version.document
    if not (
        document.is_public or request.user.has_perm("documents.view_document", document)
    ):
        _deny(request)
    return version


def version_detail(request, slug: str, number: int):
    version = _version_or_404(request, slug, number)
    return render(
        request,
        "documents/version_detail.html",
        {
            "version": version,
            "document": version.document,
            "amendments": version.document.amendments.filter(
                round=number
            ).select_related("author", "answered_by"),
        },
    )


def version_pdf(request, slug: str, number: int):
    from weasyprint import HTML

    version = _version_or_404(request, slug, number)
    html = render_to_string(
        "documents/version_pdf.html",
        {"version": version, "document": version.document},
        request=request,
    )
    response = HttpResponse(
        HTML(string=html, base_url=None).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{version.document.slug}-v{version.number}.pdf"'
    )
    return response


def version_compare(request, slug: str):
    document = get_object_or_404(Document, slug=slug)
    if not (
        document.is_public or request.user.has_perm("documents.view_document", document)
    ):
        _deny(request)
    versions = list(document.versions.all())
    by_number = {v.number: v for v in versions}
    try:
        a = by_number[
            int(
                request.GET.get("a", 0)
                or (versions[-2].number if len(versions) > 1 else 0)
            )
        ]
        b = by_number[int(request.GET.get("b", 0) or versions[-1].number)]
    except (KeyError, ValueError, IndexError):
        a = b = None
    return render(
        request,
        "documents/version_compare.html",
        {
            "document": document,
            "versions": versions,
            "a": a,
            "b": b,
            "diff": word_diff(a.text, b.text) if a and b else "",
        },
    )


def public_list(request):
    return render(
        request,
        "documents/public_list.html",
        {"documents": selectors.public_documents(request.LANGUAGE_CODE)},
    )


def public_page(request, slug: str):
    try:
        document = selectors.public_document_get(slug)
    except Document.DoesNotExist as exc:
        raise Http404 from exc
    version = document.latest_version()
    return render(
        request,
        "documents/public_page.html",
        {
            "document": document,
            "version": version,
            "others": document.linked_documents().published(),
        },
    )
