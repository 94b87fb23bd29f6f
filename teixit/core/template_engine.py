"""Django's template engine, with `{% translate %}` and `{% url %}` of constant
arguments rendered once per language instead of on every page.

Every page repeats the same fixed texts and links: about 60 `{% translate
"…" %}` and 60 `{% url 'name' %}` tags a request, each going through gettext
(asgiref's `Local`, the catalogues, a lazy string, escaping) or `reverse()`
(namespaces, the resolver's candidates, quoting) to produce the same string it
produced on the previous page. The catalogues and the URL patterns do not
change while the process runs, so the text is kept:

- `{% translate "constant" %}` / `{% trans %}` (no variable, no filter; with
  `noop`, `context "constant"` and `as var` too): its output per message, in
  the active language (`get_language()`: `translation.override()` and
  `{% language %}` switch it), emptied when a setting the catalogues depend on
  changes (tests) or a `.mo` file changes (the development server reloads
  catalogues without restarting). The first render of each is Django's own,
  so the text is the same byte for byte.
- `{% url name constant… %}` (a view name, constant or not —
  `opts|admin_urlname:'change'` — and constant arguments or none): the
  address per view name and arguments, the
  current application (admin's namespaces), the URL resolver (a new one after
  `clear_url_caches()` or another ROOT_URLCONF), the script prefix and the
  language (`i18n_patterns`). A name that does not reverse is never kept (it
  raises, or gives "" with `as`, every time, as before). With variable
  arguments nothing is kept (an address per object would be a cache of data).

How the tags reach the templates: `url` is a builtin tag, so a library in
`builtins` replaces it (OPTIONS["builtins"] in the settings). `translate` is
in the `i18n` library, which `{% load i18n %}` adds over the builtins, so a
builtin would be hidden by every template that loads it (all of them);
mapping "i18n" to another module in OPTIONS["libraries"] works but makes
Django's check templates.W003 warn at every command ("'i18n' is used for
multiple template tag modules"). So the backend below gives its engine our
`i18n` library, under that name: Django's i18n tags and filters, with
`translate`/`trans` replaced (templates, `makemessages` and the other engines,
the form renderer's, are unchanged).
"""

from __future__ import annotations

import re
import unicodedata

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.widgets import Media, MediaAsset
from django.template import Engine, Library, TemplateDoesNotExist
from django.template import loader as _loader
from django.template.backends.django import DjangoTemplates as _DjangoTemplates
from django.template.backends.django import Template as _BackendTemplate
from django.template.backends.django import reraise
from django.template.base import TextNode
from django.template.context import make_context
from django.template.defaultfilters import stringfilter
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as _do_url
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
)
from django.template.loader_tags import do_extends as _do_extends
from django.templatetags import i18n as _django_i18n
from django.templatetags import static as _django_static
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import (
    LocalePrefixPattern,
    NoReverseMatch,
    URLResolver,
    get_resolver,
    get_script_prefix,
    get_urlconf,
)
from django.urls import reverse as _reverse
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
)
from django.urls.resolvers import RoutePattern
from django.utils.autoreload import file_changed
from django.utils.html import conditional_escape
from django.utils.text import Truncator
from django.utils.translation import get_language

from .navigation import _ADDRESS_MARKER

# A safeguard against unbounded growth: every key is a constant of a template,
# times the languages (and prefixes, URL configurations): a few thousand.
_LIMIT = 20_000

#: (message, context, noop, language, autoescape) -> the tag's output.
_TRANSLATED: dict[tuple, str] = {}
#: (view name, args, kwargs, current app, resolver, prefix, language) -> (address, escaped).
_REVERSED: dict[tuple, tuple[str, str]] = {}


def _keep(table: dict, key, value):
    """`table[key] = value`, the table emptied first when it holds `_LIMIT`
    keys; returns `value`."""
    if len(table) >= _LIMIT:
        table.clear()
    table[key] = value
    return value


def clear() -> None:
    _TRANSLATED.clear()
    _REVERSED.clear()
    _SHAPES.clear()
    _PLAIN_NAMES.clear()
    _STATIC.clear()


