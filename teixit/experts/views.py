import json

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.core.htmx import template_for

from . import selectors, services
from .forms import (
    ConsultationForm,
    DeleteDataForm,
    DirectoryFilterForm,
    ExpertProfileForm,
    MessageForm,
)
from .models import Consultation, ExpertProfile


def expert_list(request):
    """Registered people see the directory; the public sees aggregated counts."""
    if not request.user.has_perm("experts.view_directory"):
        return render(
            request, "experts/expert_public.html", {"counts": selectors.expert_counts()}
        )
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    experts = selectors.expert_list(
        q=filters.get("q", ""),
        area=filters.get("area", ""),
        language=filters.get("language", ""),
        consultations=filters.get("consultations", False),
    )
    page = Paginator(experts, 30).get_page(request.GET.get("page"))
    own = ExpertProfile.objects.filter(user=request.user).first()
    context = {
        "form": form,
        "page_obj": page,
        "experts": page.object_list,
        "own_profile": own,
    }
    return render(
        request, template_for(request, "experts/expert_list.html", "results"), context
    )


def _profile_or_404(request, pk: int) -> ExpertProfile:
    profile = get_object_or_404(
        ExpertProfile.objects.select_related("user", "member"), pk=pk
    )
    if not rules.test_rule("experts.can_see_profile", request.user, profile):
        raise Http404
    return profile


@login_required
def expert_detail(request, pk: int):
    profile = _profile_or_404(request, pk)
    can_ask = rules.test_rule("experts.can_ask", request.user, profile)
    if request.method == "POST":
        if not can_ask:
            raise PermissionDenied
        form = ConsultationForm(request.POST)
        if form.is_valid():
            try:
                consultation = services.consultation_ask(
                    expert_profile=profile, requester=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Your consultation has been sent. The expert is told by e-mail."),
                )
                return redirect(consultation)
    else:
        form = ConsultationForm()
    return render(
        request,
        "experts/expert_detail.html",
        {"profile": profile, "form": form if can_ask else None},
    )


@login_required
def profile_edit(request):
    profile = ExpertProfile.objects.filter(user=request.user).first() or ExpertProfile(
        user=request.user
    )
    consent_text = services.consent_text()
    if request.method == "POST":
        form = ExpertProfileForm(
            request.POST, instance=profile, consent_text=consent_text
        )
        if form.is_valid():
            try:
                services.expert_profile_save(
                    profile=form.save(commit=False),
                    areas=form.cleaned_data["areas"],
                    consent=form.cleaned_data["consent"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if form.cleaned_data["consent"]:
                    messages.success(
                        request,
                        _("Your profile has been saved and appears in the directory."),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Your profile has been saved. It does not appear in the directory."
                        ),
                    )
                return redirect("experts:profile_edit")
    else:
        form = ExpertProfileForm(instance=profile, consent_text=consent_text)
    consents = profile.consents.all() if profile.pk else []
    return render(
        request,
        "experts/profile_form.html",
        {"form": form, "profile": profile, "consents": consents},
    )


@login_required
def consent_withdraw(request):
    if request.method != "POST":
        return redirect("experts:profile_edit")
    profile = get_object_or_404(ExpertProfile, user=request.user)
    services.expert_consent_withdraw(profile=profile)
    messages.success(
        request,
        _("Your consent has been withdrawn: you no longer appear in the directory."),
    )
    return redirect("experts:profile_edit")


@login_required
def my_data(request):
    """Download (GET ?download=1) or delete (POST) one's own data."""
    if request.method == "POST":
        form = DeleteDataForm(request.POST)
        if form.is_valid():
            services.expert_data_delete(user=request.user)
            messages.success(request, _("Your expert data has been deleted."))
            return redirect("experts:list")
    else:
        form = DeleteDataForm()
        if request.GET.get("download"):
            data = services.expert_data_export(user=request.user)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            stamp = timezone.localdate().isoformat()
            response["Content-Disposition"] = (
                f'attachment; filename="teixit-expert-data-{stamp}.json"'
            )
            return response
    return render(request, "experts/my_data.html", {"form": form})


@login_required
def consultation_list(request):
    return render(
        request,
        "experts/consultation_list.html",
        {"consultations": selectors.consultations_of(user=request.user)},
    )


@login_required
def consultation_detail(request, pk: int):
    consultation = get_object_or_404(
        Consultation.objects.select_related("expert", "requester"), pk=pk
    )
    if not rules.test_rule("experts.is_party", request.user, consultation):
        # Not a party: the thread does not exist for this person.
        raise Http404
    if request.method == "POST":
        if request.POST.get("action") == "close":
            services.consultation_close(consultation=consultation, by=request.user)
            messages.success(request, _("The consultation is closed."))
            return redirect(consultation)
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.consultation_reply(
                    consultation=consultation,
                    author=request.user,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your message has been sent."))
                return redirect(consultation)
    else:
        form = MessageForm()
    return render(
        request,
        "experts/consultation_detail.html",
        {
            "consultation": consultation,
            "thread": consultation.messages.select_related("author"),
            "form": form,
        },
    )
