"""The detail, edit and delete pages of a record, written once.

Apps whose create, update and delete pages have the same shape (a form, a
service that saves, a message, a redirect; a confirmation, a service that
deletes) call these two helpers; the permission check and the choice of the
object stay in the app's view::

    @login_required
    def line_update(request, pk):
        line = get_object_or_404(FundingLine, pk=pk)
        if not request.user.has_perm("funding.change_fundingline", line):
            raise PermissionDenied
        return edit_page(
            request, form_class=FundingLineForm, instance=line, name="line",
            template="funding/line_form.html",
            save=lambda form: services.funding_line_save(...),
            success=lambda line: _("The funding line has been saved."),
        )

A service's ValidationError goes on the form (`call_service`); nothing is
saved and the form is shown again.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .service_calls import call_service


def edit_page(
    request: HttpRequest,
    *,
    form_class,
    instance,
    name: str,
    template: str,
    save: Callable[[Any], Any],
    success: Callable[[Any], str],
) -> HttpResponse:
    """The form page of `instance` (new or existing): on a valid POST,
    `save(form)` (the app's service) and, if it accepts, the message
    `success(saved)` and a redirect to the saved object's page."""
    if request.method == "POST":
        form = form_class(request.POST, instance=instance)
        if form.is_valid():
            result = call_service(request, lambda: save(form), form=form)
            if result:
                messages.success(request, str(success(result.value)))
                return redirect(result.value)
    else:
        form = form_class(instance=instance)
    return render(request, template, {"form": form, name: instance})


def delete_page(
    request: HttpRequest,
    *,
    obj,
    name: str,
    template: str,
    delete: Callable[[], Any],
    success: str,
    then: str,
) -> HttpResponse:
    """The confirmation page of deleting `obj`; on POST, `delete()` (the
    app's service), the `success` message and a redirect to `then`. A
    service's refusal is shown as a message on the confirmation page."""
    if request.method == "POST" and call_service(request, delete, success):
        return redirect(then)
    return render(request, template, {name: obj})


def viewable_or_404(
    request: HttpRequest,
    get: Callable[[], Any],
    perm: str,
    *,
    forbidden_when_logged_in: bool = False,
):
    """The object `get()` reads (the app's selector) when the person has
    `perm` on it. A missing object is a 404; so is a hidden one, that looks
    missing, unless `forbidden_when_logged_in`: then a logged-in person is
    told 403 (an anonymous visitor still gets 404)."""
    try:
        obj = get()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm(perm, obj):
        if forbidden_when_logged_in and request.user.is_authenticated:
            raise PermissionDenied
        raise Http404
    return obj
