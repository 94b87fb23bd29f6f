from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teixit.core.crud import viewable_or_404
from teixit.core.htmx import template_for
from teixit.core.service_calls import call_service, errors_to_form

from . import ical, selectors, services
from .forms import (
    AttendanceForm,
    SessionFormSet,
    TrainingFilterForm,
    TrainingForm,
    sessions_from_formset,
)
from .models import Registration, Training, TrainingSession


def _visible_training(request, pk: int, *, related: bool = True) -> Training:
    """The training if the person may see it (404 otherwise); `related`: with
    what its page shows (`selectors.training_get`)."""
    return viewable_or_404(
        request,
        lambda: selectors.training_get(pk=pk, related=related),
        "trainings.view_training",
    )


def training_list(request):
    form = TrainingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    trainings = selectors.training_list(
        user=request.user,
        when=filters.get("when") or "upcoming",
        theme=filters.get("theme", ""),
        language=filters.get("language", ""),
        q=filters.get("q", ""),
        with_themes=False,
    )
    page = Paginator(trainings, 20).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "trainings": page.object_list,
        "when": filters.get("when") or "upcoming",
        "can_add": request.user.has_perm("trainings.add_training"),
    }
    return render(
        request,
        template_for(request, "trainings/training_list.html", "results"),
        context,
    )


def registration_message(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITLISTED:
        return _(
            "This training is full: you are on the waiting list, position %(position)s."
        ) % {"position": registration.waitlist_position}
    return _("You are registered for this training.")


def training_detail(request, pk: int):
    training = _visible_training(request, pk)
    registration = selectors.registration_for(training=training, user=request.user)
    can_manage = request.user.has_perm("trainings.manage_registrations", training)
    context = {
        "training": training,
        "sessions": list(training.sessions.all()),
        "counts": selectors.training_counts(training=training),
        "registration": registration,
        "registration_message": registration_message(registration)
        if registration and registration.status != Registration.Status.CANCELLED
        else "",
        "can_register": request.user.is_authenticated
        and request.user.has_perm("trainings.register_training", training),
        "can_manage": can_manage,
        "show_meeting_link": request.user.has_perm(
            "trainings.view_meeting_link", training
        ),
        "registrations": selectors.registrations_of_training(training=training)
        if can_manage
        else None,
    }
    return render(request, "trainings/training_detail.html", context)


def _edit(request, training: Training | None):
    instance = training or Training()
    if request.method == "POST":
        form = TrainingForm(request.POST, instance=instance, user=request.user)
        formset = SessionFormSet(request.POST, instance=instance, prefix="sessions")
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.training_save(
                    training=form.save(commit=False),
                    themes=form.cleaned_data["themes"],
                    sessions=sessions_from_formset(formset),
                    by=request.user,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The training has been saved."))
                return redirect(saved)
    else:
        form = TrainingForm(instance=instance, user=request.user)
        formset = SessionFormSet(instance=instance, prefix="sessions")
    return render(
        request,
        "trainings/training_form.html",
        {"form": form, "formset": formset, "training": training},
    )


@login_required
def training_create(request):
    if not request.user.has_perm("trainings.add_training"):
        raise PermissionDenied
    return _edit(request, None)


@login_required
def training_update(request, pk: int):
    training = get_object_or_404(Training, pk=pk)
    if not request.user.has_perm("trainings.change_training", training):
        raise PermissionDenied
    return _edit(request, training)


# Refusals of the services (ValidationError, PermissionDenied) as messages.
_service_action = partial(call_service, denied_as_message=True)


@login_required
@require_POST
def training_publish(request, pk: int):
    training = get_object_or_404(Training, pk=pk)
    if not request.user.has_perm("trainings.publish_training", training):
        raise PermissionDenied
    _service_action(
        request,
        lambda: services.training_publish(training=training, by=request.user),
        _("The training is published."),
    )
    return redirect(training)


@login_required
@require_POST
def training_cancel(request, pk: int):
    training = get_object_or_404(Training, pk=pk)
    if not request.user.has_perm("trainings.publish_training", training):
        raise PermissionDenied
    _service_action(
        request,
        lambda: services.training_cancel(training=training, by=request.user),
        _("The training has been cancelled."),
    )
    return redirect(training)


@login_required
@require_POST
def training_register(request, pk: int):
    training = _visible_training(request, pk)
    result = call_service(
        request,
        lambda: services.training_register(training=training, user=request.user),
        denied_as_message=True,
    )
    if result:
        registration = result.value
        level = (
            messages.WARNING
            if registration.status == Registration.Status.WAITLISTED
            else messages.SUCCESS
        )
        messages.add_message(request, level, registration_message(registration))
    return redirect(training)


@login_required
@require_POST
def registration_cancel(request, pk: int, registration_pk: int | None = None):
    training = _visible_training(request, pk)
    if registration_pk is None:
        registration = get_object_or_404(
            Registration, training=training, user=request.user
        )
    else:
        registration = get_object_or_404(
            Registration, training=training, pk=registration_pk
        )
    _service_action(
        request,
        lambda: services.registration_cancel(
            registration=registration, by=request.user
        ),
        _("The registration has been cancelled."),
    )
    return redirect(training)


@login_required
def attendance(request, pk: int, session_pk: int):
    training = _visible_training(request, pk, related=False)
    if not request.user.has_perm("trainings.manage_registrations", training):
        raise PermissionDenied
    session = get_object_or_404(TrainingSession, training=training, pk=session_pk)
    registrations = list(
        selectors.registrations_of_training(training=training).filter(
            status=Registration.Status.REGISTERED
        )
    )
    present = set(
        session.attendances.filter(present=True).values_list("user_id", flat=True)
    )
    if request.method == "POST":
        form = AttendanceForm(request.POST, registrations=registrations)
        if form.is_valid():
            try:
                count = services.attendance_record(
                    session=session,
                    present_user_ids={int(v) for v in form.cleaned_data["present"]},
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Attendance saved: %(count)s present.") % {"count": count},
                )
                return redirect(training)
    else:
        form = AttendanceForm(
            initial={"present": [str(i) for i in present]}, registrations=registrations
        )
    return render(
        request,
        "trainings/attendance_form.html",
        {"training": training, "session": session, "form": form},
    )


def _ics_response(request, sessions, name: str, filename: str) -> HttpResponse:
    body = ical.calendar(
        sessions,
        host=request.get_host(),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        name=name,
    )
    response = HttpResponse(
        body.encode("utf-8"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def training_ics(request, pk: int):
    training = _visible_training(request, pk)
    sessions = training.sessions.select_related(
        "training", "training__member", "training__institution"
    )
    return _ics_response(
        request, sessions, training.title, f"training-{training.pk}.ics"
    )


def training_feed(request):
    return _ics_response(
        request, selectors.upcoming_sessions(), _("Upcoming trainings"), "trainings.ics"
    )
