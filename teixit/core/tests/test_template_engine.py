"""The site's template engine keeps `{% translate "constant" %}` and `{% url
'name' constant %}` per language: the same text as Django's own tags, in
whatever language is active when the node renders."""

import pytest
from django.template import Context, Engine, engines
from django.test import RequestFactory, override_settings
from django.urls import (
    NoReverseMatch,
    get_resolver,
    include,
    path,
    re_path,
    register_converter,
)
from django.utils import translation

from teixit.core import template_engine
from teixit.core.template_engine import KeptTranslateNode, KeptURLNode

SOURCE = (
    "{% load i18n %}"
    '{% translate "Save" %}|{% trans "Catalan" %}|'
    '{% translate "Search" as label %}[{{ label }}]|'
    '{% translate "May" context "month name" %}|'
    '{% translate "Save" noop %}|{% translate "100%% <b>&</b>" %}|'
    '{% translate "l\'entitat" %}|'
    '{% translate word %}|{% translate "Save"|upper %}|'
    '{% url "home:home" %}|{% url "admin:index" %}|'
    '{% url "entities:detail" 42 %}|{% url "entities:detail" pk=7 %}|'
    '{% url "entities:detail" entity_pk %}|{% url "no-such-page" as missing %}[{{ missing }}]|'
    '{% url "home:home" as home %}[{{ home }}]|{% url view %}|{% url view|add:"x" as bad %}[{{ bad }}]|'
    '{% language "es" %}{% translate "Save" %}{% url "home:home" %}{% endlanguage %}|'
    '{% autoescape off %}{% translate "Save" %}{% endautoescape %}'
)


def django_engine() -> Engine:
    """Django's own tags: the default engine, without the site's libraries."""
    return Engine(
        libraries={
            "i18n": "django.templatetags.i18n",
            "static": "django.templatetags.static",
        }
    )


def render(engine_template, language, **context):
    with translation.override(language):
        return engine_template.render(
            Context({"word": "Catalan", "view": "entities:manage", **context})
        )


def test_the_site_engine_uses_the_kept_nodes():
    template = engines["django"].from_string(SOURCE).template
    kinds = {type(node).__name__ for node in template.nodelist}
    assert {
        "KeptTranslateNode",
        "KeptURLNode",
        "TranslateNode",
        "KeyedURLNode",
    } <= kinds
    # Variables and filters are Django's nodes, rendered every time.
    assert sum(isinstance(n, KeptTranslateNode) for n in template.nodelist) == 7
    # A URL whose arguments are constants (or none), its name a constant or a
    # variable; not one with a variable argument.
    kept = [n for n in template.nodelist if isinstance(n, KeptURLNode)]
    assert len(kept) == 8
    assert all(not n.args or n.kept_args == [42] for n in kept)


@pytest.mark.parametrize(
    "order", [("ca", "es", "en", "ca"), ("en", "ca", "es", "en"), ("es", None, "ca")]
)
def test_same_text_as_django_in_every_language_and_order(order):
    ours = engines["django"].from_string(SOURCE).template
    theirs = django_engine().from_string(SOURCE)
    outputs = []
    for language in order:
        for _ in range(2):  # the second render is the kept text
            if language is None:
                with translation.override(None):
                    got = ours.render(
                        Context(
                            {"word": "Catalan", "entity_pk": 3, "view": "home:home"}
                        )
                    )
                    want = theirs.render(
                        Context(
                            {"word": "Catalan", "entity_pk": 3, "view": "home:home"}
                        )
                    )
            else:
                got = render(ours, language, entity_pk=3)
                want = render(theirs, language, entity_pk=3)
            assert got == want
            outputs.append(got)
    # Not one text for every language.
    assert len(set(outputs)) == len(set(order))


def test_languages_differ_and_are_not_mixed():
    template = engines["django"].from_string(
        '{% load i18n %}{% translate "Save" %} {% url "home:home" %}'
    )
    assert template.render({}) in {"Desar /", "Save /en/", "Guardar /es/"}
    with translation.override("ca"):
        assert template.render({}) == "Desar /"
    with translation.override("es"):
        assert template.render({}) == "Guardar /es/"
        with translation.override("en"):
            assert template.render({}) == "Save /en/"
        assert template.render({}) == "Guardar /es/"
    with translation.override("ca"):
        assert template.render({}) == "Desar /"


def test_as_variable_is_set_on_every_render():
    template = engines["django"].from_string(
        '{% load i18n %}{% translate "Save" as x %}{% url "home:home" as y %}{{ x }} {{ y }}'
    )
    for _ in range(3):
        with translation.override("es"):
            assert template.render({}) == "Guardar /es/"


