"""An admin form's fieldsets written in Python (`{% fieldset_html %}`,
teixit/core/templatetags/teixit_admin.py) and its widgets, labels and error
lists by the site's renderer (teixit/core/form_renderer.py: selects inside the
admin's relation wrapper and `filter_horizontal` included): every admin form
page of the permission matrix's world, for each role that gets it, is the page
Django's own templates write, byte for byte; bound forms with errors too."""

import re

import pytest
from django.test import Client
from django.utils import translation

from teixit.core import admin_formsets
from teixit.core.templatetags import teixit_admin

from . import test_permission_matrix as matrix
from .permission_world import build_world

# What differs between two requests: the CSRF token, the random token an
# invitation's add form shows (read only) for the invitation it would create,
# and the time of day a form's initial "now" shows (a second may pass).
_TOKEN = re.compile(
    r'name="csrfmiddlewaretoken" value="[^"]+"'
    r'|(?<=readonly">)[\w-]{32}(?=</div>)'
    r'|(?<=value=")\d\d:\d\d:\d\d(?=")'
)
pytestmark = pytest.mark.django_db

#: Django's admin templates the site writes in Python (in part or whole).
_WRITTEN = (
    "admin/app_list.html",
    "admin/includes/fieldset.html",
    "admin/edit_inline/tabular.html",
    "admin/change_list_results.html",
)

_FORM_PAGE = re.compile(r"^admin:\w+_(add|change|simple_history)$")


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TEIXIT_TRUSTED_PROXIES = 0


def _djangos(monkeypatch, settings):
    """Django's admin templates (not ours, written in Python: the app list,
    the fieldsets, a tabular inline's rows), every fieldset through Django's
    template (the tag's fallback, where ours is still found), every widget,
    label and error list through Django's templates: the bound field's and the
    renderer's own methods; the inlines' empty forms built as often as Django
    builds them."""
    ours = settings.TEMPLATES[0]["DIRS"]
    assert any(str(d).endswith("admin_templates") for d in ours)
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [d for d in ours if not str(d).endswith("admin_templates")],
        },
        *settings.TEMPLATES[1:],
    ]
    from django.template.loader import get_template

    for name in _WRITTEN:
        assert "teixit_admin %}" not in get_template(name).template.source
    from django.forms.boundfield import BoundField
    from django.forms.renderers import TemplatesSetting

    from teixit.core.form_renderer import FastBoundField, FastRenderer

    monkeypatch.setattr(
        teixit_admin, "_FIELDSET_CONTEXT", (*teixit_admin._FIELDSET_CONTEXT, "nowhere")
    )
    monkeypatch.setattr(FastBoundField, "as_widget", BoundField.as_widget)
    monkeypatch.setattr(FastRenderer, "render", TemplatesSetting.render)
    # … and the inline formsets' empty forms built each time they are read.
    monkeypatch.setattr(
        admin_formsets,
        "kept_empty_form",
        lambda formset_class, *_relations: formset_class,
    )
    # … and a list's cells by Django's items_for_result.
    from django.contrib.admin.templatetags import admin_list

    from teixit.core import admin_rows

    monkeypatch.setattr(admin_list, "items_for_result", admin_rows._DJANGOS[0])
    # … and the fields listed from a form class built for it every time.
    from teixit.core.admin import TeixitModelAdmin

    monkeypatch.setattr(TeixitModelAdmin, "fields_by_exclusions", False)
    # … and a list's filters by Django's admin/filter.html.
    from teixit.core import admin_filters

    monkeypatch.setattr(admin_filters, "_is_djangos", lambda template: False)


