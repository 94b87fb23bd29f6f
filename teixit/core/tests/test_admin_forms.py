"""An admin page builds each form class once (`TeixitModelAdmin.get_form`,
kept per request): a history page asked twice for the class that lists the
fields."""

import pytest
from django.contrib.admin import options
from django.urls import reverse

from teixit.accounts.tests.factories import UserFactory
from teixit.core.admin import TeixitModelAdmin
from teixit.core.tests.test_admin_rows import _TOKEN
from teixit.network.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return _TOKEN.sub("", response.content.decode())


@pytest.fixture
def built(monkeypatch):
    """The form classes made by Django's `modelform_factory` in the admin."""
    made = []
    djangos = options.modelform_factory

    def counted(model, **kwargs):
        form = djangos(model, **kwargs)
        made.append((model, tuple(form.base_fields)))
        return form

    monkeypatch.setattr(options, "modelform_factory", counted)
    return made


def test_a_history_page_builds_each_form_class_once(client_for, built, monkeypatch):
    from django.contrib import admin

    from teixit.network.models import Member

    # The names of its fields, kept by the admin (one per process) since an
    # earlier test's page: forgotten, so that this one lists them first.
    admin.site._registry[Member].__dict__.pop("_teixit_field_names", None)
    member = MemberFactory(name="Ajuntament de Tona")
    member.name = "Ajuntament de Tona (nou)"
    member.save()
    version = member.history.order_by("history_id").first()
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(
        "admin:network_member_simple_history", args=[member.pk, version.history_id]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "Ajuntament de Tona" in response.content.decode()
    # The class that lists the fields and the one shown.
    assert len(built) == 2
    built.clear()
    # A new request builds the form it shows; the fields' names are kept
    # per exclusions (`fields_by_exclusions`).
    assert _page(client.get(url)) == _page(response)
    assert len(built) == 1
    # Django's page made the class that lists the fields twice.
    built.clear()
    with monkeypatch.context() as django_s:
        django_s.setattr(
            TeixitModelAdmin,
            "get_form",
            lambda self, request, obj=None, change=False, **kw: super(
                TeixitModelAdmin, self
            ).get_form(request, obj, change, **kw),
        )
        django_s.setattr(TeixitModelAdmin, "fields_by_exclusions", False)
        assert _page(client.get(url)) == _page(response)
    assert len(built) == 3


def test_the_fields_listed_are_those_of_a_form_built_for_it(rf):
    """Every registered admin of ours lists the same fields from the names
    kept per exclusions as from a form class built to read them, for a
    secretariat's and a technician's request, with and without an object."""
    from django.contrib import admin

    from teixit.core.tests.permission_world import build_world

    world = build_world()
    compared = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, TeixitModelAdmin) or model_admin.fields:
            continue
        obj = model.objects.order_by("pk").first()
        for role in ("secretariat", "technician"):
            request = rf.get("/admin/")
            request.user = world["people"][role]
            for instance in (None, obj):
                kept = model_admin.get_fields(request, instance)
                again = model_admin.get_fields(request, instance)
                model_admin.fields_by_exclusions = False
                try:
                    built_now = model_admin.get_fields(request, instance)
                finally:
                    del model_admin.fields_by_exclusions
                assert kept == again == built_now, (model, role, instance)
                compared += 1
    assert compared > 150
