"""Pages of recognitions: the catalogue, one recognition with its holders, and
the calendar of deadlines."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teixit.core.htmx import template_for

from . import ical, selectors
from .models import Recognition


class RecognitionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All")), *Recognition.Kind.choices],
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Who may apply"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("entities", gettext_lazy("SSE entities")),
            ("municipalities", gettext_lazy("Municipalities")),
        ],
    )
    upcoming = forms.BooleanField(
        label=gettext_lazy("Only open deadlines"), required=False
    )


def _filters(request) -> tuple[RecognitionFilterForm, dict]:
    form = RecognitionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "kind": data.get("kind", ""),
        "audience": data.get("audience", ""),
        "upcoming": bool(data.get("upcoming")),
    }


def recognition_list(request):
    form, filters = _filters(request)
    recognitions = selectors.recognition_list(
        user=request.user, with_themes=False, **filters
    )
    context = {
        "form": form,
        "recognitions": recognitions,
        "feed_query": request.GET.urlencode(),
    }
    return render(
        request,
        template_for(request, "recognitions/recognition_list.html", "results"),
        context,
    )


def recognition_detail(request, code: str):
    recognition = Recognition.objects.filter(code=code).first()
    if recognition is None or not request.user.has_perm(
        "recognitions.view_recognition", recognition
    ):
        raise Http404
    holders = (
        selectors.recognition_holders(recognition)
        if recognition.kind == Recognition.Kind.LABEL
        else []
    )
    return render(
        request,
        "recognitions/recognition_detail.html",
        {"recognition": recognition, "holders": holders},
    )


def recognition_feed(request):
    """The deadlines as an iCalendar feed (same filters as the list)."""
    _form, filters = _filters(request)
    recognitions = selectors.recognition_list(  # published only
        with_themes=False, **filters
    )
    body = ical.calendar(
        recognitions,
        host=request.get_host(),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        name=_("Deadlines of grants, awards and labels"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="recognitions.ics"'
    return response
