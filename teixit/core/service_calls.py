"""Calling a service from a view: "call a service, show its error on the
form or as a message, redirect", written once.

A service refuses with `ValidationError` (and `PermissionDenied`); a view shows
that refusal to the person instead of a 500, changes nothing else, and goes
on (usually a redirect, or the form again)::

    result = call_service(
        request,
        lambda: services.practice_publish(practice=practice),
        success=_("The practice is published."),
    )
    return redirect(practice)

`result` is true when the call succeeded; `result.value` is what the service
returned. Given a `form`, the errors go on the form (each on its field when the
form has it) instead of into a message.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext


@dataclass(frozen=True)
class ServiceResult:
    """What `call_service` saw: `ok` (also the truth value) and the value."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def errors_to_form(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on `form`: errors about a field of the
    form on that field, the others (and a plain message) on the whole form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def call_service(
    request: HttpRequest,
    call: Callable[[], Any],
    success: str | None = None,
    *,
    form=None,
    denied_as_message: bool = False,
) -> ServiceResult:
    """Run `call()`. If it raises ValidationError, show its messages (on `form`
    when given, else as one error message) and return a false result; else add
    the `success` message, if any, and return its value. With
    `denied_as_message`, a PermissionDenied is shown as an error message too
    (its text, or a general one) instead of answering 403."""
    try:
        value = call()
    except ValidationError as exc:
        if form is not None:
            errors_to_form(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
        return ServiceResult(ok=False)
    except PermissionDenied as exc:
        if not denied_as_message:
            raise
        messages.error(
            request, str(exc) or gettext("You do not have permission to do this.")
        )
        return ServiceResult(ok=False)
    if success:
        messages.success(request, str(success))
    return ServiceResult(ok=True, value=value)