@pytest.mark.usefixtures("_media")
def test_every_admin_form_page_writes_djangos_fieldsets(monkeypatch, settings):
    world = build_world()
    clients = matrix.clients(world["people"])
    pages = []
    for key, (args, *answers) in matrix.MATRIX.items():
        if not _FORM_PAGE.match(key) or matrix._method(key) != "get":
            continue
        url = matrix._url(key, args, world["values"])
        for role, answer in zip(matrix.ROLES, answers, strict=True):
            if answer == 200 and role in ("secretariat", "technician"):
                pages.append((key, role, url))
    assert len(pages) > 150
    ours = {}
    for key, role, url in pages:
        response = clients[role].get(url)
        assert response.status_code == 200, (key, role)
        ours[key, role] = _TOKEN.sub("", response.content.decode())
    written = sum('class="form-row' in html for html in ours.values())
    assert written > 150  # the pages have fieldsets
    # … relations' selects in their wrapper, and filter_horizontal's selects.
    assert sum("related-widget-wrapper" in html for html in ours.values()) > 50
    assert sum('class="selectfilter' in html for html in ours.values()) > 10
    # … each of the wrapper's links, and the admin's date-time fields.
    for link in ("change-related", "add-related", "delete-related", "view-related"):
        assert sum(link in html for html in ours.values()) > 5, link
    assert sum('<p class="datetime">' in html for html in ours.values()) > 20
    assert sum('class="related-lookup"' in html for html in ours.values()) > 5
    # … and tabular inlines, with rows of existing objects.
    assert sum('data-inline-type="tabular"' in html for html in ours.values()) > 20
    assert sum("has_original" in html for html in ours.values()) > 5
    _djangos(monkeypatch, settings)
    for key, role, url in pages:
        djangos = _TOKEN.sub("", clients[role].get(url).content.decode())
        assert ours[key, role] == djangos, (key, role)


@pytest.mark.usefixtures("_media")
@pytest.mark.parametrize("language", ["ca", "es"])
def test_a_refused_form_shows_djangos_fieldsets_with_their_errors(
    monkeypatch, settings, language
):
    """Forms posted empty or with nonsense: errors on single and multi-field
    lines, readonly fields, help texts, in the person's language."""
    world = build_world()

    def post(url):
        # A client of its own: no message of an earlier accepted form.
        client = Client()
        client.force_login(world["people"]["secretariat"])
        response = client.post(url, nonsense)
        return response.status_code, _TOKEN.sub("", response.content.decode())

    posts = [
        key
        for key in matrix.MATRIX
        if re.match(r"^admin:\w+_add$", key)
        and matrix._method(key) == "get"
        and matrix.MATRIX[key][1 + matrix.ROLES.index("secretariat")] == 200
    ]
    assert len(posts) > 30
    nonsense = {"name": "x" * 500, "email": "not an address", "starts_at_0": "nonsense"}
    ours = {}
    with translation.override(language):
        for key in posts:
            url = matrix._url(key, matrix.MATRIX[key][0], world["values"])
            ours[key] = post(url)
        refused = [
            k for k, (status, html) in ours.items() if 'class="errorlist' in html
        ]
        assert len(refused) > 30
        _djangos(monkeypatch, settings)
        for key in refused:
            url = matrix._url(key, matrix.MATRIX[key][0], world["values"])
            assert ours[key] == post(url), key


def test_the_admin_uses_the_written_templates():
    from django.template.loader import get_template

    for name in _WRITTEN:
        assert "teixit_admin %}" in get_template(name).template.source


def test_the_tabular_inline_is_djangos_but_for_its_rows():
    """Our admin/edit_inline/tabular.html is Django's file with its rows loop
    replaced by `{% tabular_rows %}`: a Django whose template changed makes
    this fail (and the rows are to be compared again)."""
    _a_copy_but_for_its_rows(
        "admin/edit_inline/tabular.html",
        "{% load i18n admin_urls static admin_modify %}",
        (
            "{% for inline_admin_form in inline_admin_formset %}",
            "{% endfor %}\n     </tbody>",
        ),
        "{% tabular_rows %}",
    )


def _a_copy_but_for_its_rows(name, djangos_load, loop, tag) -> tuple[str, int, int]:
    """Our copy of Django's admin template `name`: Django's file with a
    `{% load %}` of ours (and a comment) first and its rows loop (from
    `loop[0]` to the `{% endfor %}` that `loop[1]` starts with) replaced by
    `tag`. Django's text, and where its loop starts and ends."""
    from pathlib import Path

    import django.contrib.admin

    djangos = (
        Path(django.contrib.admin.__file__).parent / "templates" / name
    ).read_text()
    ours = (
        Path(teixit_admin.__file__).parent.parent / "admin_templates" / name
    ).read_text()
    start = djangos.index(loop[0])
    end = djangos.index(loop[1]) + len("{% endfor %}")
    load, rest = ours.split("\n", 1)
    assert load.startswith(
        djangos_load[:-3] + " teixit_admin %}{# Django 5.2's " + name
    )
    assert djangos.split("\n", 1)[0] == djangos_load
    assert "\n" + rest == (djangos[djangos.index("\n") : start] + tag + djangos[end:])
    return djangos, start, end