@receiver(setting_changed)
def _setting_changed(*, setting, **kwargs) -> None:
    if setting in {
        "USE_I18N",
        "LANGUAGE_CODE",
        "LANGUAGES",
        "LOCALE_PATHS",
        "INSTALLED_APPS",
        "ROOT_URLCONF",
        "FORCE_SCRIPT_NAME",
        # What the static files' storage reads (and DEBUG: a manifest
        # storage gives unhashed names while it is on).
        "STATIC_URL",
        "STATIC_ROOT",
        "STORAGES",
        "DEBUG",
    }:
        clear()


@receiver(file_changed)
def _file_changed(*, file_path, **kwargs) -> None:
    # Django reloads the catalogues in place (translation_file_changed).
    if file_path.suffix == ".mo":
        clear()
    # A template added or removed: which of several names exists is asked again.
    _SELECTION_GENERATION[0] += 1


def _constant(expression) -> tuple[bool, object]:
    """(True, value) if a compiled filter expression is a literal without
    filters (a quoted string or a number), else (False, None)."""
    if expression.filters:
        return False, None
    if not expression.is_var:
        return True, expression.var
    var = expression.var
    if var.lookups is None and not var.translate:
        return True, var.literal
    return False, None


class KeptTranslateNode(TranslateNode):
    """`{% translate "constant" %}`: Django's output, kept per language."""

    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        context_value = None
        if message_context is not None:
            context_value = _constant(message_context)[1]
        self.kept_key = (filter_expression.var.literal, context_value, noop)

    def render(self, context):
        key = (*self.kept_key, get_language(), context.autoescape)
        try:
            value = _TRANSLATED[key]
        except KeyError:
            # Django's rendering; with `as`, the value is what it stored.
            value = super().render(context)
            if self.asvar:
                value = context[self.asvar]
            _keep(_TRANSLATED, key, value)
            return "" if self.asvar else value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def do_translate(parser, token):
    node = _django_i18n.do_translate(parser, token)
    expression = node.filter_expression
    if (
        not expression.filters
        and expression.var.lookups is None
        and (node.message_context is None or _constant(node.message_context)[0])
    ):
        return KeptTranslateNode(
            expression, node.noop, node.asvar, node.message_context
        )
    return node


