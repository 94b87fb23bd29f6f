"""Pages of the needs register and the social market."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teixit.core.htmx import template_for
from teixit.core.service_calls import call_service

from . import selectors, services
from .forms import (
    NeedFilterForm,
    NeedForm,
    NeedStatusForm,
    SupplierMarkForm,
    SupplierSearchForm,
)
from .models import PUBLIC_STATUSES, Need

PAGE_SIZE = 20


def _map_settings() -> dict:
    return {
        "tiles": settings.TEIXIT_MAP_TILE_URL,
        "attribution": settings.TEIXIT_MAP_TILE_ATTRIBUTION,
    }


def _visible_need(request, pk: int) -> Need:
    # its themes and sectors read once: the page shows both and its matches
    # are found by the sectors
    need = get_object_or_404(Need.objects.prefetch_related("themes", "sectors"), pk=pk)
    if not request.user.has_perm("needs.view_need", need):
        raise Http404
    return need


def _match_points(matches) -> list[dict]:
    return [
        {
            "lat": m.latitude,
            "lon": m.longitude,
            "name": m.name,
            "place": m.explanation,
            "url": m.url,
        }
        for m in matches
    ]


def need_list(request):
    """Needs by theme and territory, with counts and a map."""
    network = selectors.is_network_person(request.user)
    statuses = (
        Need.Status.choices
        if network
        else [(s.value, s.label) for s in PUBLIC_STATUSES]
    )
    form = NeedFilterForm(request.GET or None, statuses=statuses)
    filters = form.cleaned_data if form.is_valid() else {}
    needs = selectors.need_list_for_user(
        request.user,
        theme=filters.get("theme", ""),
        comarca=filters.get("comarca", ""),
        status=filters.get("status", ""),
        q=filters.get("q", ""),
        with_sectors=False,  # the rows show none
    )
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "needs": page.object_list,
        "total": page.paginator.count,
        "counts": selectors.need_counts(needs),
        "map_points": selectors.need_map_points(page.object_list),
        "map_settings": _map_settings(),
        "can_add": request.user.has_perm("needs.add_need"),
    }
    return render(
        request, template_for(request, "needs/need_list.html", "results"), context
    )


def need_detail(request, pk: int):
    """A need, its history and the SSE entities that could answer it (list and
    map), with the network's marks."""
    need = _visible_need(request, pk)
    matches = selectors.need_matches(need)
    can_mark = request.user.has_perm("needs.mark_supplier", need)
    can_review = request.user.has_perm("needs.review_need", need)
    history = []
    if selectors.is_network_person(request.user):
        history = list(need.history.select_related("history_user")[:20])
    context = {
        "need": need,
        "matches": matches,
        "map_points": _match_points(matches),
        "map_settings": _map_settings(),
        "can_mark": can_mark,
        "can_edit": request.user.has_perm("needs.change_need", need),
        "can_review": can_review,
        "status_form": NeedStatusForm(initial={"status": need.status})
        if can_review
        else None,
        "next_statuses": [
            (s, Need.Status(s).label)
            for s in Need.Status.values
            if s in services.STATUS_FLOW[need.status]
        ],
        "mark_states": SupplierMarkForm.base_fields["state"].choices,
        "history": history,
    }
    return render(request, "needs/need_detail.html", context)


def _edit(request, need: Need | None):
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if need is None:
                from teixit.network.models import Member

                own = Member.objects.of_technician(request.user).order_by("pk")
                if own:
                    data["member"] = own[0]
                need = services.need_create(data=data, raised_by=request.user)
                messages.success(
                    request,
                    _("The need was raised. The secretariat will review it."),
                )
            else:
                need = services.need_update(need=need, data=data)
                messages.success(request, _("The need was saved."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(need)
    return render(request, "needs/need_form.html", {"form": form, "need": need})


@login_required
def need_create(request):
    if not request.user.has_perm("needs.add_need"):
        raise PermissionDenied
    return _edit(request, None)


@login_required
def need_update(request, pk: int):
    need = get_object_or_404(Need, pk=pk)
    if not request.user.has_perm("needs.change_need", need):
        raise PermissionDenied
    return _edit(request, need)


@login_required
@require_POST
def need_status(request, pk: int):
    need = get_object_or_404(Need, pk=pk)
    if not request.user.has_perm("needs.review_need", need):
        raise PermissionDenied
    form = NeedStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(need)
    if call_service(
        request,
        lambda: services.need_set_status(
            need=need,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(
            request,
            _("The need is now “%(status)s”.") % {"status": need.get_status_display()},
        )
    return redirect(need)


@login_required
@require_POST
def need_mark(request, pk: int):
    from teixit.entities.models import Entity

    need = get_object_or_404(Need, pk=pk)
    if not request.user.has_perm("needs.mark_supplier", need):
        raise PermissionDenied
    form = SupplierMarkForm(request.POST)
    entity = None
    if form.is_valid():
        entity = (
            Entity.objects.published().filter(pk=form.cleaned_data["entity"]).first()
        )
    if entity is None:
        messages.error(request, _("Choose a mark for a published entity."))
        return redirect(need)
    services.supplier_mark_set(
        need=need,
        entity=entity,
        state=form.cleaned_data["state"],
        note=form.cleaned_data["note"],
        user=request.user,
    )
    messages.success(request, _("%(entity)s was marked.") % {"entity": entity.name})
    return redirect(f"{need.get_absolute_url()}#match-{entity.pk}")


def supplier_search(request):
    """Buy from the SSE: a product or service and a place → SSE entities near
    it with their public contacts (for the public and procurement staff)."""
    form = SupplierSearchForm(request.GET or None)
    matches = None
    if form.is_bound and form.is_valid():
        matches = selectors.supplier_search(
            text=form.cleaned_data["what"],
            municipality=form.cleaned_data["place"],
            radius_km=form.cleaned_data["radius"] or 25,
        )
    context = {
        "form": form,
        "matches": matches,
        "map_points": _match_points(matches or []),
        "map_settings": _map_settings(),
    }
    return render(
        request, template_for(request, "needs/supplier_search.html", "results"), context
    )
