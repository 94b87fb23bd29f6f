"""The site's form renderer writes Django's standard widgets in Python: the
same HTML, character for character, as Django's widget templates."""

import datetime
import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.test import override_settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import teixit
from teixit.core.form_renderer import FastRenderer

NASTY = 'l\'Hospitalet <b>"&"</b>'
CHOICES = [
    ("", "---------"),
    ("a", NASTY),
    (2016, 2016),
    ("safe", mark_safe("<em>safe</em>")),
    ("lazy", gettext_lazy("Search")),
    ("Grup <&>", [("g1", "u"), ("g2", "dos")]),
]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="help")
    optional = forms.CharField(
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": NASTY, "data-x": True, "data-off": False}
        ),
    )
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    url = forms.URLField(required=False, assume_scheme="https")
    number = forms.IntegerField(required=False, min_value=0)
    decimal = forms.DecimalField(required=False, max_digits=8, decimal_places=2)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    datetime = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)
    search = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    agree = forms.BooleanField(required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    several = forms.MultipleChoiceField(choices=CHOICES, required=False)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        required=False,
    )
    nullbool = forms.NullBooleanField(required=False)
    upload = forms.FileField(required=False)
    image = forms.FileField(
        required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )


DATA = {
    "text": NASTY,
    "optional": "  ",
    "email": "not an address <x>",
    "number": "-3",
    "decimal": "12,5",
    "password": 'p<>"',
    "hidden": "&amp;",
    "date": "2026-12-05",
    "datetime": "2026-12-05 10:30",
    "time": "nonsense",
    "agree": "on",
    "body": "\nfirst line\n<script>alert('x')</script>",
    "choice": "2016",
    "several": ["a", "g2", "safe"],
    "radio": "g1",
    "boxes": ["a", "lazy", "g2"],
    "nullbool": "true",
}


class StoredFile:
    """An initial file of a ClearableFileInput (what a model's FieldFile offers)."""

    url = "/media/a&b <c>.png"

    def __str__(self):
        return "a&b <c>.png"


def _both(bound_field, attrs=None):
    form = bound_field.form
    fast = bound_field.as_widget(attrs=attrs)
    form.renderer = TemplatesSetting()
    try:
        templates = bound_field.as_widget(attrs=attrs)
    finally:
        form.renderer = FastRenderer()
    return fast, templates


def _forms():
    yield Everything()
    yield Everything(DATA)
    yield Everything(DATA, {"upload": SimpleUploadedFile("x.txt", b"x")})
    yield Everything(
        initial={
            "text": mark_safe("<i>safe</i>"),
            "number": 1234567,
            "decimal": Decimal("1234.50"),
            "date": datetime.date(2026, 12, 5),
            "datetime": datetime.datetime(2026, 12, 5, 10, 30),
            "time": datetime.time(9, 5),
            "agree": True,
            "choice": 2016,
            "several": ["lazy"],
            "image": StoredFile(),
            "nullbool": False,
        }
    )


@pytest.mark.parametrize("language", ["ca", "es"])
def test_every_standard_widget_is_written_as_djangos_templates_write_it(language):
    from django.utils import translation

    with translation.override(language):
        for form in _forms():
            form.renderer = FastRenderer()
            for field in form:
                for attrs in (
                    None,
                    {
                        "aria-describedby": "id_x_helptext id_x_error",
                        "aria-invalid": "true",
                    },
                ):
                    fast, templates = _both(field, attrs)
                    assert fast == templates, field.name


def test_a_required_clearable_file_input_with_a_file_has_no_clear_box():
    class Required(forms.Form):
        image = forms.FileField(widget=forms.ClearableFileInput)

    form = Required(initial={"image": StoredFile()})
    form.renderer = FastRenderer()
    fast, templates = _both(form["image"])
    assert fast == templates
    assert "checkbox" not in fast and "a&amp;b &lt;c&gt;.png" in fast


