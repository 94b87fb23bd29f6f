"""Admin base classes: change history (django-simple-history) and object-level
permissions from the rules registry, the same rules the pages and API use.

Use `TeixitModelAdmin` for every domain model and `TeixitTabularInline` /
`TeixitStackedInline` for its inlines: the admin then shows and lets change
exactly what `user.has_perm("<app>.<action>_<model>", obj)` allows. The app's
section appears on the admin index for users allowed by the module rule
`rules.add_perm("<app>", predicate)` (the secretariat always sees it).
"""

import weakref
from functools import partial

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from .admin_delete import BoundedDeleteConfirmationMixin
from .prepared import prepared
from .template_engine import reverse_keyed


def _joined_by_default(opts, prefix: str = "", depth: int = 1):
    """The relations Django's `select_related()` (no names) follows from a
    model: every foreign key that cannot be empty, as deep as Django goes (five
    levels), not a parent link."""
    if depth > 5:
        return
    for field in opts.fields:
        remote = field.remote_field
        if remote is None or not field.many_to_one and not field.one_to_one:
            continue
        if remote.parent_link or field.null:
            continue
        yield prefix + field.name
        yield from _joined_by_default(
            remote.model._meta, f"{prefix}{field.name}__", depth + 1
        )


#: Django admin's own message, translated by the admin's catalogue (named
#: through a constant so that Teixit's catalogues do not take a copy of it).
_CHECKBOX_LABEL = "Select this object for an action - {}"


#: `get_form` without a `fields` argument (Django works them out).
_ALL = object()


class _FieldNames:
    """What `BaseModelAdmin.get_fields` reads of a form class: the names of
    its `base_fields`."""

    __slots__ = ("base_fields",)

    def __init__(self, names: tuple[str, ...]):
        self.base_fields = dict.fromkeys(names)


class TeixitChangeList(ChangeList):
    """Django's change list, with:

    - the rows' relations shown as columns read with the rows: Django joins
      the foreign keys that cannot be empty when a column shows one, but an
      optional one (a member's comarca) was read row by row, a query each;
      here it is joined too, beside what Django joins;
    - each row's address written from the change page's address reversed
      once (`template_engine.reverse_keyed`: whole-number keys; any other key
      through `reverse()`): ~20 µs a row."""

    def apply_select_related(self, qs):
        qs = super().apply_select_related(qs)
        if self.list_select_related is not False or qs.query.select_related is not True:
            return qs
        optional = []
        for name in self.list_display:
            try:
                field = self.lookup_opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one and field.null and name != field.attname:
                optional.append(name)
        if not optional:
            return qs
        return qs.select_related(None).select_related(
            *_joined_by_default(self.lookup_opts), *optional
        )

    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        return reverse_keyed(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(quote(pk),),
            current_app=self.model_admin.admin_site.name,
        )


#: (history model, its key's name, first row, row after the last) -> the
#: page's query compiled once (`KeptHistoryPages`). Bounded: a page number
#: per entry, most people see the first.
_HISTORY_PAGES: dict[tuple, prepared] = {}
_HISTORY_PAGES_KEPT = 256


class KeptHistoryPages:
    """An object's versions for the history page's paginator, whose pages
    are read through SQL compiled once per model and page: the versions'
    query selects every tracked foreign key's object with them (so that the
    changes between versions are worked out without a query each), and
    Django compiled that join of every column of half a dozen tables anew on
    every history page, two thirds of the time the versions took to read.

    The paginator asks `count()` and a slice; the rest (`latest()`, the
    queryset's other methods) goes to the queryset. A key that is not a whole
    number, or a slice with no bounds, is the queryset's own."""

    ordered = True

    def __init__(self, queryset, build, object_id):
        self.queryset = queryset
        self.build = build
        self.object_id = object_id

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self.queryset)

    def __getattr__(self, name):
        if name.startswith("__") or name == "queryset":
            # copying, pickling: this object's, not the queryset's
            raise AttributeError(name)
        return getattr(self.queryset, name)

    def __getitem__(self, index):
        try:
            key = int(self.object_id)
        except (TypeError, ValueError):
            return self.queryset[index]
        if (
            not isinstance(index, slice)
            or type(index.start) is not int
            or type(index.stop) is not int
            or index.step is not None
            or str(key) != str(self.object_id)
        ):
            return self.queryset[index]
        model = self.queryset.model
        name = (model, self.build[1], index.start, index.stop)
        page = _HISTORY_PAGES.get(name)
        if page is None:
            if len(_HISTORY_PAGES) >= _HISTORY_PAGES_KEPT:
                _HISTORY_PAGES.clear()
            build, (start, stop) = self.build[0], (index.start, index.stop)
            page = _HISTORY_PAGES[name] = prepared(lambda pk: build(pk)[start:stop])
        return page(key)


