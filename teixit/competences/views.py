from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import selectors, services
from .forms import SelfAssessmentForm


def _profile(**parts):
    """The default profile (404 without one), with the parts a page shows
    (`selectors.default_profile`)."""
    profile = selectors.default_profile(**parts)
    if profile is None:
        raise Http404
    return profile


def profile_view(request):
    profile = selectors.default_profile(themes=False)
    return render(request, "competences/profile.html", {"profile": profile})


@login_required
def self_assessment(request):
    """A person's private self-assessment; only they ever see it."""
    if not request.user.has_perm("competences.assess_self"):
        raise PermissionDenied
    profile = _profile(roles=False, themes=False)
    competences = list(profile.competences.all())
    if request.method == "POST":
        form = SelfAssessmentForm(request.POST, competences=competences)
        if form.is_valid():
            try:
                services.self_assessment_save(
                    user=request.user, profile=profile, levels=form.levels()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Your self-assessment has been saved. Only you can see it."),
                )
                return redirect("competences:gaps")
    else:
        levels = selectors.own_levels(user=request.user, profile=profile)
        form = SelfAssessmentForm(
            initial={f"c{pk}": str(level) for pk, level in levels.items()},
            competences=competences,
        )
    return render(
        request, "competences/self_assessment.html", {"profile": profile, "form": form}
    )


@login_required
def self_assessment_delete(request):
    if request.method == "POST":
        services.self_assessment_delete(
            user=request.user,
            profile=_profile(roles=False, descriptors=False, themes=False),
        )
        messages.success(request, _("Your self-assessment has been deleted."))
    return redirect("competences:self_assessment")


@login_required
def gaps(request):
    profile = _profile(roles=False, descriptors=False)
    levels = selectors.own_levels(user=request.user, profile=profile)
    return render(
        request,
        "competences/gaps.html",
        {
            "profile": profile,
            "assessed": bool(levels),
            "gaps": selectors.gaps_for(
                user=request.user, profile=profile, levels=levels
            ),
        },
    )


@login_required
def stats(request):
    if not request.user.has_perm("competences.view_stats"):
        raise PermissionDenied
    profile = _profile(roles=False, descriptors=False, themes=False)
    return render(
        request,
        "competences/stats.html",
        {"profile": profile, "stats": selectors.anonymous_counts(profile=profile)},
    )
