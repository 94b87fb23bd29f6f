from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from teixit.core.htmx import template_for

from . import selectors, services
from .forms import MunicipalServiceForm, ServiceFilterForm
from .models import MunicipalService


def _filters(request):
    form = ServiceFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


def service_list(request):
    form, filters = _filters(request)
    context = {
        "form": form,
        "services": selectors.municipal_service_list(**filters),
        "can_add": request.user.has_perm("municipal_services.add_municipalservice"),
    }
    return render(
        request,
        template_for(request, "municipal_services/service_list.html", "results"),
        context,
    )


def service_compare(request):
    form, filters = _filters(request)
    context = {"form": form, "matrix": selectors.comparison_matrix(**filters)}
    return render(
        request,
        template_for(request, "municipal_services/service_compare.html", "results"),
        context,
    )


def service_detail(request, pk: int):
    service = get_object_or_404(
        MunicipalService.objects.select_related(
            "member", "service_type"
        ).prefetch_related("partner_members"),
        pk=pk,
    )
    can_edit = request.user.has_perm(
        "municipal_services.change_municipalservice", service
    )
    return render(
        request,
        "municipal_services/service_detail.html",
        {"service": service, "can_edit": can_edit},
    )


def _edit(request, service: MunicipalService):
    if request.method == "POST":
        form = MunicipalServiceForm(request.POST, instance=service, user=request.user)
        if form.is_valid():
            try:
                saved = services.municipal_service_save(
                    service=form.save(commit=False),
                    partner_members=form.cleaned_data["partner_members"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error("member", str(exc))
            else:
                messages.success(request, _("The service has been saved."))
                return redirect(saved)
    else:
        form = MunicipalServiceForm(instance=service, user=request.user)
    return render(
        request,
        "municipal_services/service_form.html",
        {"form": form, "service": service},
    )


@login_required
def service_create(request):
    if not request.user.has_perm("municipal_services.add_municipalservice"):
        raise PermissionDenied
    return _edit(request, MunicipalService())


@login_required
def service_update(request, pk: int):
    service = get_object_or_404(MunicipalService, pk=pk)
    if not request.user.has_perm("municipal_services.change_municipalservice", service):
        raise PermissionDenied
    return _edit(request, service)


@login_required
def service_delete(request, pk: int):
    service = get_object_or_404(MunicipalService, pk=pk)
    if not request.user.has_perm("municipal_services.delete_municipalservice", service):
        raise PermissionDenied
    if request.method == "POST":
        services.municipal_service_delete(service=service, by=request.user)
        messages.success(request, _("The service has been deleted."))
        return redirect("municipal_services:list")
    return render(
        request, "municipal_services/service_confirm_delete.html", {"service": service}
    )
