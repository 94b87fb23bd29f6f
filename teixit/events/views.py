import calendar as pycalendar
import datetime as dt
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from teixit.core.crud import viewable_or_404
from teixit.core.htmx import template_for
from teixit.core.service_calls import call_service, errors_to_form
from teixit.core.uploads import private_file_response

from . import ical, selectors, services
from .forms import (
    AgreementForm,
    AttendanceForm,
    DocumentForm,
    EventFilterForm,
    EventForm,
    InvitationAnswerForm,
    MinutesForm,
    RegistrationForm,
    RepresentationForm,
)
from .models import Agreement, Event, EventDocument, Invitation, Registration


def _visible_event(request, pk: int, *, related: bool = True) -> Event:
    """The event if the person may see it (404 otherwise); `related`: with
    what its page shows (`selectors.event_get`)."""
    return viewable_or_404(
        request,
        lambda: selectors.event_get(pk=pk, related=related),
        "events.view_event",
    )


EVENTS_PER_PAGE = 20
REPRESENTATION_PER_PAGE = 50

# Refusals of the services (ValidationError, PermissionDenied) as messages.
_service_action = partial(call_service, denied_as_message=True)


def _month_weeks(events, month: dt.date) -> list[list[dict]]:
    """The weeks of a month (Monday first), each day with its events."""
    by_day: dict[dt.date, list] = {}
    for event in events:
        day = event.local_start.date()
        end = event.local_end.date()
        while day <= end:
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(
        month.year, month.month
    ):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == month.month,
                    "events": by_day.get(day, []),
                }
                for day in week
            ]
        )
    return weeks


def event_list(request):
    """The agenda: a list of upcoming events or a month view, filtered by kind
    and theme."""
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    view = filters.get("view") or "list"
    tz = timezone.get_current_timezone()
    month = filters.get("month")
    start = end = None
    if view == "month":
        month = month or timezone.localdate().replace(day=1)
        start = dt.datetime(month.year, month.month, 1, tzinfo=tz)
        next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        end = dt.datetime(next_month.year, next_month.month, 1, tzinfo=tz)
    elif month:
        start = dt.datetime(month.year, month.month, 1, tzinfo=tz)
    else:
        start = timezone.now() - dt.timedelta(hours=12)
    events = selectors.event_list(
        user=request.user,
        kind=filters.get("kind", ""),
        theme=filters.get("theme", ""),
        start=start,
        end=end,
        with_themes=False,
    )
    if view == "month":
        page = None
    else:
        # The list runs to the end of the agenda: a page at a time.
        page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
        events = page.object_list
    context = {
        "form": form,
        "events": events,
        "page_obj": page,
        "view": view,
        "can_add": request.user.has_perm("events.add_event"),
        "feed_query": request.GET.urlencode(),
    }
    if view == "month":
        previous = (month - dt.timedelta(days=1)).replace(day=1)
        context.update(
            month=month,
            weeks=_month_weeks(events, month),
            previous_month=previous.strftime("%Y-%m"),
            next_month=next_month.strftime("%Y-%m"),
        )
    return render(
        request, template_for(request, "events/event_list.html", "results"), context
    )