def test_unknown_url_name_raises_every_time():
    template = engines["django"].from_string('{% url "no-such-page" %}')
    assert isinstance(template.template.nodelist[0], KeptURLNode)
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            template.render({})


def test_a_missing_page_stored_as_a_variable_is_searched_once(monkeypatch):
    """`{% url 'missing' as x %}` (the admin's documentation link, on every
    admin page): "" every time as Django stores, the patterns searched once
    for the key; a plain node of the same name still raises, and a URL
    configuration that has the page finds it."""
    searched = []
    real = template_engine._reverse

    def counted(*args, **kwargs):
        searched.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(template_engine, "_reverse", counted)
    kept = engines["django"].from_string(
        '{% url "plain" 3 as docs %}[{{ docs }}]{% if docs %}link{% endif %}'
    )
    theirs = django_engine().from_string(
        '{% url "plain" 3 as docs %}[{{ docs }}]{% if docs %}link{% endif %}'
    )
    for _ in range(3):
        assert kept.render({}) == theirs.render(Context()) == "[]"
    assert searched == ["plain"]
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string('{% url "plain" 3 %}').render({})
    with override_settings(ROOT_URLCONF=__name__):
        assert kept.render({}) == "[/plain/3/]link"
    assert kept.render({}) == "[]"


def test_url_of_the_current_admin_site_namespace():
    template = engines["django"].from_string('{% url "admin:index" %}')
    request = RequestFactory().get("/")
    request.current_app = "admin"
    with translation.override("en"):
        assert template.render({}, request) == "/en/admin/"
        assert template.render({}) == "/en/admin/"


def test_script_prefix_is_part_of_the_key():
    from django.urls import get_script_prefix, set_script_prefix

    template = engines["django"].from_string('{% url "home:home" %}')
    before = get_script_prefix()
    try:
        with translation.override("ca"):
            assert template.render({}) == "/"
            set_script_prefix("/teixit/")
            assert template.render({}) == "/teixit/"
    finally:
        set_script_prefix(before)
    with translation.override("ca"):
        assert template.render({}) == "/"


def test_a_setting_change_empties_what_is_kept():
    template = engines["django"].from_string('{% load i18n %}{% translate "Save" %}')
    with translation.override("ca"):
        assert template.render({}) == "Desar"
    assert template_engine._TRANSLATED
    # (Django itself keeps translating after USE_I18N=False in a test: the
    # same text as its own tag, not "Save", is what is asked.)
    with override_settings(USE_I18N=False):
        assert not template_engine._TRANSLATED
        source = '{% load i18n %}{% translate "Save" %}'
        assert engines["django"].from_string(source).render(
            {}
        ) == django_engine().from_string(source).render(Context())
    with translation.override("ca"):
        assert template.render({}) == "Desar"


def test_site_templates_that_load_i18n_get_the_kept_tag():
    template = engines["django"].get_template("base.html").template
    assert template.nodelist.get_nodes_by_type(KeptTranslateNode)


# {% url name variable… %}: the address's shape kept for whole numbers --------


def _view(request, **kwargs):  # pragma: no cover - only reversed
    raise AssertionError


class _FourDigits:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(_FourDigits, "four_digits_test")

#: A URL configuration with names reversed plainly and names that are not.
urlpatterns = [
    path("plain/<int:pk>/", _view, name="plain"),
    path("pair/<int:a>/of/<str:b>/end", _view, name="pair"),
    path("slug/<slug:s>/", _view, name="slugged"),
    re_path(r"^dup/(?P<pk>[0-9]{1,3})/$", _view, name="dup"),
    path("dup2/<int:pk>/", _view, name="dup"),
    re_path(r"^regex/(?P<pk>[0-9]{4})/$", _view, name="regex"),
    path("conv/<four_digits_test:pk>/", _view, name="conv"),
    path(
        "in/<int:group>/", include(([path("x/<int:pk>/", _view, name="inner")], "ns"))
    ),
    # the same name in another namespace: each is its own
    path("other/", include(([path("y/<slug:s>/", _view, name="inner")], "ns2"))),
]

KEYED = (
    "{% url 'plain' v %}|{% url 'plain' pk=v %}|{% url 'pair' v v %}|"
    "{% url 'pair' b=v a=w %}|{% url 'slugged' v %}|{% url 'dup' v %}|"
    "{% url 'ns:inner' w v %}|{% url 'ns2:inner' v %}|{% url 'plain' v as u %}[{{ u }}]"
)


