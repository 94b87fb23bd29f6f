from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from teixit.core.crud import delete_page, edit_page
from teixit.core.htmx import template_for
from teixit.core.service_calls import call_service

from . import selectors, services
from .forms import (
    FundingLineFilterForm,
    FundingLineForm,
    ImportForm,
    MatrixFilterForm,
    ResolveForm,
)
from .importing import FundingFileError, funding_lines_import
from .models import FundingLine


def line_list(request):
    form = FundingLineFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "lines": selectors.funding_line_list(
            level=filters.get("level") or "",
            theme=filters.get("theme") or "",
            year=filters.get("year"),
            q=filters.get("q") or "",
        ),
        "can_add": request.user.has_perm("funding.add_fundingline"),
        "can_import": request.user.has_perm("funding.import_fundingline"),
        "can_see_matrix": request.user.has_perm("funding.view_overlap_matrix"),
    }
    return render(
        request, template_for(request, "funding/line_list.html", "results"), context
    )


def line_detail(request, pk: int):
    line = selectors.funding_line_get(pk)
    if line is None:
        raise Http404
    user = request.user
    return render(
        request,
        "funding/line_detail.html",
        {
            "line": line,
            "overlaps": selectors.overlap_views_for_line(line),
            "can_edit": user.has_perm("funding.change_fundingline", line),
            "can_delete": user.has_perm("funding.delete_fundingline", line),
            "can_resolve": user.has_perm("funding.add_overlapresolution"),
            "resolve_form": ResolveForm(),
        },
    )


@login_required
def overlap_matrix(request):
    if not request.user.has_perm("funding.view_overlap_matrix"):
        raise PermissionDenied
    form = MatrixFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    matrix = selectors.overlap_matrix(
        theme=filters.get("theme") or "", year=filters.get("year")
    )
    return render(
        request,
        template_for(request, "funding/overlap_matrix.html", "results"),
        {"form": form, "matrix": matrix},
    )


def _save(request, form):
    data = form.cleaned_data
    return services.funding_line_save(
        line=form.save(commit=False),
        themes=data["themes"],
        beneficiaries=data["beneficiaries"],
        provinces=data["provinces"],
        comarques=data["comarques"],
        municipalities=data["municipalities"],
        by=request.user,
    )


def _edit(request, line: FundingLine):
    return edit_page(
        request,
        form_class=FundingLineForm,
        instance=line,
        name="line",
        template="funding/line_form.html",
        save=lambda form: _save(request, form),
        success=lambda saved: _("The funding line has been saved."),
    )


@login_required
def line_create(request):
    if not request.user.has_perm("funding.add_fundingline"):
        raise PermissionDenied
    return _edit(request, FundingLine())


@login_required
def line_update(request, pk: int):
    line = get_object_or_404(FundingLine, pk=pk)
    if not request.user.has_perm("funding.change_fundingline", line):
        raise PermissionDenied
    return _edit(request, line)


@login_required
def line_delete(request, pk: int):
    line = get_object_or_404(FundingLine, pk=pk)
    if not request.user.has_perm("funding.delete_fundingline", line):
        raise PermissionDenied
    return delete_page(
        request,
        obj=line,
        name="line",
        template="funding/line_confirm_delete.html",
        delete=lambda: services.funding_line_delete(line=line, by=request.user),
        success=_("The funding line has been deleted."),
        then="funding:list",
    )


@login_required
def line_import(request):
    if not request.user.has_perm("funding.import_fundingline"):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = funding_lines_import(
                    data=upload.read(), filename=upload.name, by=request.user
                )
            except FundingFileError as exc:
                errors = exc.errors
            else:
                count = len(result.created)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s funding line imported.",
                        "%(count)s funding lines imported.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("funding:list")
    else:
        form = ImportForm()
    status = 400 if errors else 200
    return render(
        request,
        "funding/line_import.html",
        {"form": form, "errors": errors},
        status=status,
    )


@login_required
@require_POST
def overlap_resolve(request, pk: int, other: int):
    if not request.user.has_perm("funding.add_overlapresolution"):
        raise PermissionDenied
    line = get_object_or_404(FundingLine, pk=pk)
    other_line = get_object_or_404(FundingLine, pk=other)
    form = ResolveForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            lambda: services.overlap_resolve(
                line=line,
                other=other_line,
                note=form.cleaned_data["note"],
                by=request.user,
            ),
            _("The overlap has been marked as resolved."),
        )
    else:
        messages.error(request, _("Say how the overlap was resolved."))
    return redirect(line)
