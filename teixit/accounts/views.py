from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teixit.core.clients import client_ip
from teixit.core.service_calls import call_service
from teixit.network.roles import role_names

from .forms import ApiTokenForm, EmailAuthenticationForm, ProfileForm
from .models import ApiToken
from .selectors import user_affiliations
from .services import api_token_create, api_token_revoke, user_update_profile
from .throttling import password_reset_allowed


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, throttled per address and per client: over the limit
    nothing is sent and the visitor sees the usual "e-mail sent" page, so the
    page says nothing about which addresses exist or are throttled."""

    def form_valid(self, form):
        if password_reset_allowed(
            email=form.cleaned_data["email"],
            client=client_ip(self.request) or "unknown",
        ):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


@login_required
def profile(request):
    form = ProfileForm(instance=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user_update_profile(
                user=request.user,
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    labels = {
        "secretariat": _("Technical secretariat"),
        "body_member": _("Member of a governance body"),
        "technician": _("Technician of a member"),
        "registered": _("Registered member"),
        "public": _("Public"),
    }
    context = {
        "form": form,
        "token_form": ApiTokenForm(),
        "tokens": request.user.api_tokens.all(),
        "roles": [labels[name] for name in role_names(request.user)],
        "affiliations": user_affiliations(user=request.user),
        "new_token": request.session.pop("new_api_token", None),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        result = call_service(
            request,
            lambda: api_token_create(user=request.user, name=form.cleaned_data["name"]),
        )
        if result:
            _token, raw = result.value
            request.session["new_api_token"] = raw
            messages.success(
                request, _("Token created. Copy it now: it will not be shown again.")
            )
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")