def _django_or_error(template, context):
    try:
        return template.render(Context(context))
    except NoReverseMatch:
        return NoReverseMatch


@override_settings(ROOT_URLCONF=__name__)
def test_variable_arguments_give_djangos_addresses_for_any_value():
    ours = engines["django"].from_string(KEYED).template
    theirs = django_engine().from_string(KEYED)
    assert {type(n).__name__ for n in ours.nodelist} >= {"KeyedURLNode"}
    values = [0, 5, 42, 999, 1234, 2_071_234_567, 10**12, -3, True, "7", "a-b", None]
    # texts: plain ones (kept shapes), and what a converter refuses or
    # `reverse()` quotes (Django's tag), the text marker itself too
    values += ["abc", "a_b-C9", "a.b", "a b", "à", "", "a/b", "%41", "zqx0xqz"]
    checked = 0
    for v in values:
        for w in (1, 77):
            context = {"v": v, "w": w}
            for _ in range(2):  # the second from the kept shape
                assert _django_or_error(ours, context) == _django_or_error(
                    theirs, context
                ), (v, w)
                checked += 1
    assert checked == len(values) * 4
    assert ours.render(Context({"v": 8, "w": 1})).startswith("/plain/8/|")


@override_settings(ROOT_URLCONF=__name__)
def test_names_with_patterns_whose_match_depends_on_the_value_are_not_kept():
    template = engines["django"].from_string(
        "{% url 'dup' v %}|{% url 'regex' v %}|{% url 'conv' v %}"
    )
    names = template_engine._plainly_reversed_names(get_resolver())
    assert {"plain", "pair", "slugged", "ns:inner", "ns2:inner"} <= names
    assert not names & {"dup", "regex", "conv"}
    for name in ("regex", "conv"):
        one = engines["django"].from_string("{% url '" + name + "' v %}")
        assert one.render({"v": 1234}) == f"/{name}/1234/"
        for _ in range(2):
            with pytest.raises(NoReverseMatch):
                one.render({"v": 12})
    # Remembered as not kept (False), never as a shape.
    assert all(
        shape is False
        for key, shape in template_engine._SHAPES.items()
        if key[0] in {"dup", "regex", "conv"}
    )
    assert template.render({"v": 1234}).count("1234") == 3


def test_site_addresses_with_keys_as_django_in_every_language():
    source = (
        "{% url 'workplans:action_detail' v %}|{% url 'notifications:follow' w v %}|"
        "{% url 'entities:detail' v %}"
    )
    ours = engines["django"].from_string(source)
    theirs = django_engine().from_string(source)
    for language in ("ca", "es", "en", "ca"):
        for v, w in ((1, 35), (123456, 2), (0, 0)):
            with translation.override(language):
                assert ours.render({"v": v, "w": w}) == theirs.render(
                    Context({"v": v, "w": w})
                )
    with translation.override("es"):
        assert ours.render({"v": 9, "w": 3}).startswith("/es/")


def test_extends_finds_the_parents_blocks_once_and_renders_as_django():
    parent = "<{% block a %}A{% endblock %}|{% block b %}B{% endblock %}>"
    middle = '{% extends "parent" %}{% block b %}m{{ block.super }}{% endblock %}'
    child = '{% extends "middle" %}{% block a %}c{{ block.super }}{% endblock %}'
    sources = {"parent": parent, "middle": middle, "child": child}

    def engine(site):
        loaders = [
            (
                "django.template.loaders.cached.Loader",
                [("django.template.loaders.locmem.Loader", sources)],
            )
        ]
        if site:
            return Engine(
                loaders=loaders,
                builtins=["teixit.core.template_engine"],
            )
        return Engine(loaders=loaders)

    ours, theirs = engine(True), engine(False)
    for name in ("child", "middle"):
        for _ in range(3):
            assert ours.get_template(name).render(Context()) == theirs.get_template(
                name
            ).render(Context())
    assert ours.get_template("child").render(Context()) == "<cA|mB>"
    root = ours.get_template("parent")
    assert set(root._teixit_root_blocks) == {"a", "b"}
    # The site's pages through base.html: the blocks found once, kept on it.
    page = engines["django"].get_template("404.html")
    page.render({})
    base = engines["django"].engine.get_template("base.html")
    assert "content" in base._teixit_root_blocks