def _current_app(context):
    """The current application `{% url %}` reverses in, as URLNode.render
    finds it (the request's `current_app`, else its resolved namespace)."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class KeptURLNode(URLNode):
    """`{% url name constant… %}`: the address kept per view name (a constant
    or a variable: `opts|admin_urlname:'changelist'`) and constant arguments,
    language, script prefix, URL configuration and current application."""

    def __init__(self, view_name, args, kwargs, asvar):
        super().__init__(view_name, args, kwargs, asvar)
        self.kept_args = [_constant(arg)[1] for arg in args]
        self.kept_kwargs = {name: _constant(v)[1] for name, v in kwargs.items()}
        self.kept_arguments = (tuple(self.kept_args), tuple(self.kept_kwargs.items()))

    def render(self, context):
        view_name = self.view_name.resolve(context)
        if not isinstance(view_name, str):
            return super().render(context)
        current_app = _current_app(context)
        key = (
            view_name,
            self.kept_arguments,
            current_app,
            get_resolver(get_urlconf()),
            get_script_prefix(),
            get_language(),
        )
        try:
            url, escaped = _REVERSED[key]
        except KeyError:
            try:
                url = _reverse(
                    view_name,
                    args=self.kept_args,
                    kwargs=self.kept_kwargs,
                    current_app=current_app,
                )
            except NoReverseMatch:
                if not self.asvar:
                    # Django's rendering raises: every time, not kept.
                    return super().render(context)
                # `{% url … as var %}` of a page that may not exist (the
                # admin's documentation link on every admin page): Django
                # stores "" after a failed search of every pattern (~0.1 ms);
                # the failure is kept as the addresses are, for the same key.
                url = escaped = None
            else:
                escaped = conditional_escape(url)
            _keep(_REVERSED, key, (url, escaped))
        if url is None:
            if not self.asvar:  # kept by an `as` node, asked by a plain one
                return super().render(context)
            context[self.asvar] = ""
            return ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return escaped if context.autoescape else url


#: A number no key reaches, put in an address to find where an argument goes
#: (the next ones for the following arguments): navigation.pk_address's.
_MARKER = _ADDRESS_MARKER

_PLAIN_CONVERTERS = (IntConverter, StringConverter, SlugConverter, PathConverter)


def _plainly_reversed_names(resolver) -> frozenset[str]:
    """The URL names (with their namespaces: "entities:detail") that
    `reverse()` answers from one pattern of `path()`'s built-in converters
    (`int`, `str`, `slug`, `path`) along its whole way (the language prefix and
    `include()`s too): for those, a non-negative integer argument lands in the
    address as its digits, whatever its value, and so does a plain text
    (`_PLAIN_TEXT`) where the pattern takes a text. A name given to two
    patterns of one namespace, or to a `re_path()` or a custom converter, is
    left out (which pattern answers, or whether one does, may depend on the
    value). Names are counted per namespace, as `reverse()` looks them up:
    every app's "detail" is its own."""
    counts: dict[str, int] = {}
    plain: set[str] = set()

    def walk(patterns, ok: bool, prefix: str) -> None:
        for entry in patterns:
            pattern = entry.pattern
            here = ok and (
                isinstance(pattern, LocalePrefixPattern)
                or (
                    isinstance(pattern, RoutePattern)
                    and all(
                        type(c) in _PLAIN_CONVERTERS
                        for c in pattern.converters.values()
                    )
                )
            )
            if isinstance(entry, URLResolver):
                namespace = entry.namespace
                walk(
                    entry.url_patterns,
                    here,
                    f"{prefix}{namespace}:" if namespace else prefix,
                )
            elif entry.name:
                name = prefix + entry.name
                counts[name] = counts.get(name, 0) + 1
                if here:
                    plain.add(name)

    walk(resolver.url_patterns, True, "")
    return frozenset(name for name in plain if counts[name] == 1)


_PLAIN_NAMES: dict[object, frozenset[str]] = {}


def _is_plain(view_name: str, resolver) -> bool:
    names = _PLAIN_NAMES.get(resolver)
    if names is None:
        if len(_PLAIN_NAMES) > 8:  # resolvers of tests' URL configurations
            _PLAIN_NAMES.clear()
        names = _PLAIN_NAMES[resolver] = _plainly_reversed_names(resolver)
    return view_name in names


class KeyedURLNode(URLNode):
    """`{% url name a b %}` with arguments that are variables: when every one
    is a non-negative integer (a primary key) or a plain text (a slug, a code:
    `_PLAIN_TEXT`) and the name is reversed plainly
    (`_plainly_reversed_names`), the address is reversed once per view name,
    arguments' places and kinds, language, script prefix, URL configuration
    and current application with markers in the arguments' places, and each
    address is that shape with the keys put in (~45 µs a tag saved: a list's
    links to its rows). Any other value goes through Django's `{% url %}`."""

    def render(self, context):
        view_name = self.view_name.resolve(context)
        url = None
        if isinstance(view_name, str):
            url = _kept_address(
                view_name,
                [arg.resolve(context) for arg in self.args],
                {name: v.resolve(context) for name, v in self.kwargs.items()},
                _current_app(context),
            )
        if url is None:
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        # Digits, plain texts and the address's own characters: escaping
        # changes nothing that Django's escaping of the same address would not.
        return conditional_escape(url) if context.autoescape else url


#: Texts every text converter (`str`, `slug`, `path`) accepts and `reverse()`
#: writes as they are (no quoting): letters, digits, `-` and `_`.
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9_-]+")


def _kind(value) -> str | None:
    """ "i" for a whole number, "s" for a plain text (`_PLAIN_TEXT`), else None."""
    if type(value) is int:
        return "i" if value >= 0 else None
    if type(value) is str and _PLAIN_TEXT.fullmatch(value):
        return "s"
    return None


