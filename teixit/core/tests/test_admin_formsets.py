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
        lambda formset_class, *_relations: formset_class,
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


def test_an_inlines_rows_name_their_parent_without_reading_it_again(client, superuser):
    """A municipality's populations ("Girona 2024: …" above each row) are
    named from the page's municipality: the page's queries do not grow with
    its rows, and each row's parent is the page's object."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from teixit.territories.models import Population
    from teixit.territories.tests.factories import MunicipalityFactory

    client.force_login(superuser)
    municipality = MunicipalityFactory()
    Population.objects.filter(municipality=municipality).delete()
    url = reverse("admin:territories_municipality_change", args=[municipality.pk])

    def page_with(years) -> tuple[int, str]:
        for year in years:
            Population.objects.create(municipality=municipality, year=year, total=100)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode()

    few, _ = page_with([2001, 2002])
    many, html = page_with(range(2003, 2010))
    assert many == few
    assert html.count(f"{municipality.name} 200") == 9  # every row named


def test_the_rows_parent_is_the_page_object(superuser):
    from django.test import RequestFactory

    from teixit.territories.models import Municipality, Population
    from teixit.territories.tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory()
    Population.objects.create(municipality=municipality, year=1999, total=5)
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[Municipality]
    formsets = [
        formset_class(instance=municipality)
        for formset_class, _inline in model_admin.get_formsets_with_inlines(
            request, municipality
        )
    ]
    forms = [form for formset in formsets for form in formset.forms]
    assert forms
    assert all(form.instance.municipality is municipality for form in forms)


def test_an_inlines_read_only_relations_are_read_with_its_rows(
    client, superuser, settings, tmp_path
):
    """An event's documents show who uploaded each (a read-only column): the
    people are read with the rows, so the page's queries do not grow with
    the documents, and each row names its person."""
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from teixit.accounts.tests.factories import UserFactory
    from teixit.events.models import EventDocument
    from teixit.events.tests.factories import EventFactory

    settings.MEDIA_ROOT = tmp_path
    client.force_login(superuser)
    event = EventFactory()
    url = reverse("admin:events_event_change", args=[event.pk])

    def page_with(count: int) -> tuple[int, str]:
        for n in range(count):
            document = EventDocument(
                event=event,
                kind=EventDocument.Kind.OTHER,
                title=f"Document {n}",
                uploaded_by=UserFactory(name=f"Persona {n} {count}"),
            )
            document.file.save(f"d{n}.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
            document.save()
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries), response.content.decode()

    few, _ = page_with(1)
    many, html = page_with(4)
    assert many == few
    assert all(f"Persona {n} 4" in html for n in range(4))


def test_a_deferred_relation_is_not_joined(settings, tmp_path):
    """A relation the inline's rows defer cannot also be joined: the rows are
    read as the inline asked."""
    from django.core.files.base import ContentFile
    from django.forms.models import inlineformset_factory

    from teixit.events.models import Event, EventDocument
    from teixit.events.tests.factories import EventFactory

    settings.MEDIA_ROOT = tmp_path
    event = EventFactory()
    document = EventDocument(event=event, kind=EventDocument.Kind.OTHER, title="Acta")
    document.file.save("acta.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    formset_class = kept_empty_form(
        inlineformset_factory(Event, EventDocument, fields=["title"]), ["uploaded_by"]
    )
    formset = formset_class(
        instance=event, queryset=EventDocument.objects.defer("uploaded_by")
    )
    assert [form.instance.title for form in formset.initial_forms] == ["Acta"]
