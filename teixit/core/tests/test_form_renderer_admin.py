"""The admin's date, time and split date-time widgets, Django's split widgets
and the admin's relation wrapper, written by the site's renderer: the same
HTML, character for character, as Django's and the admin's templates."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.forms.renderers import TemplatesSetting
from django.test import override_settings
from django.utils import translation

from teixit.core.form_renderer import FastRenderer
from teixit.debates.models import Space
from teixit.network.models import Body

from .test_form_renderer import NASTY


class AdminDates(forms.Form):
    when = forms.SplitDateTimeField(widget=admin_widgets.AdminSplitDateTime)
    optional_when = forms.SplitDateTimeField(
        required=False,
        widget=admin_widgets.AdminSplitDateTime(attrs={"data-x": NASTY}),
    )
    day = forms.DateField(required=False, widget=admin_widgets.AdminDateWidget)
    hour = forms.TimeField(required=False, widget=admin_widgets.AdminTimeWidget)
    split = forms.SplitDateTimeField(required=False, widget=forms.SplitDateTimeWidget)
    hidden_split = forms.SplitDateTimeField(
        required=False, widget=forms.SplitHiddenDateTimeWidget
    )


DATA = {
    "when_0": "05/12/2026",
    "when_1": NASTY,
    "optional_when_0": "",
    "day": "<script>",
    "hour": "09:05",
    "split_0": "2026-12-05",
    "split_1": '"10:30"',
    "hidden_split_0": "&amp;",
}

INITIAL = {
    "when": datetime.datetime(2026, 12, 5, 10, 30),
    "day": datetime.date(2026, 12, 5),
    "hour": datetime.time(9, 5),
    "split": datetime.datetime(2026, 1, 31, 23, 59, 59),
    "hidden_split": datetime.datetime(2026, 12, 5, 0, 0),
}


def _both(bound_field):
    form = bound_field.form
    form.renderer = FastRenderer()
    fast = bound_field.as_widget()
    form.renderer = TemplatesSetting()
    try:
        templates = bound_field.as_widget()
    finally:
        form.renderer = FastRenderer()
    return fast, templates


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_date_and_time_widgets_are_written_as_djangos_templates_write_them(language):
    with translation.override(language):
        for form in (AdminDates(), AdminDates(DATA), AdminDates(initial=INITIAL)):
            for field in form:
                fast, templates = _both(field)
                assert fast == templates, field.name
                if field.name == "when":
                    assert '<p class="datetime">' in fast
    # escaped, in the language's labels
    with translation.override("ca"):
        html = AdminDates(DATA)["when"].as_widget()
    assert "Data:" in html and "Hora:" in html
    assert 'value="l&#x27;Hospitalet &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;"' in html


def test_date_and_time_widgets_are_written_without_templates(monkeypatch):
    """Not a fallback in disguise: no template is rendered for them."""
    renderer = FastRenderer()
    for form in (AdminDates(DATA), AdminDates(initial=INITIAL)):
        form.renderer = renderer
        for field in form:
            field.as_widget()  # the renderer learns which templates are Django's

    def no_templates(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(TemplatesSetting, "render", no_templates)
    for form in (AdminDates(DATA), AdminDates(initial=INITIAL)):
        form.renderer = renderer
        for field in form:
            assert field.as_widget()


def test_a_subwidget_template_of_its_own_is_rendered_from_the_templates(tmp_path):
    (tmp_path / "my_time.html").write_text("<span>my time {{ widget.name }}</span>")

    class MyTime(forms.TimeInput):
        template_name = "my_time.html"

    class MySplit(admin_widgets.AdminSplitDateTime):
        def __init__(self, attrs=None):
            forms.MultiWidget.__init__(
                self, [admin_widgets.BaseAdminDateWidget, MyTime], attrs
            )

    form = forms.Form()
    form.fields["x"] = forms.SplitDateTimeField(widget=MySplit)
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        fast, templates = _both(form["x"])
    assert fast == templates
    assert "<span>my time x_1</span>" in fast


def test_an_overridden_admin_widget_template_is_rendered_from_it(tmp_path):
    widgets = tmp_path / "admin" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "date.html").write_text("<b>my date {{ widget.name }}</b>")
    (widgets / "related_widget_wrapper.html").write_text("<b>mine {{ name }}</b>")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        form = AdminDates()
        form.renderer = FastRenderer()
        assert form["day"].as_widget() == "<b>my date day</b>"
        wrapper = _wrapper(_role_field(), can_add_related=True)
        assert (
            wrapper.render("body", None, renderer=FastRenderer()) == "<b>mine body</b>"
        )


# -- the relation wrapper -------------------------------------------------------


def _role_field():
    """A relation whose deletion does not cascade (the wrapper then offers a
    delete link), to a model the admin has."""
    return Space._meta.get_field("body")


def _wrapper(field, **permissions):
    select = forms.Select(choices=[("", "---"), ("1", NASTY)])
    return admin_widgets.RelatedFieldWidgetWrapper(
        select, field.remote_field, admin.site, **permissions
    )


PERMISSIONS = [
    {},
    {"can_add_related": False},
    {"can_add_related": True, "can_change_related": True},
    {
        "can_add_related": True,
        "can_change_related": True,
        "can_delete_related": True,
        "can_view_related": True,
    },
    {"can_add_related": False, "can_view_related": True},
]


def _rendered(wrapper, renderer, *args):
    with override_settings(FORM_RENDERER="django.forms.renderers.TemplatesSetting"):
        # the wrapped select renders with the default renderer: Django's here
        return wrapper.render(*args, renderer=renderer)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_relation_wrapper_is_written_as_the_admins_template_writes_it(
    language, monkeypatch
):
    field = _role_field()
    with translation.override(language):
        for permissions in PERMISSIONS:
            for hidden in (False, True):
                for limited in ({}, {"name__startswith": "a"}):
                    wrapper = _wrapper(field, **permissions)
                    monkeypatch.setattr(field.remote_field, "limit_choices_to", limited)
                    if hidden:
                        wrapper.widget = forms.HiddenInput()
                    args = ("body", "1", {"id": "id_body", "data-x": NASTY})
                    fast = _rendered(wrapper, FastRenderer(), *args)
                    templates = _rendered(wrapper, TemplatesSetting(), *args)
                    assert fast == templates, (permissions, hidden, limited)
                    assert ("data-model-ref" in fast) is not bool(limited)


@pytest.mark.django_db
def test_the_relation_wrapper_shows_every_link_in_the_language(monkeypatch):
    field = _role_field()
    monkeypatch.setattr(Body._meta, "verbose_name", NASTY)
    wrapper = _wrapper(field, **PERMISSIONS[3])
    with translation.override("ca"):
        html = _rendered(wrapper, FastRenderer(), "body", "1", {"id": "id_body"})
    for link in ("change-related", "add-related", "delete-related", "view-related"):
        assert link in html
    assert (
        'title="Afegeix un altre l&#x27;Hospitalet &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;"'
        in html
    )
    assert "<b>" not in html


@pytest.mark.django_db
def test_a_callable_limit_goes_to_the_admins_template(monkeypatch):
    field = _role_field()
    wrapper = _wrapper(field, can_add_related=True)
    calls = []

    def limit():
        calls.append(1)
        return {}

    monkeypatch.setattr(field.remote_field, "limit_choices_to", limit)
    fast = _rendered(wrapper, FastRenderer(), "body", None)
    templates = _rendered(wrapper, TemplatesSetting(), "body", None)
    assert fast == templates
    assert 'data-model-ref="body"' in fast and calls


# -- raw_id_fields ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ca", "es"])
def test_raw_id_inputs_are_written_as_the_admins_templates_write_them(language):
    from teixit.events.models import Event
    from teixit.network.tests.factories import BodyFactory

    body = BodyFactory(name=NASTY)
    key = _role_field().remote_field
    several = Event._meta.get_field("themes").remote_field
    keys = (None, "", body.pk, str(body.pk), 999999, "nonsense")
    widgets = [
        (admin_widgets.ForeignKeyRawIdWidget(key, admin.site), keys),
        (
            admin_widgets.ForeignKeyRawIdWidget(
                key, admin.site, attrs={"data-x": NASTY}
            ),
            keys,
        ),
        (
            admin_widgets.ManyToManyRawIdWidget(several, admin.site),
            (None, [], [body.pk, 2], ["<b>", "2"]),
        ),
        (admin_widgets.ForeignKeyRawIdWidget(_unregistered(), admin.site), keys),
    ]
    with translation.override(language):
        for widget, values in widgets:
            for value in values:
                args = ("body", value, {"id": "id_body"})
                fast = widget.render(*args, renderer=FastRenderer())
                templates = widget.render(*args, renderer=TemplatesSetting())
                assert fast == templates, (widget, value)
        html = widgets[0][0].render("body", body.pk, renderer=FastRenderer())
    assert 'class="related-lookup"' in html
    assert "l&#x27;Hospitalet &lt;b&gt;" in html and "<b>" not in html
    assert "related-lookup" not in widgets[3][0].render(
        "x", body.pk, renderer=FastRenderer()
    )


@pytest.mark.django_db
def test_raw_id_inputs_are_written_without_templates(monkeypatch):
    from teixit.events.models import Event

    renderer = FastRenderer()
    widgets = [
        admin_widgets.ForeignKeyRawIdWidget(_role_field().remote_field, admin.site),
        admin_widgets.ManyToManyRawIdWidget(
            Event._meta.get_field("themes").remote_field, admin.site
        ),
    ]
    for widget in widgets:
        widget.render("x", None, renderer=renderer)  # which templates are Django's

    def no_templates(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(TemplatesSetting, "render", no_templates)
    for widget in widgets:
        assert 'name="x"' in widget.render("x", None, renderer=renderer)


def _unregistered():
    """A relation to a model the admin does not have: no lookup link."""
    from teixit.competences.models import ProfileFunction

    return ProfileFunction._meta.get_field("role").remote_field


# -- the admin's address input, a form of hidden fields ---------------------------


@pytest.mark.parametrize("language", ["ca", "es"])
def test_the_admins_address_input_is_written_as_its_template_writes_it(language):
    widgets = [
        admin_widgets.AdminURLFieldWidget(),
        admin_widgets.AdminURLFieldWidget(attrs={"data-x": NASTY}),
    ]
    values = [
        None,
        "",
        "https://example.org/a?b=1&c=<d>",
        "https://l'hospitalet.cat/ñ",
        "not an address",
        "javascript:alert(1)",
    ]
    with translation.override(language):
        for widget in widgets:
            for value in values:
                fast = widget.render("web", value, renderer=FastRenderer())
                templates = widget.render("web", value, renderer=TemplatesSetting())
                assert fast == templates, value
        html = widgets[0].render(
            "web", "https://example.org/?a=1&b=2", renderer=FastRenderer()
        )
    assert '<p class="url">' in html and "&amp;b=2" in html


class Hidden(forms.Form):
    one = forms.CharField(widget=forms.HiddenInput)
    two = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        if self.cleaned_data.get("one") == "refuse":
            raise forms.ValidationError(NASTY)
        return self.cleaned_data


class Visible(forms.Form):
    one = forms.CharField()
    two = forms.IntegerField(widget=forms.HiddenInput, required=False)


def test_forms_of_hidden_fields_are_written_as_the_template_writes_them():
    formset_class = forms.formset_factory(Visible, extra=2)
    forms_ = [
        Hidden(),
        Hidden({"one": NASTY, "two": "3"}),
        Hidden({"one": "refuse"}),
        Hidden({"two": "nonsense"}),  # hidden fields' errors: the form's own
        Visible(),
        Visible({"one": "", "two": "x"}),
        formset_class().management_form,
        formset_class({"form-TOTAL_FORMS": "1"}).management_form,
        formset_class(
            {"form-TOTAL_FORMS": "x", "form-INITIAL_FORMS": "0"}
        ).management_form,
    ]
    for form in forms_:
        form.renderer = FastRenderer()
        fast = str(form)
        form.renderer = TemplatesSetting()
        assert fast == str(form), type(form).__name__
    bound = Hidden({"one": "refuse"})
    bound.renderer = FastRenderer()
    assert "l&#x27;Hospitalet" in str(bound) and 'type="hidden"' in str(bound)


def test_forms_of_hidden_fields_and_address_inputs_are_written_without_templates(
    monkeypatch,
):
    renderer = FastRenderer()
    management = forms.formset_factory(Visible)().management_form
    refused = Hidden({"one": "refuse"})
    address = admin_widgets.AdminURLFieldWidget()
    for form in (management, refused):
        form.renderer = renderer
        str(form)  # which templates are Django's
    address.render("web", "https://example.org/", renderer=renderer)

    def no_templates(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(TemplatesSetting, "render", no_templates)
    assert 'name="form-TOTAL_FORMS"' in str(management)
    assert "errorlist" in str(refused)
    assert "example.org" in address.render(
        "web", "https://example.org/", renderer=renderer
    )