def test_a_context_without_the_includes_names_goes_to_djangos_template():
    """`{% fieldset_html %}` without one of the five names the include gives
    (a project's own include, say) renders Django's template itself."""
    from django import forms
    from django.contrib.admin.helpers import Fieldset
    from django.template import Context, engines

    class Small(forms.Form):
        name = forms.CharField(help_text="<b>help</b>")

    fieldset = Fieldset(Small(), name="Dades", fields=("name",))
    engine = engines["django"].engine
    ours = engine.from_string("{% load teixit_admin %}{% fieldset_html %}")
    context = {
        "fieldset": fieldset,
        "prefix": "fieldset",
        "id_prefix": 0,
        "id_suffix": 1,
    }
    html = ours.render(Context(context))
    assert html == teixit_admin._djangos_fieldset().render(Context(context))
    assert 'id="fieldset-0-1-heading"' in html and "<b>help</b>" in html
    written = ours.render(Context({**context, "heading_level": 3}))
    assert written == teixit_admin._djangos_fieldset().render(
        Context({**context, "heading_level": 3})
    )
    assert "<h3 " in written


@pytest.mark.usefixtures("_media")
def test_every_admin_list_page_writes_djangos_rows(monkeypatch, settings):
    """Every admin list of the permission matrix's world (secretariat and
    technician; sorted by a column and searched too): the rows written by
    `{% result_rows %}` are those of Django's `change_list_results.html`."""
    world = build_world()
    clients = matrix.clients(world["people"])
    pages = []
    for key, (args, *answers) in matrix.MATRIX.items():
        if not key.endswith("_changelist") or matrix._method(key) != "get":
            continue
        url = matrix._url(key, args, world["values"])
        for role, answer in zip(matrix.ROLES, answers, strict=True):
            if answer == 200 and role in ("secretariat", "technician"):
                pages.append((key, role, url))
                pages.append((key, role, url + "?o=-1.2&q=a"))
                pages.append((key, role, url + "?_popup=1"))
    assert len(pages) > 100
    ours = {}
    for key, role, url in pages:
        response = clients[role].get(url)
        assert response.status_code == 200, (key, role, url)
        ours[key, role, url] = _TOKEN.sub("", response.content.decode())
    assert (
        sum(
            html.count('<tr><td class="action-checkbox">') > 1 for html in ours.values()
        )
        > 30
    )
    # … and filters, written by `core.admin_filters` ("All" chosen in each).
    assert sum("<details data-filter-title=" in html for html in ours.values()) > 30
    assert sum('<li class="selected">' in html for html in ours.values()) > 30
    _djangos(monkeypatch, settings)
    for key, role, url in pages:
        djangos = _TOKEN.sub("", clients[role].get(url).content.decode())
        assert ours[key, role, url] == djangos, (key, role, url)


def test_the_list_results_are_djangos_but_for_its_rows():
    """Our admin/change_list_results.html is Django's file with its rows loop
    replaced by `{% result_rows %}`; the loop is compared with the tag on rows
    with a form's errors and text to escape."""
    from django import forms
    from django.contrib.admin.templatetags.admin_list import ResultList
    from django.template import engines
    from django.utils.safestring import mark_safe

    djangos, start, end = _a_copy_but_for_its_rows(
        "admin/change_list_results.html",
        "{% load i18n %}",
        ("{% for result in results %}", "{% endfor %}\n</tbody>"),
        "{% result_rows %}",
    )

    class Row(forms.Form):
        name = forms.CharField()

        def clean(self):
            raise forms.ValidationError("l'<b>error</b> & more")

    refused = Row({"name": "x"})
    accepted = Row()
    results = [
        ResultList(None, [mark_safe("<td>one</td>"), "<b>plain</b>"]),
        ResultList(refused, [mark_safe("<td>two</td>")]),
        ResultList(accepted, []),
    ]
    engine = engines["django"]
    loop = engine.from_string(djangos[start:end])
    tag = engine.from_string("{% load teixit_admin %}{% result_rows %}")
    for context in ({"results": results}, {"results": []}, {}):
        assert tag.render(context) == loop.render(context)
    html = tag.render({"results": results})
    assert "&lt;b&gt;plain" in html and "l&#x27;&lt;b&gt;error" in html
