import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from teixit.core.form_html import unbound_form_html
from teixit.core.htmx import template_for
from teixit.core.storage_errors import storage_failure_as_error
from teixit.core.templatetags.teixit import form_body
from teixit.core.uploads import private_file_response

from .forms import (
    ActionFilterForm,
    ActionForm,
    IndicatorValueForm,
    PlanCopyForm,
    PlanForm,
    PlanImportForm,
    ProgressUpdateForm,
    ReportFilterForm,
)
from .governance_views import governance_context
from .importer import WorkplanFileError
from .models import Evidence, Plan
from .related import action_related
from .reports import report_csv, report_pdf, report_xlsx
from .selectors import (
    action_get_for_user,
    action_history,
    action_indicators,
    action_updates,
    actual_spans,
    my_actions,
    plan_get_for_user,
    plan_indicators,
    plan_list_for_user,
    plan_list_with_progress,
    plan_tree,
    recent_updates,
    report_rows,
)
from .services import (
    action_update,
    indicator_value_record,
    plan_copy,
    plan_import,
    plan_schedule_update,
    plan_update,
    progress_update_record,
)
from .timeline import timeline_svg


def _perms(user, plan: Plan) -> dict:
    return {
        "can_edit": user.has_perm("workplans.change_plan", plan),
        "can_copy": user.has_perm("workplans.copy_plan", plan),
        "can_import": user.has_perm("workplans.import_plan"),
    }


def plan_list(request):
    plans = plan_list_with_progress(plan_list_for_user(request.user))
    return render(
        request,
        "workplans/plan_list.html",
        {
            "plans": plans,
            "can_import": request.user.has_perm("workplans.import_plan"),
            "has_my_actions": request.user.is_authenticated,
        },
    )


def plan_detail(request, pk: int):
    """The overview: lines → objectives → actions, filtered by GET parameters."""
    plan = plan_get_for_user(pk=pk, user=request.user)
    form = ActionFilterForm(request.GET or None, plan=plan)
    filters = form.filters() if request.GET else None
    tree = plan_tree(plan, filters=filters)
    form.options_from(tree)
    context = {
        "plan": plan,
        "tree": tree,
        "form": form,
        "late_label": _("Late"),
        **_perms(request.user, plan),
    }
    return render(
        request, template_for(request, "workplans/plan_detail.html", "results"), context
    )


def plan_dashboard(request, pk: int):
    plan = plan_get_for_user(pk=pk, user=request.user)
    tree = plan_tree(plan)
    context = {
        "plan": plan,
        "tree": tree,
        "recent_updates": recent_updates(plan),
        "indicators": plan_indicators(plan),
        **_perms(request.user, plan),
    }
    return render(request, "workplans/plan_dashboard.html", context)


def plan_timeline(request, pk: int):
    plan = plan_get_for_user(pk=pk, user=request.user)
    form = ActionFilterForm(request.GET or None, plan=plan)
    tree = plan_tree(plan, filters=form.filters() if request.GET else None)
    form.options_from(tree)
    spans = actual_spans(plan)
    svg = timeline_svg(tree, spans, today=timezone.localdate())
    # The same timeline as a vertical list, shown instead of the drawing on
    # narrow screens (workplans.css): each action's planned periods and the
    # dates of its first and latest update.
    for line in tree.lines:
        line.timeline_objectives = [o for o in line.objective_list if o.shown_actions]
        for objective in line.timeline_objectives:
            for action in objective.shown_actions:
                action.actual_span = spans.get(action.pk)
    context = {
        "plan": plan,
        "tree": tree,
        "form": form,
        "svg": svg,
        **_perms(request.user, plan),
    }
    return render(
        request,
        template_for(request, "workplans/plan_timeline.html", "results"),
        context,
    )


