"""Selects of model objects written from rows (`teixit.core.choices` and the
site's bound fields in `teixit.core.form_renderer`): the HTML Django's
templates write from model instances, without building the instances."""

import pytest
from django import forms
from django.db import connection
from django.db.models import signals
from django.forms.renderers import TemplatesSetting
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.safestring import mark_safe

from teixit.accounts.models import User
from teixit.accounts.tests.factories import UserFactory
from teixit.core.choices import str_columns, str_of
from teixit.core.form_renderer import FastBoundField, FastRenderer
from teixit.documents.models import Document
from teixit.documents.tests.factories import DocumentFactory
from teixit.network.models import Body, Institution, Member
from teixit.network.tests.factories import (
    BodyFactory,
    InstitutionFactory,
    MemberFactory,
)
from teixit.territories.models import Comarca, Municipality, Province
from teixit.territories.tests.factories import ComarcaFactory, MunicipalityFactory
from teixit.vocabulary.forms import ConceptChoiceField, ConceptMultipleChoiceField
from teixit.vocabulary.models import Concept
from teixit.vocabulary.tests.factories import ConceptFactory, ConceptSchemeFactory

NASTY = 'l\'Hospitalet <b>"&"</b>'

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    MemberFactory(name=NASTY)
    MemberFactory(name="Ajuntament de Salt")
    MemberFactory(name="Z & Co.")
    BodyFactory(name="Comissió <i>")
    InstitutionFactory(name="Diputació")
    scheme = ConceptSchemeFactory(code="themes")
    ConceptFactory(scheme=scheme, code="a", label_ca="Habitatge", label_es="Vivienda")
    ConceptFactory(scheme=scheme, code="b", label_ca="Només català", label_es="")
    ConceptFactory(scheme=scheme, code="c<d>", label_ca="", label_es="", label_en="")
    ConceptFactory(scheme=scheme, code="e", label_ca="", label_es="", label_en="Eng")
    ComarcaFactory(name="Gironès & <Salt>")
    MunicipalityFactory(name="Sant Cugat del Vallès")
    UserFactory(name="Anna <Puig>")
    UserFactory(name="")
    DocumentFactory(title="Reglament & annex")
    return scheme