def test_the_fast_path_renders_the_standard_widgets_without_templates(monkeypatch):
    """Not a fallback in disguise: no template is rendered for them."""

    def no_templates(*args, **kwargs):
        raise AssertionError("a template was rendered")

    renderer = FastRenderer()
    for form in _forms():
        for field in form:
            renderer._fast(field.field.widget.template_name)
    monkeypatch.setattr(TemplatesSetting, "render", no_templates)
    for form in _forms():
        form.renderer = renderer
        for field in form:
            assert field.as_widget()


def test_escapes_what_it_writes():
    html = Everything(DATA)["text"].as_widget()
    assert 'value="l&#x27;Hospitalet &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;"' in html
    html = Everything(DATA)["body"].as_widget()
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_the_site_uses_it_and_the_cached_template_loader():
    assert isinstance(get_default_renderer(), FastRenderer)
    from django.template import engines

    # template_partials' loader wraps Django's cached loader (no template is
    # read and compiled again for each page; DEBUG does not change it).
    ((partials, ((cached, _loaders),)),) = engines["django"].engine.loaders
    assert partials == "template_partials.loader.Loader"
    assert cached == "django.template.loaders.cached.Loader"


def test_a_widget_template_the_project_overrides_is_rendered_from_the_template(
    tmp_path,
):
    widgets = tmp_path / "django" / "forms" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "attrs.html").write_text(
        '{% for name, value in widget.attrs.items %} {{ name }}="overridden"{% endfor %}'
    )
    (widgets / "textarea.html").write_text("<p>my textarea {{ widget.name }}</p>")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        form = Everything()
        form.renderer = FastRenderer()
        assert form["body"].as_widget() == "<p>my textarea body</p>"
        # input.html includes the overridden attrs.html: the templates write it.
        assert 'maxlength="overridden"' in form["text"].as_widget()
        assert '<div id="id_boxes" class="checks">' in form["boxes"].as_widget()
        assert 'name="boxes" value="a" class="overridden"' in form["boxes"].as_widget()
        bound = Everything(DATA)
        bound.renderer = FastRenderer()
        for field in bound:
            fast, templates = _both(field)
            assert fast == templates, field.name
            assert "overridden" in fast or field.name == "body", field.name


def test_a_widget_with_its_own_option_template_is_rendered_from_the_templates(tmp_path):
    (tmp_path / "my_option.html").write_text("<option>mine {{ widget.label }}</option>")

    class MySelect(forms.Select):
        option_template_name = "my_option.html"

    form = forms.Form()
    form.fields["x"] = forms.ChoiceField(choices=[("1", "one")], widget=MySelect)
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        form.renderer = FastRenderer()
        assert "<option>mine one</option>" in form["x"].as_widget()


def _site_forms():
    for module in pkgutil.walk_packages(teixit.__path__, "teixit."):
        if (
            ".tests" in module.name
            or module.name.endswith(".migrations")
            or ".migrations." in module.name
        ):
            continue
        if (
            module.name.rsplit(".", 1)[-1] in ("forms", "views", "admin")
            or "views" in module.name
        ):
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    seen = set()
    for cls in subclasses(forms.BaseForm):
        if (
            cls.__module__.startswith("teixit.")
            and ".tests" not in cls.__module__
            and cls not in seen
        ):
            seen.add(cls)
            yield cls


@pytest.mark.django_db
def test_every_form_of_the_site_renders_as_with_djangos_templates():
    """Each form of the site that can be built without arguments, unbound and
    bound to nonsense (errors, values), gives the same widgets both ways."""
    rendered = set()
    for cls in _site_forms():
        for args in ((), ({"q": "<x>", "name": "a&b"},)):
            try:
                form = cls(*args)
            except Exception:  # noqa: BLE001 - forms that need arguments are left out
                continue
            form.renderer = FastRenderer()
            for field in form:
                fast, templates = _both(field)
                assert fast == templates, (
                    f"{cls.__module__}.{cls.__name__}.{field.name}"
                )
                rendered.add(field.field.widget.template_name)
    # The widgets the site's forms use, at least these, were compared.
    for name in (
        "text",
        "textarea",
        "select",
        "checkbox",
        "checkbox_select",
        "email",
        "date",
    ):
        assert f"django/forms/widgets/{name}.html" in rendered, name


