"""Issue 18.5: "call a service, show its refusal, redirect" is one helper."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from teixit.core.service_calls import call_service, errors_to_form


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def _refuse(*messages, **fields):
    if fields:
        raise ValidationError(fields)
    raise ValidationError(list(messages))


class _Form(forms.Form):
    title = forms.CharField(required=False)


def test_a_successful_call_returns_its_value_and_says_so(request_):
    result = call_service(request_, lambda: 42, "Done.")
    assert result and result.ok and result.value == 42
    assert _messages(request_) == [("success", "Done.")]


def test_a_successful_call_without_a_message_says_nothing(request_):
    assert call_service(request_, lambda: None)
    assert _messages(request_) == []


def test_a_refusal_becomes_one_error_message_and_no_success(request_):
    result = call_service(
        request_, lambda: _refuse("Not now.", "Ask the secretariat."), "Done."
    )
    assert not result and result.value is None
    assert _messages(request_) == [("error", "Not now. Ask the secretariat.")]


def test_a_refusal_goes_on_the_form_when_there_is_one(request_):
    form = _Form({"title": "x"})
    assert form.is_valid()
    result = call_service(
        request_,
        lambda: _refuse(title="Too short.", other="Not a field of the form."),
        form=form,
    )
    assert not result
    assert form.errors == {
        "title": ["Too short."],
        "__all__": ["Not a field of the form."],
    }
    assert _messages(request_) == []


def test_errors_to_form_puts_a_plain_message_on_the_whole_form():
    form = _Form({})
    form.is_valid()
    errors_to_form(form, ValidationError("Closed."))
    assert form.non_field_errors() == ["Closed."]


def test_permission_denied_is_a_403_unless_asked_to_be_a_message(request_):
    def deny():
        raise PermissionDenied("Only the secretariat.")

    with pytest.raises(PermissionDenied):
        call_service(request_, deny)
    result = call_service(request_, deny, "Done.", denied_as_message=True)
    assert not result
    assert _messages(request_) == [("error", "Only the secretariat.")]


def test_a_silent_permission_denied_gets_a_general_message(request_):
    def deny():
        raise PermissionDenied

    call_service(request_, deny, denied_as_message=True)
    # In the default language, Catalan.
    assert _messages(request_) == [("error", "No teniu permís per fer això.")]
