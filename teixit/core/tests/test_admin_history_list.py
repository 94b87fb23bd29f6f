"""The admin's history list written in Python (`teixit_history.history_list_html`):
the text of django-simple-history's `simple_history/object_history_list.html`,
byte for byte, from the context its history view gives: versions with and
without a person, a person whose page does not reverse, reasons and values
that hold HTML, extra columns, and pages with an ellipsis."""

from pathlib import Path

import pytest
import simple_history
from django.contrib import admin
from django.template import engines
from django.urls import reverse
from django.utils import translation
from simple_history.admin import SimpleHistoryAdmin

from teixit.entities.models import Entity
from teixit.entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

PACKAGE_TEMPLATE = (
    Path(simple_history.__file__).parent
    / "templates"
    / "simple_history"
    / "object_history_list.html"
)


@pytest.fixture
def edited(secretariat_user, superuser):
    """An entity with a dozen versions: by the secretariat, by nobody, by a
    superuser; reasons and names that hold HTML and quotes."""
    entity = EntityFactory(name="Cafè <b>l'Horta</b> & cia")
    for i in range(11):
        entity.name = f'Cooperativa "{i}" <i>{"&" * (i % 3)}</i>'
        entity.status = [Entity.Status.PUBLISHED, Entity.Status.PROPOSED][i % 2]
        entity._history_user = [secretariat_user, None, superuser][i % 3]
        entity._change_reason = [None, "Correcció <d'ofici>", "dades & fonts"][i % 3]
        entity.save()
    return entity


def _contexts(client, url, monkeypatch, pages=("",)):
    """The contexts the history view renders its template with."""
    captured = []

    def render_history_view(self, request, template, context, **kwargs):
        from django.http import HttpResponse

        # the pages' list is a generator (`get_elided_page_range`): a list,
        # to be written twice
        captured.append(
            (request, {**context, "page_range": list(context["page_range"])})
        )
        return HttpResponse("")

    monkeypatch.setattr(SimpleHistoryAdmin, "render_history_view", render_history_view)
    for page in pages:
        assert client.get(url + page).status_code == 200
    return captured


def _render_both(request, context):
    engine = engines["django"]
    ours = engine.get_template("simple_history/object_history_list.html")
    assert "history_list_html" in ours.template.source
    theirs = engine.from_string(PACKAGE_TEMPLATE.read_text())
    return ours.render(context, request), theirs.render(context, request)


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_history_list_is_the_packages(
    client_for, superuser, edited, monkeypatch, language
):
    entity_admin = admin.site._registry[Entity]
    url = reverse("admin:entities_entity_history", args=[edited.pk])
    client = client_for(superuser)
    # A page of one version, so that the pages' list has ellipses, and extra
    # columns: a field, an attribute of the record, one that is not there.
    monkeypatch.setattr(entity_admin, "history_list_per_page", 1)
    monkeypatch.setattr(
        entity_admin, "history_list_display", ["status", "history_id", "missing"]
    )
    with translation.override(language):
        captured = _contexts(client, url, monkeypatch, ("", "?p=2", "?p=12", "?p=99"))
        assert len(captured) == 4
        for request, context in captured:
            ours, theirs = _render_both(request, context)
            assert ours == theirs
        ours, _ = _render_both(*captured[1])
        ellipsis = str(captured[1][1]["page_obj"].paginator.ELLIPSIS)
        assert ours.count("<tr>") == 2 and 'class="end"' in ours
        assert f"\n        {ellipsis}\n" in ours
        assert "&lt;d&#x27;ofici&gt;" in ours or "&lt;i&gt;" in ours


def test_history_list_without_columns_or_pages_and_an_unknown_person_page(
    client_for, superuser, edited, monkeypatch
):
    url = reverse("admin:entities_entity_history", args=[edited.pk])
    with translation.override("ca"):
        captured = _contexts(client_for(superuser), url, monkeypatch)
        request, context = captured[0]
        ours, theirs = _render_both(request, context)
        assert ours == theirs
        assert ours.count("<tr>") == 13  # the heading and 12 versions
        assert "<ul>" in ours  # the fields each version changed
        # a person's page that does not reverse: their name without a link
        context = {**context, "admin_user_view": "admin:nowhere_change"}
        ours, theirs = _render_both(request, context)
        assert ours == theirs
        # a version's person deleted since
        edited.history.filter(history_user__isnull=False).update(history_user=None)
        request, context = _contexts(client_for(superuser), url, monkeypatch)[-1]
        ours, theirs = _render_both(request, context)
        assert ours == theirs and "cap" in ours


def test_history_pages_read_through_kept_sql_are_the_objects_versions(
    client_for, superuser, edited, monkeypatch
):
    """The pages of versions (`KeptHistoryPages`: SQL compiled once per model
    and page) are the object's, in the package's order, for every page and
    every object, and a new version shows on the next request; the related
    objects come with them (no query per version to list the changes)."""
    from teixit.core import admin as core_admin

    entity_admin = admin.site._registry[Entity]
    monkeypatch.setattr(entity_admin, "history_list_per_page", 5)
    other = EntityFactory(name="Una altra")
    client = client_for(superuser)

    def versions(entity, page):
        url = reverse("admin:entities_entity_history", args=[entity.pk])
        _request, context = _contexts(client, url, monkeypatch, (f"?p={page}",))[-1]
        return [record.history_id for record in context["page_obj"]]

    def expected(entity, page):
        ids = entity.history.order_by("-history_date", "-history_id").values_list(
            "history_id", flat=True
        )
        return list(ids[(page - 1) * 5 : page * 5])

    for page in (1, 2, 3):
        assert versions(edited, page) == expected(edited, page)
    assert versions(other, 1) == expected(other, 1)
    assert versions(other, 2) == expected(other, 1)  # the last page there is
    assert len(versions(edited, 3)) == 2 and len(versions(other, 1)) == 1
    kept = [key for key in core_admin._HISTORY_PAGES if key[0] is Entity.history.model]
    assert {(start, stop) for _model, _name, start, stop in kept} >= {
        (0, 5),
        (5, 10),
        (10, 12),
    }
    edited.name = "Nou nom"
    edited.save()
    assert versions(edited, 1) == expected(edited, 1)
    assert Entity.history.get(history_id=versions(edited, 1)[0]).name == "Nou nom"
    # as many statements as the package's own queryset (the related objects
    # come with the versions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:entities_entity_history", args=[edited.pk])
    counted = []
    for own in (False, True):
        if own:
            monkeypatch.setattr(
                type(entity_admin),
                "get_history_queryset",
                SimpleHistoryAdmin.get_history_queryset,
            )
        with CaptureQueriesContext(connection) as queries:
            _contexts(client, url, monkeypatch, ("?p=1", "?p=2"))
        counted.append(len(queries))
    assert counted[0] == counted[1]


def test_kept_history_pages_copy_as_themselves(edited):
    """Copying the versions (as a template's context may be copied) copies
    this object, not the queryset it answers for (whose copy it would have
    answered through `__getattr__`)."""
    import copy

    from teixit.core.admin import KeptHistoryPages

    pages = KeptHistoryPages(edited.history.all(), (None, "id"), str(edited.pk))
    copied = copy.copy(pages)
    assert isinstance(copied, KeptHistoryPages) and copied.queryset is pages.queryset
    assert pages.count() == 12 and pages.model is Entity.history.model