@pytest.mark.django_db
def test_the_form_field_tag_writes_what_the_field_component_writes():
    """`{% form_field field %}` (components/form.html) and the include of
    components/field.html: label, required mark, aria-describedby, help and
    errors identical for every widget type, with and without errors."""
    from django.template import engines

    engine = engines["django"]
    include = engine.from_string(
        '{% include "components/field.html" with field=field %}'
    )
    tag = engine.from_string("{% load teixit %}{% form_field field %}")
    compared = 0
    for form in (*_forms(), Everything({})):
        for field in form:
            assert tag.render({"field": field}) == include.render({"field": field}), (
                field.name
            )
            compared += bool(field.errors)
    assert compared > 5
    html = tag.render({"field": Everything({})["text"]})
    assert (
        'aria-describedby="id_text_helptext id_text_error" aria-invalid="true"' in html
    )


class WithNonFieldErrors(Everything):
    def clean(self):
        raise forms.ValidationError(["First <error>", mark_safe("<b>second</b>")])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ca", "es"])
def test_the_form_body_tag_writes_what_the_form_component_writes(language):
    """`{% form_body form %}` and the include of components/form.html: the
    same HTML for unbound forms, forms with field errors only ("Please correct
    the errors below." in the page's language), with non-field errors, with
    hidden fields, and for the plan's role forms of the action page."""
    from django.template import engines
    from django.utils import translation

    from teixit.workplans.governance_views import (
        CommentForm,
        DoneProposalForm,
        GuidelinesForm,
        ProviderForm,
        SupportEvidenceForm,
    )

    engine = engines["django"]
    include = engine.from_string('{% include "components/form.html" with form=form %}')
    tag = engine.from_string("{% load teixit %}{% form_body form %}")
    forms_ = [
        *_forms(),
        WithNonFieldErrors(DATA),
        WithNonFieldErrors({**DATA, "email": "a@example.org", "time": "10:00"}),
        GuidelinesForm(),
        GuidelinesForm({}),
        DoneProposalForm(),
        SupportEvidenceForm({}),
        CommentForm(with_evidence=True),
        ProviderForm(initial={"name": NASTY}),
    ]
    kinds = set()
    with translation.override(language):
        for form in forms_:
            html = tag.render({"form": form})
            assert html == include.render({"form": form}), type(form).__name__
            kinds.add(
                "non-field"
                if form.is_bound and form.non_field_errors()
                else "errors"
                if form.is_bound and form.errors
                else "clean"
            )
            if form.hidden_fields():
                kinds.add("hidden")
    assert kinds == {"non-field", "errors", "clean", "hidden"}


# -- labels and error lists ------------------------------------------------------


def _label_and_errors(form):
    """Every label and error list of `form` as the renderer writes them."""
    out = []
    for field in form:
        out += [
            field.label_tag(),
            field.label_tag(
                attrs={"class": "a <b>", "data-on": True, "data-off": False}
            ),
            field.label_tag(contents=mark_safe("<i>safe</i>"), label_suffix=" →"),
            field.label_tag(contents=NASTY, tag="span"),
            field.legend_tag(),
            str(field.errors),
            field.errors.as_ul(),
        ]
    out.append(str(form.non_field_errors()))
    return out


def _with(renderer, form):
    form.renderer = renderer
    for errors in [*form.errors.values(), form.non_field_errors()]:
        errors.renderer = renderer
    return _label_and_errors(form)


