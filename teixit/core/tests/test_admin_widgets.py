"""The admin's autocomplete boxes with nothing chosen are written without
filtering their queryset (teixit/core/admin_widgets.py): the same options
and the same pages as Django's."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
from django.test import RequestFactory

from teixit.core import admin_widgets
from teixit.events.models import Event
from teixit.network.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def test_installed_at_start_up_once():
    assert AutocompleteMixin.optgroups is admin_widgets.optgroups
    assert admin_widgets.install() is False
    assert admin_widgets._DJANGOS[0] is not admin_widgets.optgroups


def _autocompletes(form):
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)
        if isinstance(widget, AutocompleteMixin):
            yield name, field, widget


def test_every_autocomplete_of_a_form_gives_djangos_options(superuser):
    member = MemberFactory(name="Ajuntament d'Olot")
    request = RequestFactory().get("/")
    request.user = superuser
    form = admin.site._registry[Event].get_form(request)()
    djangos = admin_widgets._DJANGOS[0]
    seen = set()
    for name, field, widget in _autocompletes(form):
        seen.add((field.required, widget.allow_multiple_selected))
        chosen = str(member.pk) if name == "organiser_member" else "999999"
        for value in ([], [""], [chosen], ["", chosen]):
            assert widget.optgroups(name, value) == djangos(widget, name, value), (
                name,
                value,
            )
    # optional single choices (an empty option first) and multiple ones
    assert (False, False) in seen and (False, True) in seen


def test_an_add_page_is_djangos_byte_for_byte(client_for, superuser, monkeypatch):
    client = client_for(superuser)
    ours = client.get("/admin/events/event/add/")
    assert ours.status_code == 200
    html = ours.content.decode()
    assert "admin-autocomplete" in html
    monkeypatch.setattr(AutocompleteMixin, "optgroups", admin_widgets._DJANGOS[0])
    djangos = client.get("/admin/events/event/add/").content.decode()
    assert _TOKEN.sub("", html) == _TOKEN.sub("", djangos)