class HistoryRevertPermissionMixin:
    """The history pages of django-simple-history follow the admin's own
    limits: they show an object only to those whose changelist shows it (the
    history holds every past value, private ones included), and a POST to a
    past version's page ("Revert"), which it accepts from anyone allowed to
    *view* the history, only from those who may change the object."""

    def _hidden_from(self, request, object_id) -> bool:
        """The object exists but is not in this person's admin queryset
        (deleted objects are left to the history's own permission check)."""
        pk = unquote(object_id)
        try:
            # One query when the person's queryset holds it (the usual case).
            if self.get_queryset(request).filter(pk=pk).exists():
                return False
            return self.model._default_manager.filter(pk=pk).exists()
        except (ValueError, ValidationError):
            return False

    def history_view(self, request, object_id, extra_context=None):
        if self._hidden_from(request, object_id):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context=extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """django-simple-history's versions of the object, its pages read
        through SQL compiled once (`KeptHistoryPages`) where the queryset is
        the package's own, which depends on nothing but the object's key."""
        queryset = super().get_history_queryset(
            request, history_manager, pk_name, object_id
        )
        own = HistoryRevertPermissionMixin.get_history_queryset
        if type(self).get_history_queryset is not own or history_manager.instance:
            return queryset

        def build(pk):
            # the package's queryset reads nothing of the request
            return SimpleHistoryAdmin.get_history_queryset(
                self, None, history_manager, pk_name, pk
            )

        return KeptHistoryPages(queryset, (build, pk_name), object_id)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if self._hidden_from(request, object_id):
            raise PermissionDenied
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )


def _request_held_weakly(form_class, request):
    """`form_class` (Django's `get_form`, an inline's or the list's formset
    form) with its field callbacks holding the request weakly. Django binds
    the request into the callback it stores on each class it makes
    (`Meta.formfield_callback`, `_meta.formfield_callback`): the classes are
    in reference cycles (every class is), so the request and all it held
    waited for Python's collector. The callback is read when a class is
    made, or subclassed within the request."""
    if request is None:
        return form_class
    weak = None
    for klass in form_class.__mro__:
        opts = klass.__dict__.get("_meta")
        callback = getattr(opts, "formfield_callback", None)
        if not (
            isinstance(callback, partial)
            and callback.keywords.get("request") is request
        ):
            continue
        if weak is None:
            weak = weakref.proxy(request)
        held = partial(
            callback.func, *callback.args, **{**callback.keywords, "request": weak}
        )
        opts.formfield_callback = held
        meta = klass.__dict__.get("Meta")
        if meta is not None and "formfield_callback" in meta.__dict__:
            meta.formfield_callback = staticmethod(held)
    return form_class


def install_weak_form_callbacks() -> bool:
    """Django's admin form classes — `ModelAdmin.get_form`, the list's
    `get_changelist_formset`, every inline's `get_formset` — with their
    field callbacks holding the request weakly (`_request_held_weakly`), for
    every admin, the project's and Django's own; once."""
    from django.contrib.admin.options import InlineModelAdmin, ModelAdmin

    if getattr(ModelAdmin.get_form, "teixit_weak", False):
        return False
    djangos_form = ModelAdmin.get_form
    djangos_list = ModelAdmin.get_changelist_formset
    djangos_inline = InlineModelAdmin.get_formset

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = djangos_form(self, request, obj, change, **kwargs)
        return _request_held_weakly(form, request)

    def get_changelist_formset(self, request, **kwargs):
        formset = djangos_list(self, request, **kwargs)
        _request_held_weakly(formset.form, request)
        return formset

    def get_formset(self, request, obj=None, **kwargs):
        formset = djangos_inline(self, request, obj, **kwargs)
        _request_held_weakly(formset.form, request)
        return formset

    for function in (get_form, get_changelist_formset, get_formset):
        function.teixit_weak = True
    ModelAdmin.get_form = get_form
    ModelAdmin.get_changelist_formset = get_changelist_formset
    InlineModelAdmin.get_formset = get_formset
    return True


