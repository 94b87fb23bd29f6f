"""An admin page's inline formsets build their empty form once
(teixit/core/admin_formsets.py); the pages are Django's, byte for byte, in
teixit/core/tests/test_admin_fieldset.py."""

import pytest
from django.contrib import admin
from django.forms.formsets import BaseFormSet

from teixit.core.admin_formsets import KeptEmptyFormMixin, kept_empty_form

from . import test_permission_matrix as matrix
from .permission_world import build_world

pytestmark = pytest.mark.django_db


def test_every_registered_admin_keeps_its_inlines_empty_forms():
    assert all(isinstance(m, KeptEmptyFormMixin) for m in admin.site._registry.values())


def test_a_change_page_builds_each_inlines_empty_form_once(
    monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    client = matrix.clients(world["people"])["secretariat"]
    url = matrix._url(
        "admin:events_event_change",
        matrix.MATRIX["admin:events_event_change"][0],
        world["values"],
    )
    built = []
    djangos = BaseFormSet.empty_form.fget

    def counted(formset):
        built.append(type(formset).__name__)
        return djangos(formset)

    monkeypatch.setattr(BaseFormSet, "empty_form", property(counted))
    response = client.get(url)
    assert response.status_code == 200
    inlines = response.content.decode().count('class="js-inline-admin-formset')
    assert inlines >= 3
    assert len(built) == inlines == len(set(built))
    # Django's own formsets build one for every reading: several per inline.
    built.clear()
    monkeypatch.setattr(
        "teixit.core.admin_formsets.kept_empty_form",
        lambda formset_class: formset_class,
    )
    assert client.get(url).status_code == 200
    assert len(built) > 2 * inlines


def test_the_kept_class_is_the_formsets_own():
    from django.forms import Form, formset_factory

    class One(Form):
        pass

    formset_class = formset_factory(One)
    kept = kept_empty_form(formset_class)
    assert issubclass(kept, formset_class) and kept.__name__ == formset_class.__name__
    assert kept_empty_form(kept) is kept
    formset = kept()
    assert formset.empty_form is formset.empty_form
    assert formset.empty_form.prefix == "form-__prefix__"
    assert kept().empty_form is not formset.empty_form