def test_static_of_a_constant_path_kept_as_django_writes_it():
    source = (
        "{% load static %}{% static 'css/teixit.css' %}|{% static 'a b&c.js' %}|"
        "{% static 'img/x.svg' as logo %}[{{ logo }}]|{% static name %}|"
        "{% autoescape off %}{% static 'a b&c.js' %}{% endautoescape %}"
    )
    ours = engines["django"].from_string(source)
    kinds = {type(n).__name__ for n in ours.template.nodelist}
    assert {"KeptStaticNode", "StaticNode"} <= kinds
    theirs = django_engine().from_string(source)
    for _ in range(2):
        assert ours.render({"name": "js/teixit.js"}) == theirs.render(
            Context({"name": "js/teixit.js"})
        )
    assert "/static/a%20b%26c.js" in ours.render({"name": "x"})
    assert template_engine._STATIC
    with override_settings(STATIC_URL="/other-static/"):
        assert not template_engine._STATIC
        assert ours.render({"name": "x"}).startswith("/other-static/css/teixit.css|")
    assert ours.render({"name": "x"}).startswith("/static/css/teixit.css|")


def test_a_forms_media_and_static_from_python_kept_as_django_writes_them():
    """`kept_static` answers as Django's `static()` (quoting, a script
    prefix, another STATIC_URL), and a form's media, which calls it in
    Django's place, is the HTML Django writes."""
    from django import forms
    from django.templatetags.static import static
    from django.urls import set_script_prefix

    class Form(forms.Form):
        class Media:
            js = ["admin/js/core.js", "a b&c.js", "https://example.org/x.js", "/abs.js"]
            css = {"all": ["css/teixit.css"]}

    assert forms.widgets.static is template_engine.kept_static
    paths = ["admin/img/icon-yes.svg", "a b&c.js", "dir/ü.css"]
    for _ in range(2):
        for name in paths:
            assert template_engine.kept_static(name) == static(name)
    html = str(Form().media)
    assert 'src="/static/a%20b%26c.js"' in html
    assert 'src="https://example.org/x.js"' in html and 'src="/abs.js"' in html
    with override_settings(STATIC_URL="/other-static/"):
        assert template_engine.kept_static("a b&c.js") == "/other-static/a%20b%26c.js"
        assert 'href="/other-static/css/teixit.css"' in str(Form().media)
    set_script_prefix("/prefix/")
    try:
        assert template_engine.kept_static("x.js") == static("x.js")
    finally:
        set_script_prefix("/")
    assert template_engine.kept_static("x.js") == static("x.js") == "/static/x.js"


def test_media_kept_as_django_renders_it():
    """`Media.render` kept per list of files: the HTML Django writes for the
    same lists, merged in the same order; an asset with attributes is not its
    bare path; a subclass of Media is Django's each time; a new STATIC_URL
    renders anew."""
    from django import forms
    from django.contrib.admin.widgets import AdminDateWidget, FilteredSelectMultiple
    from django.forms.widgets import Media, Script

    djangos = template_engine._DJANGOS_MEDIA_RENDER[0]
    assert Media.render is template_engine.kept_media_render
    admin_media = (
        AdminDateWidget().media
        + FilteredSelectMultiple("x", False).media
        + Media(js=["admin/js/core.js", "b.js"], css={"all": ["x.css"]})
        + Media(js=["a.js", "admin/js/core.js"], css={"screen": ["y.css"]})
    )
    for media in (
        admin_media,
        Media(js=["a.js", "b.js"]) + Media(js=["b.js", "c.js"]),
        Media(css={"print": ["p.css"], "all": ["a.css"]}),
        Media(),
    ):
        for _ in range(2):
            assert str(media) == djangos(media)
    first = str(Media(js=["a.js", "b.js"]) + Media(js=["b.js", "c.js"]))
    assert first.index("a.js") < first.index("b.js") < first.index("c.js")
    deferred = Media(js=[Script("a.js", defer=True)])
    assert str(Media(js=["a.js"])) == '<script src="/static/a.js"></script>'
    assert (
        str(deferred)
        == '<script src="/static/a.js" defer></script>'
        == djangos(deferred)
    )

    class Own(Media):
        def render_js(self):
            return ["<!-- own -->"]

    assert str(Own(js=["a.js"])) == "<!-- own -->"
    with override_settings(STATIC_URL="/other-static/"):
        assert str(Media(js=["a.js"])) == '<script src="/other-static/a.js"></script>'

    class Form(forms.Form):
        day = forms.DateField(widget=AdminDateWidget)

    assert str(Form().media) == djangos(Form().media)