@pytest.mark.parametrize("language", ["ca", "es"])
def test_labels_and_error_lists_are_written_as_djangos_templates_write_them(language):
    from django.utils import translation

    with translation.override(language):
        compared = 0
        for make in (
            *[lambda f=f: f for f in _forms()],
            lambda: Everything({}),
            lambda: WithNonFieldErrors(DATA),
        ):
            fast = _with(FastRenderer(), make())
            templates = _with(TemplatesSetting(), make())
            assert fast == templates
            compared += sum(1 for html in fast if "<li>" in html)
        assert (
            compared > 10
        )  # error lists with messages were compared, not only empty ones


def test_an_error_list_writes_its_field_id_class_and_escaped_messages():
    from django.forms.utils import ErrorList

    for errors in (
        ErrorList(["un <b>", mark_safe("<i>dos</i>")], field_id="id_nom"),
        ErrorList(
            [forms.ValidationError("%(x)s!", params={"x": "<y>"})],
            error_class="nonfield",
        ),
        ErrorList([gettext_lazy("Search")]),
        ErrorList(),
    ):
        for template in (None, ErrorList.template_name_ul):
            fast = errors.render(template, renderer=FastRenderer())
            assert fast == errors.render(template, renderer=TemplatesSetting())
    html = ErrorList(["un <b>"], field_id="id_nom").render(renderer=FastRenderer())
    assert html == '<ul class="errorlist" id="id_nom_error"><li>un &lt;b&gt;</li></ul>'


def test_labels_and_error_lists_are_written_without_templates(monkeypatch):
    renderer = FastRenderer()
    form = Everything({})
    _with(renderer, form)  # the renderer learns its templates are Django's

    def no_templates(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(TemplatesSetting, "render", no_templates)
    assert "<label" in form["text"].label_tag()
    assert "<li>" in str(form["text"].errors)
    assert str(Everything()["text"].errors) == ""


def test_an_overridden_label_template_is_rendered_from_the_template(tmp_path):
    (tmp_path / "django" / "forms").mkdir(parents=True)
    (tmp_path / "django" / "forms" / "label.html").write_text("[{{ label }}]")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        form = Everything()
        form.renderer = FastRenderer()
        assert form["text"].label_tag().startswith("[")


@pytest.mark.django_db
def test_every_admin_form_labels_and_errors_as_djangos_templates():
    """The add form of every model the admin edits, unbound and bound to
    nothing (required fields' errors): labels and error lists both ways."""
    from django.contrib import admin
    from django.test import RequestFactory

    from teixit.accounts.tests.factories import UserFactory

    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    compared = 0
    for model_admin in admin.site._registry.values():
        try:
            form_class = model_admin.get_form(request, None)
        except Exception:  # noqa: BLE001 - an admin that cannot add has no add form
            continue
        for args in ((), ({},)):
            fast = _with(FastRenderer(), form_class(*args))
            templates = _with(TemplatesSetting(), form_class(*args))
            assert fast == templates, type(model_admin).__name__
            compared += 1
    assert compared > 80


@pytest.mark.parametrize("language", ["ca", "es"])
def test_options_rendered_one_by_one_are_written_as_the_templates_write_them(
    language, monkeypatch
):
    """`{% for option in form.field %}{{ option }}{% endfor %}` (the attendance
    list, the map's criteria): each radio or checkbox with its label."""
    from django.utils import translation

    with translation.override(language):
        for form in _forms():
            for name in ("radio", "boxes"):
                form.renderer = FastRenderer()
                fast = [str(option) for option in form[name]]
                form.renderer = TemplatesSetting()
                templates = [str(option) for option in form[name]]
                assert fast == templates, name
                assert len(fast) == 7  # a group's two options each on its own
    form = Everything(DATA)
    form.renderer = FastRenderer()
    [str(option) for option in form["boxes"]]  # which templates are Django's

    def no_templates(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(TemplatesSetting, "render", no_templates)
    html = [str(option) for option in form["boxes"]]
    assert 'type="checkbox"' in html[1] and "l&#x27;Hospitalet" in html[1]
    assert "checked" in html[1] and "checked" not in html[2]