def registration_message(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITLISTED:
        return _(
            "This event is full: you are on the waiting list, position %(position)s."
        ) % {"position": registration.waitlist_position}
    return _("You are registered for this event.")


def event_detail(request, pk: int):
    event = _visible_event(request, pk)
    user = request.user
    registration = selectors.registration_for(event=event, user=user)
    active = registration and registration.status != Registration.Status.CANCELLED
    can_manage = user.has_perm("events.manage_registrations", event)
    can_invite = user.has_perm("events.invite_event", event)
    can_minutes = user.has_perm("events.write_minutes", event)
    # the invitations listed and counted: read once
    invitations = (
        list(selectors.invitations_of_event(event=event)) if can_invite else None
    )
    context = {
        "event": event,
        "counts": selectors.event_counts(event=event),
        "registration": registration if active else None,
        "registration_message": registration_message(registration) if active else "",
        "can_register": user.has_perm("events.register_event", event)
        and event.registration_is_open(),
        "show_online_link": bool(
            event.online_url
            and (
                (active and registration.status == Registration.Status.REGISTERED)
                or can_manage
            )
        ),
        "can_edit": user.has_perm("events.change_event", event),
        "can_publish": user.has_perm("events.publish_event", event),
        "can_manage": can_manage,
        "can_invite": can_invite,
        "can_minutes": can_minutes,
        "registrations": selectors.registrations_of_event(event=event)
        if can_manage
        else None,
        "invitations": invitations,
        "invitation_counts": selectors.invitation_counts(
            event=event, invitations=invitations
        )
        if can_invite
        else None,
        "agreements": event.agreements.select_related(
            "action__objective__line", "responsible_user", "responsible_body"
        ),
        "agreement_form": AgreementForm() if can_minutes else None,
        "document_form": DocumentForm() if can_minutes else None,
        "now": timezone.now(),
    }
    return render(request, "events/event_detail.html", context)


def _edit(request, event: Event | None):
    instance = event or Event()
    form = EventForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(
                event=form.save(commit=False),
                themes=form.cleaned_data["themes"],
                agenda=form.cleaned_data["agenda"],
                by=request.user,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect(saved)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def event_create(request):
    if not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    return _edit(request, None)


@login_required
def event_update(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    if not request.user.has_perm("events.change_event", event):
        raise PermissionDenied
    return _edit(request, event)


def _status_view(service, success: str, perm: str):
    @login_required
    @require_POST
    def view(request, pk: int):
        event = get_object_or_404(Event, pk=pk)
        if not request.user.has_perm(perm, event):
            raise PermissionDenied
        _service_action(
            request, lambda: service(event=event, by=request.user), str(success)
        )
        return redirect(event)

    return view


event_submit = _status_view(
    services.event_submit,
    gettext_lazy("The event has been sent for review."),
    "events.change_event",
)
event_publish = _status_view(
    services.event_publish,
    gettext_lazy("The event is published."),
    "events.publish_event",
)
event_cancel = _status_view(
    services.event_cancel,
    gettext_lazy("The event has been cancelled."),
    "events.publish_event",
)
event_mark_held = _status_view(
    services.event_mark_held,
    gettext_lazy("The event is recorded as held."),
    "events.publish_event",
)


# Registration ------------------------------------------------------------------


@login_required
def event_register(request, pk: int):
    event = _visible_event(request, pk, related=False)
    if not request.user.has_perm("events.register_event", event):
        raise PermissionDenied
    form = RegistrationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.event_register(
                event=event, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            level = (
                messages.WARNING
                if registration.status == Registration.Status.WAITLISTED
                else messages.SUCCESS
            )
            messages.add_message(request, level, registration_message(registration))
            return redirect(event)
    return render(
        request, "events/registration_form.html", {"event": event, "form": form}
    )


@login_required
@require_POST
def registration_cancel(request, pk: int, registration_pk: int | None = None):
    event = _visible_event(request, pk)
    if registration_pk is None:
        registration = get_object_or_404(Registration, event=event, user=request.user)
    else:
        registration = get_object_or_404(Registration, event=event, pk=registration_pk)
    _service_action(
        request,
        lambda: services.registration_cancel(
            registration=registration, by=request.user
        ),
        _("The registration has been cancelled."),
    )
    return redirect(event)


@login_required
def attendance(request, pk: int):
    """Attendance on the day: a list of the people registered to tick, usable
    on a phone."""
    event = _visible_event(request, pk, related=False)
    if not request.user.has_perm("events.manage_registrations", event):
        raise PermissionDenied
    registrations = list(
        selectors.registrations_of_event(event=event).filter(
            status=Registration.Status.REGISTERED
        )
    )
    if request.method == "POST":
        form = AttendanceForm(request.POST, registrations=registrations)
        if form.is_valid():
            try:
                count = services.attendance_record(
                    event=event,
                    present_ids={int(v) for v in form.cleaned_data["present"]},
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Attendance saved: %(count)s came.") % {"count": count}
                )
                return redirect("events:attendance", pk=event.pk)
    else:
        form = AttendanceForm(
            initial={"present": [str(r.pk) for r in registrations if r.attended]},
            registrations=registrations,
        )
    return render(
        request,
        "events/attendance_form.html",
        {"event": event, "form": form, "count": len(registrations)},
    )


@login_required
def certificate(request, pk: int, registration_pk: int | None = None):
    event = _visible_event(request, pk, related=False)
    if registration_pk is None:
        registration = get_object_or_404(Registration, event=event, user=request.user)
    else:
        registration = get_object_or_404(Registration, event=event, pk=registration_pk)
    result = call_service(
        request,
        lambda: services.certificate_pdf(registration=registration, by=request.user),
    )
    if not result:
        return redirect(event)
    pdf = result.value
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-event-{event.pk}.pdf"'
    )
    return response


# Invitations -------------------------------------------------------------------


@login_required
def invitations(request, pk: int):
    """The secretariat's invitation list: candidates by theme to add, the
    invitations with their answers, sending and re-sending."""
    event = _visible_event(request, pk, related=False)
    if not request.user.has_perm("events.invite_event", event):
        raise PermissionDenied
    base_url = request.build_absolute_uri("/").rstrip("/")
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "add":
            keys = request.POST.getlist("candidate")
            if not keys:
                messages.error(request, _("Choose at least one recipient."))
            else:
                _service_action(
                    request,
                    lambda: services.invitations_add(
                        event=event, keys=keys, by=request.user
                    ),
                    _("The recipients have been added to the invitation list."),
                )
        elif step in ("send", "resend"):
            ids = None
            if step == "resend":
                ids = [
                    int(i) for i in request.POST.getlist("invitation") if i.isdigit()
                ]
                if not ids:
                    messages.error(request, _("Choose the invitations to send again."))
                    return redirect("events:invitations", pk=event.pk)
            try:
                count = services.invitations_send(
                    event=event, by=request.user, base_url=base_url, resend_ids=ids
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s invitation sent.",
                        "%(count)s invitations sent.",
                        count,
                    )
                    % {"count": count},
                )
        elif step == "attended":
            invitation = get_object_or_404(
                Invitation, event=event, pk=request.POST.get("invitation")
            )
            services.invitation_mark_attended(
                invitation=invitation,
                came=request.POST.get("came") == "1",
                by=request.user,
            )
        return redirect("events:invitations", pk=event.pk)
    invitations = list(selectors.invitations_of_event(event=event))
    return render(
        request,
        "events/invitations.html",
        {
            "event": event,
            "candidates": selectors.invitation_candidates(event=event),
            "invitations": invitations,
            "counts": selectors.invitation_counts(event=event, invitations=invitations),
        },
    )


def invitation_answer(request, token: str):
    """The invitee's personal page: answer yes / no / who attends, without an
    account."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("event", "institution"), token=token
    )
    event = invitation.event
    initial = {"answer": invitation.answer, "attendees": invitation.attendees}
    form = InvitationAnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_answer(invitation=invitation, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Thank you: your answer has been recorded."))
            return redirect(invitation)
    return render(
        request,
        "events/invitation_answer.html",
        {"invitation": invitation, "event": event, "form": form},
    )


# Minutes, documents and agreements ------------------------------------------------


@login_required
def minutes(request, pk: int):
    event = _visible_event(request, pk)
    if not request.user.has_perm("events.write_minutes", event):
        raise PermissionDenied
    form = MinutesForm(
        request.POST or None, request.FILES or None, initial={"minutes": event.minutes}
    )
    rep_form = None
    if event.is_external:
        rep_form = RepresentationForm(
            request.POST if request.POST.get("form") == "representation" else None,
            initial={
                "representatives": list(event.representatives.all()),
                "presented": event.presented,
                "contacts_made": event.contacts_made,
                "follow_up": event.follow_up,
            },
        )
    if request.method == "POST":
        if request.POST.get("form") == "representation" and rep_form is not None:
            if rep_form.is_valid():
                services.event_representation_save(
                    event=event, by=request.user, **rep_form.cleaned_data
                )
                messages.success(request, _("The representation log has been saved."))
                return redirect(event)
        elif form.is_valid():
            try:
                services.event_minutes_save(
                    event=event,
                    minutes=form.cleaned_data["minutes"],
                    files=form.cleaned_data["files"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The minutes have been saved."))
                return redirect(event)
    return render(
        request,
        "events/minutes_form.html",
        {"event": event, "form": form, "rep_form": rep_form},
    )


@login_required
@require_POST
def document_add(request, pk: int):
    event = _visible_event(request, pk, related=False)
    if not request.user.has_perm("events.write_minutes", event):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        _service_action(
            request,
            lambda: services.event_document_add(
                event=event, by=request.user, **form.cleaned_data
            ),
            _("The document has been added."),
        )
    else:
        messages.error(request, _("Choose a kind and a file."))
    return redirect(event)


def document_file(request, pk: int, doc: int):
    event = _visible_event(request, pk, related=False)
    document = get_object_or_404(EventDocument, event=event, pk=doc)
    return private_file_response(document.file)


@login_required
@require_POST
def agreement_add(request, pk: int):
    event = _visible_event(request, pk, related=False)
    if not request.user.has_perm("events.write_minutes", event):
        raise PermissionDenied
    form = AgreementForm(request.POST)
    if form.is_valid():
        _service_action(
            request,
            lambda: services.agreement_create(
                event=event, by=request.user, **form.cleaned_data
            ),
            _("The agreement has been recorded."),
        )
    else:
        messages.error(
            request,
            " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect(event)


@login_required
@require_POST
def agreement_done(request, agreement_pk: int):
    agreement = get_object_or_404(Agreement, pk=agreement_pk)
    _service_action(
        request,
        lambda: services.agreement_set_done(
            agreement=agreement,
            done=request.POST.get("done", "1") == "1",
            by=request.user,
        ),
        _("The agreement has been updated."),
    )
    return redirect("events:my_agreements")


@login_required
def my_agreements(request):
    return render(
        request,
        "events/my_agreements.html",
        {"agreements": selectors.open_agreements_for(request.user)},
    )


@login_required
def representation(request):
    """The log of external events and conferences, for the assembly's report."""
    if not request.user.has_perm("events.view_representation"):
        raise PermissionDenied
    year = request.GET.get("year", "")
    events = selectors.representation_log(year=int(year) if year.isdigit() else None)
    # Years of conferences: a page at a time, newest first.
    page = Paginator(events, REPRESENTATION_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/representation.html",
        {"events": page.object_list, "page_obj": page, "year": year},
    )


# Calendar ----------------------------------------------------------------------


def _ics_response(request, events, name: str, filename: str) -> HttpResponse:
    body = ical.calendar(
        events,
        host=request.get_host(),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        name=name,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, pk: int):
    event = _visible_event(request, pk)
    if event.status in (Event.Status.DRAFT, Event.Status.SUBMITTED):
        raise Http404
    return _ics_response(request, [event], event.title, f"event-{event.pk}.ics")


def event_feed(request):
    """A calendar to subscribe to: public events, filtered by kind and theme."""
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_feed(
        kind=filters.get("kind", ""), theme=filters.get("theme", "")
    ).prefetch_related("themes")
    return _ics_response(request, events, _("Network agenda"), "events.ics")
