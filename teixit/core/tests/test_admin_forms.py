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
    ours = len(built)
    built.clear()
    client.get(url)
    assert len(built) == ours  # a new request builds its own
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
        assert _page(client.get(url)) == _page(response)
    assert len(built) == ours + 1 == 3
