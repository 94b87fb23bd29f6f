"""The admin list's filters written in Python (`core.admin_filters`): the text
of Django's `admin/filter.html`, byte for byte, whatever the titles and
labels hold; any other template is Django's to render."""

import pytest
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from teixit.core import admin_filters


class Spec:
    def __init__(self, title, choices, template="admin/filter.html"):
        self.title = title
        self._choices = choices
        self.template = template

    def choices(self, cl):
        return iter(self._choices)


CHOICES = [
    {"selected": False, "query_string": "?", "display": gettext_lazy("All")},
    {
        "selected": True,
        "query_string": '?legal_form__id__exact=7&q=caf%C3%A8 d\'en "x"',
        "display": "Cooperativa <de> treball & associat",
    },
    {"selected": False, "query_string": "?o=1&ç=à", "display": mark_safe("<b>B</b>")},
    {"selected": 1, "query_string": "?x=1", "display": "l'empresa"},
]


@pytest.mark.parametrize("language", ["ca", "es", "en"])
@pytest.mark.parametrize(
    "title",
    [gettext_lazy("status"), "forma jurídica <d'una> & entitat", mark_safe("<i>t</i>")],
)
def test_a_filter_is_written_as_djangos_template_writes_it(language, title):
    spec = Spec(title, CHOICES)
    with translation.override(language):
        ours = admin_filters.admin_list_filter(None, spec)
        djangos = admin_filters.djangos_admin_list_filter(None, spec)
    assert ours == djangos
    assert ours.count("<li") == 4 and ours.count('class="selected"') == 2


def test_a_filter_without_choices_and_one_of_numbers_are_djangos():
    for choices in (
        [],
        [{"selected": False, "query_string": "?n=1", "display": 1234567}],
    ):
        spec = Spec("n", choices)
        with translation.override("ca"):
            assert admin_filters.admin_list_filter(
                None, spec
            ) == admin_filters.djangos_admin_list_filter(None, spec)
    assert admin_filters._written("n", choices) is None  # the number: Django's


def test_a_template_of_a_projects_own_is_rendered_by_django(monkeypatch):
    spec = Spec("t", CHOICES, template="admin/filter.html")
    called = []
    real = admin_filters._written
    monkeypatch.setattr(
        admin_filters, "_written", lambda *a: called.append(a) or real(*a)
    )
    admin_filters.admin_list_filter(None, spec)
    assert called, "Django's own admin/filter.html is written in Python"
    called.clear()
    monkeypatch.setattr(admin_filters, "_is_djangos", lambda template: False)
    admin_filters.admin_list_filter(None, spec)
    assert not called


def test_the_tag_of_the_admin_lists_is_ours():
    from django.contrib.admin.templatetags import admin_list

    assert admin_list.register.tags["admin_list_filter"].teixit_filters
    assert admin_filters.install() is False  # once