def _kept_address(view_name: str, args: list, kwargs: dict, current_app):
    """The address of `view_name` with these keys from its kept shape, or
    None when a key is neither a whole number nor a plain text (a slug, a
    code), or the name is not reversed plainly (then `reverse()` answers, or
    raises). The shape is kept per kind of key: a plain text where the
    pattern wants a number finds no shape (Django refuses it too)."""
    kinds = tuple(map(_kind, (*args, *kwargs.values())))
    if None in kinds:
        return None
    resolver = get_resolver(get_urlconf())
    key = (
        view_name,
        len(args),
        tuple(kwargs),
        kinds,
        current_app,
        resolver,
        get_script_prefix(),
        get_language(),
    )
    shape = _SHAPES.get(key)
    if shape is None:
        shape = _shape(
            view_name, len(args), tuple(kwargs), current_app, resolver, kinds
        )
        _keep(_SHAPES, key, shape)
    if shape is False:  # not plainly reversed, or not reversed at all
        return None
    values = [*args, *kwargs.values()]
    return shape[0] + "".join(f"{values[index]}{text}" for index, text in shape[1])


def reverse_keyed(view_name: str, args=(), kwargs=None, current_app=None) -> str:
    """`reverse()`, from the address's kept shape when every key is a whole
    number or a plain text (as `{% url %}` of such keys): for Python code
    that writes an address per row (the admin's lists, `get_absolute_url`)."""
    url = _kept_address(view_name, list(args), dict(kwargs or {}), current_app)
    if url is None:
        return _reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return url


#: key -> (the address's head, ((argument index, the text after it), ...)),
#: or False: the name is not reversed plainly.
_SHAPES: dict[tuple, tuple | bool] = {}


def _shape(view_name, arity, kwarg_names, current_app, resolver, kinds):
    if not _is_plain(view_name, resolver):
        return False
    # A number for a whole number, a plain text for a text: what each pattern
    # accepts of the one it accepts of the other.
    markers = [
        _MARKER + i if kind == "i" else f"zqx{i}xqz" for i, kind in enumerate(kinds)
    ]
    try:
        url = _reverse(
            view_name,
            args=markers[:arity],
            kwargs=dict(zip(kwarg_names, markers[arity:], strict=True)),
            current_app=current_app,
        )
    except NoReverseMatch:
        return False
    # Where each marker landed, in the address's order.
    found = sorted(
        (url.find(str(marker)), index) for index, marker in enumerate(markers)
    )
    if any(position < 0 for position, _ in found) or any(
        url.count(str(marker)) != 1 for marker in markers
    ):
        return False
    if not found:  # no keys: the address itself
        return url, ()
    head = url[: found[0][0]]
    pieces = []
    for n, (position, index) in enumerate(found):
        start = position + len(str(markers[index]))
        end = found[n + 1][0] if n + 1 < len(found) else len(url)
        pieces.append((index, url[start:end]))
    return head, tuple(pieces)


def do_url(parser, token):
    node = _do_url(parser, token)
    # Constant arguments (or none): the view name may be a variable, there
    # are as many addresses to keep as names of URLs. With arguments that
    # are variables, the address's shape is kept, not the addresses (an
    # address per object would be a cache of data).
    if all(_constant(arg)[0] for arg in (*node.args, *node.kwargs.values())):
        return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
    return KeyedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