@override_settings(ROOT_URLCONF=__name__)
def test_reverse_keyed_answers_as_reverse():
    from django.urls import reverse

    for name, args, kwargs in [
        ("plain", [5], None),
        ("plain", [], {"pk": 0}),
        ("pair", [3, 4], None),
        ("dup", [5], None),
        ("regex", [1234], None),
        ("plain", ["7"], None),
        ("slugged", ["a-b_C9"], None),
        ("slugged", [], {"s": "x"}),
        ("pair", [3, "x_y"], None),
        ("pair", [], {"a": 3, "b": "a.b~c"}),
        ("ns:inner", [1, 2], None),
        ("ns2:inner", ["a-b"], None),
    ]:
        for _ in range(2):
            assert template_engine.reverse_keyed(name, args, kwargs) == reverse(
                name, args=args, kwargs=kwargs
            )
    for name, args in [
        ("regex", [12]),
        ("plain", [-1]),
        ("no-such", [1]),
        ("plain", ["abc"]),
        ("slugged", ["a.b"]),
        ("slugged", ["à"]),
        ("pair", [3, "a/b"]),
    ]:
        with pytest.raises(NoReverseMatch):
            template_engine.reverse_keyed(name, args)
    # A slug's address comes from a kept shape; a number's pattern keeps none
    # for a text.
    kept = {
        (key[0], key[3]): shape
        for key, shape in template_engine._SHAPES.items()
        if key[0] in {"slugged", "plain"}
    }
    assert kept[("slugged", ("s",))] and kept[("plain", ("i",))]
    assert all(
        shape
        for key, shape in template_engine._SHAPES.items()
        if key[0] in {"ns:inner", "ns2:inner"}
    )
    assert kept[("plain", ("s",))] is False


def test_the_admins_boolean_icons_are_djangos_kept():
    """`admin_list._boolean_icon` is `boolean_icon`, which writes what
    Django's writes for every value it is given (True, False, None, and the
    integers a list may hold, whose alt text differs), under any script
    prefix, and raises as Django's for a value it has no icon for."""
    from django.contrib.admin.templatetags import admin_list
    from django.contrib.admin.utils import display_for_value
    from django.urls import set_script_prefix

    assert admin_list._boolean_icon is template_engine.boolean_icon
    djangos = template_engine._DJANGOS_BOOLEAN_ICON[0]
    assert djangos.__module__ == "django.contrib.admin.templatetags.admin_list"
    for prefix in ("/", "/sub/"):
        set_script_prefix(prefix)
        try:
            for value in (True, False, None, 1, 0, True, None):
                assert template_engine.boolean_icon(value) == djangos(value), value
            assert 'alt="1"' in template_engine.boolean_icon(1)
            assert 'alt="True"' in template_engine.boolean_icon(True)
            assert 'src="/static/admin/img/icon-no.svg' in template_engine.boolean_icon(
                False
            )
            assert display_for_value(True, "-", boolean=True) == djangos(True)
        finally:
            set_script_prefix("/")
    with pytest.raises(KeyError):
        template_engine.boolean_icon("yes")


def test_truncatechars_is_djangos():
    """`|truncatechars` (our builtin, with a short text's quick answer)
    writes what Django's filter writes, safe text staying safe."""
    from django.template import Context, Engine, engines
    from django.utils.safestring import SafeString, mark_safe
    from django.utils.translation import gettext_lazy

    ours = engines["django"].engine
    djangos = Engine()
    texts = [
        "",
        "Curt",
        "x" * 140,
        "x" * 141,
        "Cooperativa de l'Horta <b>& cia</b> " * 5,
        "cafe\u0301 " * 40,  # combining accents: not counted by Django
        "cafe\u0301",  # NFD: written in NFC by both
        "e\u0301" * 150,
        mark_safe("<b>Negreta</b> " * 20),
        mark_safe("<i>curt</i>"),
        12345,
        None,
        gettext_lazy("Published"),
    ]
    for arg in ("140", "5", "1", "0", "-3", '"x"'):
        source = "{{ value|truncatechars:" + arg + " }}"
        for value in texts:
            context = {"value": value}
            assert ours.from_string(source).render(Context(context)) == (
                djangos.from_string(source).render(Context(context))
            ), (arg, value)
    short = ours.from_string("{{ value|truncatechars:140 }}").render(
        Context({"value": mark_safe("<i>curt</i>")})
    )
    assert short == "<i>curt</i>" and isinstance(short, SafeString)
    from teixit.core import template_engine

    node = ours.from_string("{{ v|truncatechars:3 }}").nodelist[0]
    assert node.filter_expression.filters[0][0] is template_engine.truncatechars
