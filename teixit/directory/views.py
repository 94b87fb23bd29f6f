from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teixit.core.crud import delete_page, edit_page
from teixit.core.htmx import template_for
from teixit.core.service_calls import call_service

from . import selectors, services
from .forms import DirectoryEntryForm, DirectoryFilterForm, ReviewForm
from .models import DirectoryEntry


def entry_list(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "entries": selectors.directory_list(
            kind=filters.get("kind") or "",
            scope=filters.get("scope") or "",
            theme=filters.get("theme") or "",
            q=filters.get("q") or "",
        ),
        "can_propose": request.user.has_perm("directory.add_directoryentry"),
        "can_review": request.user.has_perm("directory.review_directoryentry"),
        "my_proposals": selectors.proposals_of(request.user),
    }
    return render(
        request, template_for(request, "directory/entry_list.html", "results"), context
    )


def entry_detail(request, slug: str):
    entry = get_object_or_404(
        DirectoryEntry.objects.select_related(
            "municipality", "institution"
        ).prefetch_related("themes", "comarques", "trainings", "practices", "events"),
        slug=slug,
    )
    if not request.user.has_perm("directory.view_directoryentry", entry):
        raise Http404
    user = request.user
    return render(
        request,
        "directory/entry_detail.html",
        {
            "entry": entry,
            "open_data": selectors.network_open_data_links()
            if entry.is_this_network
            else [],
            "can_edit": user.has_perm("directory.change_directoryentry", entry),
            "can_review": user.has_perm("directory.review_directoryentry", entry)
            and entry.status == DirectoryEntry.Status.PROPOSED,
            "can_delete": user.has_perm("directory.delete_directoryentry", entry),
            "review_form": ReviewForm(),
        },
    )


def _saved_message(entry: DirectoryEntry) -> str:
    if entry.status == DirectoryEntry.Status.PROPOSED:
        return _("Thank you: the secretariat will review the entry.")
    return _("The entry has been saved.")


def _edit(request, entry: DirectoryEntry):
    return edit_page(
        request,
        form_class=DirectoryEntryForm,
        instance=entry,
        name="entry",
        template="directory/entry_form.html",
        save=lambda form: services.directory_entry_save(
            entry=form.save(commit=False),
            themes=form.cleaned_data["themes"],
            comarques=form.cleaned_data["comarques"],
            by=request.user,
        ),
        success=_saved_message,
    )


@login_required
def entry_propose(request):
    if not request.user.has_perm("directory.add_directoryentry"):
        raise PermissionDenied
    return _edit(request, DirectoryEntry())


@login_required
def entry_update(request, slug: str):
    entry = get_object_or_404(DirectoryEntry, slug=slug)
    if not request.user.has_perm("directory.change_directoryentry", entry):
        raise PermissionDenied
    return _edit(request, entry)


@login_required
def entry_delete(request, slug: str):
    entry = get_object_or_404(DirectoryEntry, slug=slug)
    if not request.user.has_perm("directory.delete_directoryentry", entry):
        raise PermissionDenied
    return delete_page(
        request,
        obj=entry,
        name="entry",
        template="directory/entry_confirm_delete.html",
        delete=lambda: services.directory_entry_delete(entry=entry, by=request.user),
        success=_("The entry has been deleted."),
        then="directory:list",
    )


@login_required
def review_queue(request):
    if not request.user.has_perm("directory.review_directoryentry"):
        raise PermissionDenied
    return render(
        request, "directory/review_queue.html", {"entries": selectors.review_queue()}
    )


@login_required
@require_POST
def entry_review(request, slug: str):
    entry = get_object_or_404(DirectoryEntry, slug=slug)
    if not request.user.has_perm("directory.review_directoryentry", entry):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to publish or reject the entry."))
        return redirect(entry)
    reviewed = call_service(
        request,
        lambda: services.directory_entry_review(
            entry=entry,
            publish=form.cleaned_data["decision"] == "publish",
            note=form.cleaned_data["note"],
            by=request.user,
        ),
        _("The entry has been reviewed."),
    )
    return redirect("directory:review") if reviewed else redirect(entry)