class KeptBlocksExtendsNode(ExtendsNode):
    """`{% extends %}` with the parent's `{% block %}`s found once per parent
    template: Django walks the whole parent (base.html, ~300 nodes) to list
    them on every render. A template object's nodes do not change once
    compiled, so the list is kept on it."""

    def render(self, context):
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        root_blocks = compiled_parent.__dict__.get("_teixit_root_blocks", False)
        if root_blocks is False:
            root_blocks = None
            # As Django: a parent that extends nothing is the root, whose
            # blocks are added too (its first node other than text tells).
            for node in compiled_parent.nodelist:
                if not isinstance(node, TextNode):
                    if not isinstance(node, ExtendsNode):
                        root_blocks = {
                            n.name: n
                            for n in compiled_parent.nodelist.get_nodes_by_type(
                                BlockNode
                            )
                        }
                    break
            compiled_parent._teixit_root_blocks = root_blocks
        if root_blocks is not None:
            block_context.add_blocks(root_blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


def do_extends(parser, token):
    node = _do_extends(parser, token)
    return KeptBlocksExtendsNode(node.nodelist, node.parent_name, node.template_dirs)


class KeptStaticNode(StaticNode):
    """`{% static "constant" %}`: the file's address kept per path and script
    prefix (the storage's `url()` — a manifest lookup, quoting and joining —
    ~15 µs a tag, five on every page's frame). Emptied with the settings the
    storage reads (a new storage is made then)."""

    def render(self, context):
        key = (self.path.var, get_script_prefix())
        try:
            url, escaped = _STATIC[key]
        except KeyError:
            url = self.url(context)  # raises as Django's for a missing file
            escaped = conditional_escape(url)
            _keep(_STATIC, key, (url, escaped))
        if self.varname is not None:
            context[self.varname] = url
            return ""
        return escaped if context.autoescape else url


_STATIC: dict[tuple, tuple[str, str]] = {}


#: Django's `admin_list._boolean_icon`, which `boolean_icon` replaces.
_DJANGOS_BOOLEAN_ICON = []


def boolean_icon(field_val):
    """The admin's `_boolean_icon` (a list's or a read-only field's yes / no /
    unknown icon, `<img src=… alt=…>`), written by Django's function once per
    value and script prefix and kept with the `{% static %}` addresses
    (emptied with them): a list of 100 people has 300 of them, each a
    storage lookup and a `format_html`."""
    key = ("boolean icon", type(field_val), field_val, get_script_prefix())
    try:
        return _STATIC[key][1]
    except KeyError:
        html = _DJANGOS_BOOLEAN_ICON[0](field_val)  # raises as Django's
        _keep(_STATIC, key, (html, html))
        return html


def kept_static(path: str) -> str:
    """Django's `static(path)` (the storage's address of a static file), kept
    with the `{% static %}` addresses (emptied with them): a form's media
    (fifteen scripts and styles on an admin form, each a manifest lookup,
    quoting and joining) and the admin widgets' icons ask it from Python."""
    key = ("static()", path, get_script_prefix())
    try:
        return _STATIC[key][0]
    except KeyError:
        url = _django_static.static(path)  # raises as Django's for a missing file
        _keep(_STATIC, key, (url, conditional_escape(url)))
        return url


def install_kept_static() -> None:
    """`kept_static` in the place of the `static` a form's `Media` calls
    (`django.forms.widgets.static`), and `kept_media_render` in the place of
    `Media.render`."""
    from django.forms import widgets

    if widgets.static is not kept_static:
        widgets.static = kept_static
    if widgets.Media.render is not kept_media_render:
        _DJANGOS_MEDIA_RENDER[:] = [widgets.Media.render]
        widgets.Media.render = kept_media_render


_DJANGOS_MEDIA_RENDER: list = []


def _asset_key(item):
    """A script or style of a `Media` as a key: a path, or an asset's class,
    path and attributes (Django's assets compare equal to their bare path,
    which they do not write the same)."""
    if type(item) is str:
        return item
    if isinstance(item, MediaAsset):
        return (type(item), item._path, tuple(sorted(item.attributes.items())))
    raise TypeError(f"not a media path: {item!r}")


def kept_media_render(self):
    """`Media.render` kept per list of scripts and styles (emptied with the
    static addresses): an admin form's media is the sum of its widgets' and
    inlines' (a dozen lists, ~15 files), each render merging them in order
    (a topological sort) and writing a tag per file. A subclass of `Media`
    (which may write its own tags), or a path that is not a string or an
    asset, is rendered by Django each time."""
    djangos = _DJANGOS_MEDIA_RENDER[0]
    if type(self) is not Media:
        return djangos(self)
    try:
        key = (
            "media",
            tuple(tuple(_asset_key(i) for i in js) for js in self._js_lists),
            tuple(
                tuple(
                    (medium, tuple(_asset_key(i) for i in paths))
                    for medium, paths in css.items()
                )
                for css in self._css_lists
            ),
            get_script_prefix(),
        )
        html = _STATIC[key][0]
    except TypeError:  # an unhashable attribute or path
        return djangos(self)
    except KeyError:
        html = djangos(self)
        _keep(_STATIC, key, (html, html))
    return html


def install_boolean_icon() -> None:
    """`boolean_icon` in Django's place (the admin's lists and read-only
    fields look it up in `admin_list` when they call it)."""
    from django.contrib.admin.templatetags import admin_list

    if admin_list._boolean_icon is not boolean_icon:
        _DJANGOS_BOOLEAN_ICON[:] = [admin_list._boolean_icon]
        admin_list._boolean_icon = boolean_icon


def do_static(parser, token):
    node = StaticNode.handle_token(parser, token)
    if not node.path.filters and not node.path.is_var:
        return KeptStaticNode(node.varname, node.path)
    return node


@stringfilter
def truncatechars(value, arg):
    """Django's `truncatechars`, which builds a lazy `Truncator` and counts
    every character of the text (skipping combining marks) to find it is
    short enough: a text of no more characters than the limit, once in NFC
    form as Django puts it, is that form unchanged, without the count (a
    list of actions or practices truncates every row's text)."""
    try:
        length = int(arg)
    except ValueError:  # as Django's: fail silently
        return value
    if length > 0:
        text = unicodedata.normalize("NFC", value)
        if len(text) <= length:
            return text
    return Truncator(value).chars(length)


#: The builtin library (OPTIONS["builtins"]): `{% url %}`, `{% extends %}`,
#: `|truncatechars`.
register = Library()
register.tag("url", do_url)
register.tag("extends", do_extends)
register.filter("truncatechars", truncatechars, is_safe=True)

#: What `{% load i18n %}` loads in our engine: Django's i18n library, with
#: `translate` and `trans` kept.
i18n = Library()
i18n.tags.update(_django_i18n.register.tags)
i18n.filters.update(_django_i18n.register.filters)
i18n.tag("translate", do_translate)
i18n.tag("trans", do_translate)

#: What `{% load static %}` loads in our engine: Django's, with constant
#: paths kept.
static = Library()
static.tags.update(_django_static.register.tags)
static.filters.update(_django_static.register.filters)
static.tag("static", do_static)


# -- which of several names exists --------------------------------------------

#: Renewed at every change of a file the development server watches (a new
#: template is found at the next request, as Django's loaders find it).
_SELECTION_GENERATION = [0]


class SelectingEngine(Engine):
    """Django's engine, remembering which of a list of template names it found.

    The admin asks for `admin/<app>/<model>/change_form.html`, then
    `admin/<app>/change_form.html`, then `admin/change_form.html`, and so
    for its submit row, object tools, prepopulated fields and each inline:
    every name that does not exist raises `TemplateDoesNotExist` once in the
    loaders and again in the backend (`reraise`, `raise new from exc`), ~8 a
    change page. Besides the time, those exceptions are what made each
    request's objects garbage only Python's collector could free: Django's
    `select_template` keeps the exceptions it caught in a list, the list in
    its frame, and each exception's traceback holds that frame and, through
    it, every frame of the request's stack (the middlewares', with the
    request and the response in their locals). A young-generation collection
    (~12 ms) came every ~25 requests to free them.

    The name found is kept per list of names (and per engine: a settings
    change in tests makes new engines); a name kept that no longer loads is
    looked for again, and every change of a watched file forgets them all.
    When none of the names exists, Django's own `select_template` answers
    (and raises as it does)."""

    def selected_name(self, template_name_list) -> str | None:
        """The first of the names that loads, or None (none does, or the
        list is not a sequence of names)."""
        key = tuple(template_name_list)
        if not key or not all(type(name) is str for name in key):
            return None
        kept = self.__dict__.get("_teixit_selected")
        if kept is None or kept[0] != _SELECTION_GENERATION[0]:
            kept = self._teixit_selected = (_SELECTION_GENERATION[0], {})
        names = kept[1]
        name = names.get(key)
        if name is None:
            for candidate in key:
                try:
                    self.get_template(candidate)
                except TemplateDoesNotExist:
                    continue
                name = candidate
                break
            else:
                return None
            _keep(names, key, name)
        return name

    def load_selected(self, template_name_list, load):
        """`load(name)` of the kept name, or None when there is none or it
        no longer loads (then forgotten, looked for again next time)."""
        name = self.selected_name(template_name_list)
        if name is None:
            return None
        try:
            return load(name)
        except TemplateDoesNotExist:
            self._teixit_selected[1].pop(tuple(template_name_list), None)
            return None

    def select_template(self, template_name_list):
        template = self.load_selected(template_name_list, self.get_template)
        if template is None:
            template = super().select_template(template_name_list)
        return template


_DJANGOS_SELECT_TEMPLATE = _loader.select_template


def select_template(template_name_list, using=None):
    """`django.template.loader.select_template` (TemplateResponse's, the
    admin's pages'), through `SelectingEngine` when the site has one engine
    and it is ours; otherwise, and when no name loads, Django's."""
    if not isinstance(template_name_list, str):
        backends = _loader._engine_list(using)
        if len(backends) == 1 and isinstance(backends[0].engine, SelectingEngine):
            backend = backends[0]
            template = backend.engine.load_selected(
                template_name_list, backend.get_template
            )
            if template is not None:
                return template
    return _DJANGOS_SELECT_TEMPLATE(template_name_list, using=using)


def install_select_template() -> None:
    """`select_template` above in Django's loader and in TemplateResponse,
    which imported it by name."""
    from django.template import response

    _loader.select_template = select_template
    response.select_template = select_template


def install_submit_row() -> None:
    """The admin's `{% submit_row %}` given its values as a dict.

    Django's tag makes a `Context` of the page's context and `update`s it,
    which pushes a `ContextDict` pointing back at it: a reference cycle on
    every change and add form, holding the page's context (the app list, the
    form) for Python's collector. The inclusion tag reads the values only;
    flattened, nothing points back."""
    from django.contrib.admin.templatetags import admin_modify

    djangos = admin_modify.submit_row
    if getattr(djangos, "teixit_flattened", False):
        return

    def submit_row(context):
        made = djangos(context)
        values = made.flatten()
        made.dicts.clear()
        return values

    submit_row.teixit_flattened = True
    admin_modify.submit_row = submit_row


class UnlinkingTemplate(_BackendTemplate):
    """Django's backend template, whose context is unlinked once rendered.

    Django's `make_context` pushes the view's values onto the context as a
    `ContextDict`, which points back at the context: a reference cycle, so
    the context and everything the page rendered from it (querysets, rows,
    forms) outlived the request until Python's collector found them. Nothing
    reads the context after `render` (Django's test client keeps copies,
    with their own lists); emptying its lists lets the objects go at once."""

    def render(self, context=None, request=None):
        context = make_context(
            context, request, autoescape=self.backend.engine.autoescape
        )
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            reraise(exc, self.backend)
        finally:
            context.dicts.clear()
            context.render_context.dicts.clear()


class DjangoTemplates(_DjangoTemplates):
    """Django's backend whose `{% load i18n %}` is the library above, whose
    engine remembers which of several template names it found
    (`SelectingEngine`) and whose templates unlink their context once
    rendered (`UnlinkingTemplate`)."""

    def __init__(self, params):
        super().__init__(params)
        self.engine.__class__ = SelectingEngine
        self.engine.template_libraries["i18n"] = i18n
        self.engine.template_libraries["static"] = static

    def from_string(self, template_code):
        return UnlinkingTemplate(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return UnlinkingTemplate(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            reraise(exc, self)