class TeixitModelAdmin(
    BoundedDeleteConfirmationMixin,
    HistoryRevertPermissionMixin,
    ObjectPermissionsModelAdminMixin,
    SimpleHistoryAdmin,
):
    """Use for every domain model: history is visible, permissions come from rules.

    A model without `HistoricalRecords` gets the admin's own change log on its
    history page (django-simple-history's page needs a history table). The
    delete confirmation counts a large cascade instead of listing every object
    (`teixit.core.admin_delete`)."""

    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return TeixitChangeList

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Django's form class, built once per request for the same
        arguments. A history page asks twice for the class that lists the
        fields (`get_fieldsets` → `get_fields`) besides the one it shows, and
        each is a `ModelForm` class made field by field
        (`formfield_for_dbfield`, its querysets and widgets)."""
        fields = kwargs.get("fields", _ALL)
        if set(kwargs) - {"fields"} or not hasattr(request, "__dict__"):
            return super().get_form(request, obj, change, **kwargs)
        try:
            key = (
                id(self),
                id(obj),
                change,
                fields if fields is _ALL or fields is None else tuple(fields),
            )
            hash(key)
        except TypeError:
            return super().get_form(request, obj, change, **kwargs)
        kept = request.__dict__.setdefault("_teixit_admin_forms", {})
        if key not in kept:
            # The object is kept with its class: its id is not reused.
            kept[key] = (obj, super().get_form(request, obj, change, **kwargs))
        return kept[key][1]

    #: Whether the fields of this admin's form depend only on the model, the
    #: form class and what `get_exclude`/`get_readonly_fields` leave out (as
    #: Django's `get_form` makes them): then `get_fields` lists them from the
    #: names kept per exclusions instead of building a form class to read
    #: them. An admin whose `get_form` adds or drops fields per request sets
    #: it to False; one whose `get_form` only wraps Django's may leave it.
    fields_by_exclusions = True

    def _get_form_for_get_fields(self, request, obj):
        """What `get_fields` reads of the form (`base_fields`' names), kept
        per exclusions: building the class that lists them was a tenth of
        an admin form page (a `ModelForm` made field by field)."""
        if not self.fields_by_exclusions:
            return super()._get_form_for_get_fields(request, obj)
        exclude = self.get_exclude(request, obj)
        try:
            key = (
                None if exclude is None else tuple(exclude),
                tuple(self.get_readonly_fields(request, obj)),
            )
            hash(key)
        except TypeError:
            return super()._get_form_for_get_fields(request, obj)
        kept = self.__dict__.setdefault("_teixit_field_names", {})
        names = kept.get(key)
        if names is None:
            form = super()._get_form_for_get_fields(request, obj)
            names = kept[key] = tuple(form.base_fields)
        return _FieldNames(names)

    def action_checkbox(self, obj):
        """Django's checkbox of a row (the same HTML), written without a
        widget per row (~40 µs a row)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext(_CHECKBOX_LABEL), str(obj)),
        )

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self._has_history = hasattr(model._meta, "simple_history_manager_attribute")
        if not self._has_history:
            self.object_history_template = None

    def history_view(self, request, object_id, extra_context=None):
        if self._has_history:
            return super().history_view(request, object_id, extra_context)
        if self._hidden_from(request, object_id):
            raise PermissionDenied
        return admin.ModelAdmin.history_view(
            self, request, object_id, extra_context=extra_context
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._has_history:
            raise Http404
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )


class _RulesInlineMixin:
    """Inline permissions from the rules of the inline's own model."""

    def _perm(self, request, action: str, obj=None) -> bool:
        opts = self.opts
        return request.user.has_perm(
            f"{opts.app_label}.{action}_{opts.model_name}", obj
        )

    def has_add_permission(self, request, obj=None):
        return self._perm(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._perm(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._perm(request, "delete")

    def has_view_permission(self, request, obj=None):
        return self._perm(request, "view") or self._perm(request, "change")


class TeixitTabularInline(_RulesInlineMixin, admin.TabularInline):
    pass


class TeixitStackedInline(_RulesInlineMixin, admin.StackedInline):
    pass


# django-tasks-db's changelist titles a column by a property name ("Task
# name"), which no catalogue translates: the same column, with a label.
def _translated_task_admin() -> None:
    from django_tasks_db.admin import DBTaskResultAdmin
    from django_tasks_db.models import DBTaskResult

    class TaskResultAdmin(DBTaskResultAdmin):
        list_display = tuple(
            "task" if field == "task_name" else field
            for field in DBTaskResultAdmin.list_display
        )

        @admin.display(description=_("task"), ordering="task_path")
        def task(self, obj):
            return obj.task_name

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
    admin.site.register(DBTaskResult, TaskResultAdmin)


_translated_task_admin()