def _report_context(request, plan: Plan) -> dict:
    form = ReportFilterForm(request.GET or None, plan=plan)
    filters = form.filters() if request.GET else None
    tree = plan_tree(plan, filters=filters)
    return {
        "plan": plan,
        "tree": tree,
        "form": form,
        "rows": report_rows(tree),
        "period": form.cleaned_data.get("period")
        if form.is_bound and form.is_valid()
        else None,
        "body": form.cleaned_data.get("body")
        if form.is_bound and form.is_valid()
        else None,
        "generated_on": timezone.localdate(),
        "query": request.GET.urlencode(),
    }


def plan_report(request, pk: int, fmt: str = "html"):
    """The plan's state for the assembly, as a page, PDF, .xlsx or CSV."""
    plan = plan_get_for_user(pk=pk, user=request.user)
    context = _report_context(request, plan)
    filename = slugify(plan.title) or f"plan-{plan.pk}"
    if fmt == "html":
        return render(
            request,
            "workplans/plan_report.html",
            {**context, **_perms(request.user, plan)},
        )
    if fmt == "csv":
        response = HttpResponse(
            report_csv(context["rows"]), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            report_xlsx(context["tree"], context["rows"]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        html = render_to_string(
            "workplans/report_document.html", context, request=request
        )
        response = HttpResponse(report_pdf(html), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = plan_get_for_user(pk=pk, user=request.user)
    if not request.user.has_perm("workplans.change_plan", plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            plan_update(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return render(request, "workplans/plan_form.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_copy_view(request, pk: int):
    plan = plan_get_for_user(pk=pk, user=request.user)
    if not request.user.has_perm("workplans.copy_plan", plan):
        raise PermissionDenied
    years = plan.end_on.year - plan.start_on.year
    start = dt.date(plan.end_on.year + 1, 1, 1)
    initial = {
        "title": _("Work plan %(start)s-%(end)s")
        % {"start": start.year, "end": start.year + years},
        "start_on": start,
        "end_on": dt.date(start.year + years, 12, 31),
    }
    form = PlanCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = plan_copy(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The new draft plan was created from “%(plan)s”.") % {"plan": plan},
            )
            return redirect(new)
    return render(request, "workplans/plan_copy.html", {"plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_view(request):
    if not request.user.has_perm("workplans.import_plan"):
        raise PermissionDenied
    form = PlanImportForm(request.POST or None, request.FILES or None)
    report = None
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = plan_import(
                data=upload.read(),
                filename=upload.name,
                plan=form.cleaned_data.get("plan"),
                dry_run=form.cleaned_data["dry_run"],
                allow_removals=form.cleaned_data["allow_removals"],
            )
        except WorkplanFileError as exc:
            errors = exc.messages
        else:
            if not report.dry_run:
                messages.success(
                    request,
                    _("The plan was imported: %(count)s changes.")
                    % {"count": len(report.changes)},
                )
                return redirect(report.plan)
    return render(
        request,
        "workplans/plan_import.html",
        {"form": form, "report": report, "errors": errors},
    )


@require_http_methods(["GET", "POST"])
def action_detail(request, pk: int):
    """An action, its history of updates and (for those who may) the form to
    record progress."""
    action = action_get_for_user(pk=pk, user=request.user)
    plan = action.objective.line.plan
    can_record = request.user.has_perm("workplans.record_progress", action)
    initial = {
        "on": timezone.localdate(),
        "status": action.status,
        "percent": action.progress,
    }
    indicators = action_indicators(action)
    manual = [i for i in indicators if not i.source]
    # The forms only for those who may record (the page shows no other); the
    # progress form is built when posted (unbound, its HTML is kept below).
    form = None
    value_form = (
        IndicatorValueForm(
            indicators=manual, initial={"year": timezone.localdate().year}
        )
        if can_record and manual
        else None
    )
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if request.POST.get("form") == "indicator":
            value_form = IndicatorValueForm(request.POST, indicators=manual)
            if value_form.is_valid():
                try:
                    indicator_value_record(
                        user=request.user,
                        **value_form.cleaned_data,
                    )
                except ValidationError as exc:
                    value_form.add_error(None, exc)
                else:
                    messages.success(request, _("The indicator value was saved."))
                    return redirect(action)
        else:
            form = ProgressUpdateForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    with storage_failure_as_error():
                        progress_update_record(
                            action=action,
                            author=request.user,
                            status=data["status"],
                            percent=data["percent"],
                            note=data["note"],
                            on=data["on"],
                            links=data["links"],
                            files=data["files"],
                        )
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        for field, errors in exc.message_dict.items():
                            form.add_error(
                                field if field in form.fields else None, errors
                            )
                    else:
                        form.add_error(None, exc)
                else:
                    messages.success(request, _("The progress was recorded."))
                    return redirect(action)
    updates, support_evidence = action_updates(action)
    context = {
        "plan": plan,
        "action": action,
        "code": action.code,
        "updates": updates,
        "history": action_history(action),
        "can_record": can_record,
        "can_edit": request.user.has_perm("workplans.change_action", action),
        # An unbound progress form's HTML is kept (teixit.core.form_html).
        "form_html": None
        if not can_record
        else form_body(form)
        if form is not None
        else unbound_form_html(ProgressUpdateForm, initial=initial),
        "indicators": indicators,
        "value_form": value_form,
        "related": action_related(action=action, user=request.user),
        **governance_context(action, request.user, support_evidence=support_evidence),
    }
    return render(request, "workplans/action_detail.html", context)


def evidence_file(request, pk: int):
    """An evidence file, to those who may read its plan (404 otherwise, as for
    the plan itself)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("update"), pk=pk, file__gt=""
    )
    action_get_for_user(pk=evidence.action_id_of, user=request.user)
    return private_file_response(evidence.file)


@login_required
@require_http_methods(["GET", "POST"])
def plan_schedule(request, pk: int):
    """The secretariat's grid of actions × periods to set planned periods in
    bulk (one checkbox per cell, named "planned", valued "action:period")."""
    plan = plan_get_for_user(pk=pk, user=request.user)
    if not request.user.has_perm("workplans.change_plan", plan):
        raise PermissionDenied
    tree = plan_tree(plan)
    errors: list[str] = []
    if request.method == "POST":
        planned: set[tuple[int, int]] = set()
        for value in request.POST.getlist("planned"):
            action_id, _sep, period_id = value.partition(":")
            if not (action_id.isdigit() and period_id.isdigit()):
                errors.append(_("A mark of the grid could not be read."))
                break
            planned.add((int(action_id), int(period_id)))
        if not errors:
            try:
                counts = plan_schedule_update(
                    plan=plan, user=request.user, planned=planned
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                messages.success(
                    request,
                    _(
                        "The planned periods were saved: %(added)s marks added, "
                        "%(removed)s removed."
                    )
                    % counts,
                )
                return redirect("workplans:plan_schedule", pk=plan.pk)
    rows = []
    for action in tree.actions:
        marked = {p.period_id for p in action.planned_list}
        rows.append(
            {
                "action": action,
                "cells": [
                    {
                        "period": period,
                        "value": f"{action.pk}:{period.pk}",
                        "checked": period.pk in marked,
                    }
                    for period in tree.periods
                ],
            }
        )
    return render(
        request,
        "workplans/plan_schedule.html",
        {"plan": plan, "tree": tree, "rows": rows, "errors": errors},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    action = action_get_for_user(pk=pk, user=request.user)
    if not request.user.has_perm("workplans.change_action", action):
        raise PermissionDenied
    plan = action.objective.line.plan
    initial = {
        "text": action.text,
        "weight": action.weight,
        "periods": [p.period_id for p in action.planned_periods.all()],
    }
    form = ActionForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_update(
                action=action,
                user=request.user,
                text=data["text"],
                weight=data["weight"],
                period_ids=[p.pk for p in data["periods"]],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The action was saved."))
            return redirect(action)
    return render(
        request,
        "workplans/action_form.html",
        {"plan": plan, "action": action, "form": form},
    )


@login_required
def my_actions_view(request):
    today = timezone.localdate()
    actions = list(my_actions(request.user))
    from .selectors import action_is_late

    for action in actions:
        action.is_late = action_is_late(action, today)
    return render(request, "workplans/my_actions.html", {"actions": actions})