class Everything(forms.Form):
    member = forms.ModelChoiceField(Member.objects.only("slug", "name"))
    required_member = forms.ModelChoiceField(
        Member.objects.order_by("name"), empty_label=None
    )
    member_slug = forms.ModelChoiceField(
        Member.objects.all(), to_field_name="slug", required=False
    )
    members = forms.ModelMultipleChoiceField(
        Member.objects.all(), required=False, widget=forms.SelectMultiple({"size": 6})
    )
    member_radio = forms.ModelChoiceField(
        Member.objects.all(), widget=forms.RadioSelect, required=False
    )
    member_boxes = forms.ModelMultipleChoiceField(
        Member.objects.all(),
        widget=forms.CheckboxSelectMultiple({"class": "checks"}),
        required=False,
    )
    body = forms.ModelChoiceField(Body.objects.all(), required=False)
    institution = forms.ModelChoiceField(Institution.objects.all(), disabled=True)
    theme = ConceptChoiceField(Concept.objects.all(), required=False)
    themes = ConceptMultipleChoiceField(
        Concept.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    comarques = forms.ModelMultipleChoiceField(Comarca.objects.all(), required=False)
    municipality = forms.ModelChoiceField(Municipality.objects.all(), required=False)
    province = forms.ModelChoiceField(Province.objects.all(), required=False)
    person = forms.ModelChoiceField(User.objects.order_by("name"), required=False)
    document = forms.ModelChoiceField(Document.objects.all(), required=False)
    plain = forms.ChoiceField(
        choices=[("", "---"), ("x", NASTY), (3, 3), ("s", mark_safe("<em>s</em>"))],
        required=False,
    )
    grouped = forms.MultipleChoiceField(
        choices=[("G <&>", [("g1", "u"), ("g2", "dos")]), ("", [("h", "h")])],
        required=False,
    )


def _data():
    members = list(Member.objects.order_by("pk"))
    concepts = list(Concept.objects.order_by("pk"))
    return {
        "member": str(members[1].pk),
        "required_member": "nonsense",
        "member_slug": members[2].slug,
        "members": [str(members[0].pk), str(members[2].pk)],
        "member_radio": str(members[0].pk),
        "member_boxes": [str(members[1].pk)],
        "theme": str(concepts[2].pk),
        "themes": [str(concepts[0].pk), str(concepts[3].pk)],
        "plain": "3",
        "grouped": ["g2", "h"],
    }


def _initial():
    members = list(Member.objects.order_by("pk"))
    return {
        "member": members[0],
        "members": members[1:],
        "member_radio": members[2].pk,
        "theme": Concept.objects.first(),
        "plain": 3,
    }


def _templates(bound_field, attrs=None):
    form = bound_field.form
    form.renderer = TemplatesSetting()
    try:
        return bound_field.as_widget(attrs=attrs)
    finally:
        form.renderer = FastRenderer()


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_model_choice_widgets_are_written_as_djangos_templates_write_them(
    world, language
):
    with translation.override(language):
        for form in (
            Everything(),
            Everything(initial=_initial()),
            Everything(_data()),
            Everything({}),
        ):
            form.is_bound and form.is_valid()
            for field in form:
                assert isinstance(field, FastBoundField)
                for attrs in (None, {"aria-describedby": "x", "aria-invalid": "true"}):
                    fast = field.as_widget(attrs=attrs)
                    assert fast == _templates(field, attrs), (language, field.name)


def test_the_selected_options_and_errors_show(world):
    form = Everything(_data())
    assert not form.is_valid()
    html = form["members"].as_widget()
    assert html.count(" selected>") == 2
    assert "&lt;b&gt;&quot;&amp;&quot;" in html and "<b>" not in html
    assert 'aria-invalid="true"' in form["required_member"].as_widget()
    assert " disabled " in form["institution"].as_widget()
    slug = Member.objects.order_by("pk")[2].slug
    assert f'<option value="{slug}" selected>' in form["member_slug"].as_widget()


def test_options_are_read_as_rows_one_query_each_without_instances(world):
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    def reads(queries, table: str) -> int:
        return sum(
            f'FROM "{table}"' in q["sql"] or f"FROM {table} " in q["sql"]
            for q in queries.captured_queries
        )

    form = Everything(initial={"members": []})
    signals.post_init.connect(count)
    try:
        # One statement of rows each; besides it, at most the reads of the
        # register stamp the rows are kept by (teixit/core/kept_rows.py).
        with CaptureQueriesContext(connection) as queries:
            html = form["members"].as_widget()
        assert reads(queries, "network_member") == 1
        assert len(queries) - 1 == reads(queries, "entities_registerstamp") <= 2
        with CaptureQueriesContext(connection) as queries:
            form["themes"].as_widget()
        assert reads(queries, "vocabulary_concept") == 1
        assert len(queries) - 1 == reads(queries, "entities_registerstamp") <= 2
    finally:
        signals.post_init.disconnect(count)
    assert built == []
    assert html.count("<option") == Member.objects.count()


def test_a_label_of_the_fields_own_or_a_prefetching_queryset_reads_instances(world):
    class OwnLabel(forms.ModelChoiceField):
        def label_from_instance(self, obj):
            return f"«{obj.slug}»"

    class Form(forms.Form):
        own = OwnLabel(Member.objects.all())
        prefetching = forms.ModelChoiceField(
            Member.objects.prefetch_related("technicians")
        )
        instance_label = forms.ModelChoiceField(Member.objects.all())

    form = Form()
    form.fields["instance_label"].label_from_instance = lambda obj: obj.slug.upper()
    for field in form:
        assert field.as_widget() == _templates(field), field.name
    assert "«" in form["own"].as_widget()
    assert "AJUNTAMENT-" in form["instance_label"].as_widget()


def test_a_subclass_with_its_own_str_is_not_read_by_its_parents_columns():
    @str_columns("name")
    class Parentish:
        def __str__(self):
            return "parent"

    class Child(Parentish):
        def __str__(self):
            return "child"

    assert str_of(Parentish) is not None
    assert str_of(Child) is None


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_each_declared_model_s_label_from_its_columns_is_its_str(world, language):
    with translation.override(language):
        for model in (
            Member,
            Body,
            Institution,
            Province,
            Comarca,
            Municipality,
            Concept,
            User,
            Document,
        ):
            columns, label = str_of(model)
            objects = list(model.objects.order_by("pk"))
            rows = model.objects.order_by("pk").values_list(*columns)
            assert objects
            assert [label(*row) for row in rows] == [str(obj) for obj in objects], model
