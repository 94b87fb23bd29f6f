"""The admin's delete confirmation, counted instead of listed when it is large.

Django's delete confirmation (and the "delete selected" action) collects every
object the deletion would take with it (`admin.utils.NestedObjects`), loads
each, asks the model's admin whether the person may delete it, writes its name
and link, and lists them all: a methodology with years of diagnoses and
answers, a plan with its actions, a municipality with its entities read
thousands of rows and made hundreds of queries to show a page.

`get_deleted_objects` here gives the admin the same four answers (what is
deleted, the count per model, the kinds of object the person may not delete,
the protected objects) with a bounded number of queries:

- it walks the models the deletion cascades to, one query set per model (the
  union of the relations that reach it, as subqueries), and counts each with
  one COUNT; `on_delete=PROTECT` relations give the protected objects, counted
  the same way;
- up to `FULL_LIST_LIMIT` objects in all (protected ones included), the answer
  is Django's own, unchanged: the nested list of every object;
- past it, the page lists at most `LISTED_PER_MODEL` objects of each model by
  name and link, then "… and N more"; the summary shows every model's count;
- permissions are asked as Django asks them, per object, with one shortcut:
  when a model's admin answers without looking at the object (Django's
  `has_delete_permission`, or the rules mixin's over a rule that takes no
  object, see `_answer_ignores_object`), one object's answer stands for all.
  Otherwise every object of that model is read (one query) and asked, until
  one is refused;
- what it does not follow — `on_delete=RESTRICT` (Django lets a restricted
  object go when the deletion also reaches it by another path), a custom
  `on_delete`, multi-table inheritance, generic relations, a cascade deeper
  than `MAX_DEPTH` — is left to Django's own collector, whole.

The deletion itself is untouched: `delete_model` / `delete_queryset` delete
as before, and still refuse protected objects.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.admin.utils import get_deleted_objects as django_deleted_objects
from django.contrib.auth import get_permission_codename
from django.db import models, router
from django.db.models import Q
from django.db.models.deletion import get_candidate_relations_to_delete
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from rules.permissions import permissions as rules_permissions

#: Up to this many objects reached (protected ones included): Django's own list.
FULL_LIST_LIMIT = 100
#: Past it, the objects of each model listed by name.
LISTED_PER_MODEL = 10
#: Up to this many objects of a model reached, their keys are read (see _counted).
KEYS_READ = 500
#: Levels of a model's relation to itself followed (a reply's replies…).
MAX_DEPTH = 20

#: on_delete values that delete nothing more and protect nothing.
_NOTHING_DELETED = (models.DO_NOTHING, models.SET_NULL, models.SET_DEFAULT)


class _LeftToDjango(Exception):
    """A cascade this module does not follow: Django's collector decides."""


class BoundedDeleteConfirmationMixin:
    """A `ModelAdmin` whose delete confirmation and "delete selected" action
    count a large cascade instead of listing it (see the module)."""

    def get_deleted_objects(self, objs, request):
        return get_deleted_objects(objs, request, self.admin_site)


def get_deleted_objects(objs, request, admin_site):
    """Django's `admin.utils.get_deleted_objects`: (to_delete, model_count,
    perms_needed, protected), with a bounded number of queries."""
    try:
        return _listed_whole(objs, request, admin_site)
    except _TooMany:
        pass
    model = objs.model if isinstance(objs, models.QuerySet) else type(objs[0])
    try:
        cascade = _Cascade(model, objs, router.db_for_write(model))
    except _LeftToDjango:
        return django_deleted_objects(objs, request, admin_site)
    return cascade.summary(request, admin_site)


class _TooMany(Exception):
    """More than `FULL_LIST_LIMIT` objects reached."""


class _GuardedCollector(NestedObjects):
    """Django's collector for the confirmation page, which gives up as soon
    as it has reached more than `FULL_LIST_LIMIT` objects: each query for
    related objects reads at most one more than that."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reached = 0

    def add_edge(self, source, target):
        self.reached += 1
        if self.reached > FULL_LIST_LIMIT:
            raise _TooMany
        super().add_edge(source, target)

    def related_objects(self, related_model, related_fields, objs):
        return super().related_objects(related_model, related_fields, objs)[
            : FULL_LIST_LIMIT + 1
        ]


def _listed_whole(objs, request, admin_site):
    """Django's `get_deleted_objects`, the same code, on `_GuardedCollector`
    (raises `_TooMany` past `FULL_LIST_LIMIT` objects, protected ones
    included)."""
    if isinstance(objs, models.QuerySet):
        objs = list(objs[: FULL_LIST_LIMIT + 1])
        if len(objs) > FULL_LIST_LIMIT:
            raise _TooMany
    try:
        obj = objs[0]
    except IndexError:
        return [], {}, set(), []
    else:
        using = router.db_for_write(obj._meta.model)
    collector = _GuardedCollector(using=using, origin=objs)
    collector.collect(objs)
    restricted = (
        objs
        for fields in collector.restricted_objects.values()
        for objs in fields.values()
    )
    if collector.reached + len(collector.protected) > FULL_LIST_LIMIT or any(
        len(objs) > FULL_LIST_LIMIT for objs in restricted
    ):
        raise _TooMany
    perms_needed = set()
    formatter = _Formatter(request, admin_site)
    read_what_names_read([*collector.model_objs.values(), collector.protected])

    def format_callback(obj):
        model_admin = formatter.model_admin(type(obj))
        if model_admin is not None and not model_admin.has_delete_permission(
            request, obj
        ):
            perms_needed.add(obj._meta.verbose_name)
        return formatter.line(obj)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    model_count = {
        model._meta.verbose_name_plural: len(objs)
        for model, objs in collector.model_objs.items()
    }
    return to_delete, model_count, perms_needed, protected


def _cached_paths(obj, prefix: str = "", depth: int = 0) -> set[str]:
    """The relations whose rows `obj` holds (a foreign key or one-to-one
    read), as lookups: "user", "training", "training__member"."""
    paths = set()
    if depth >= 3:
        return paths
    for name, related in obj._state.fields_cache.items():
        if related is None:
            continue
        path = f"{prefix}{name}"
        paths.add(path)
        paths |= _cached_paths(related, f"{path}__", depth + 1)
    return paths


def read_what_names_read(groups) -> None:
    """For each group of collected objects, per model: the related rows the
    first object's `str()` reads (a registration names its person and its
    training), read for the others in one query per relation
    (`prefetch_related_objects`) instead of one per object: the list names
    every object. A name that reads anything else reads it as before."""
    for group in groups:
        by_model: dict = {}
        for obj in group:
            by_model.setdefault(type(obj), []).append(obj)
        for objs in by_model.values():
            if len(objs) < 2:
                continue
            first = objs[0]
            before = _cached_paths(first)
            str(first)
            read = _cached_paths(first) - before
            if read:
                try:
                    models.prefetch_related_objects(objs[1:], *sorted(read))
                except (AttributeError, ValueError):
                    # A cache that is not a relation one can prefetch (a
                    # subclass's own): each object reads it, as before.
                    pass


def _relations(model):
    return get_candidate_relations_to_delete(model._meta)


def _followed(related) -> bool:
    on_delete = related.field.remote_field.on_delete
    return not (
        on_delete in _NOTHING_DELETED or getattr(on_delete, "lazy_sub_objs", False)
    )


class _Cascade:
    """The models a deletion reaches, each with the query set of its objects
    reached and their count; the protected objects likewise."""

    def __init__(self, model, objs, using):
        self.using = using
        self.root_model = model
        self.roots = objs
        if isinstance(objs, models.QuerySet):
            root_qs = model._base_manager.using(using).filter(pk__in=objs.values("pk"))
        else:
            root_qs = model._base_manager.using(using).filter(
                pk__in=[obj.pk for obj in objs]
            )
        #: model -> query set of its objects reached; a model after those that
        #: cascade to it
        self.deleted: dict = {}
        self.counts: dict = {}
        #: model -> [query sets of protected objects]
        self.protected: dict = {}
        self.protected_counts: dict = {}
        #: model -> the relations that reach it, read with its objects listed
        #: (as Django's collector reads them: their names often use them)
        self.through: dict = {}
        self._walk(model, root_qs)

    def _walk(self, root, root_qs):
        order = self._models_in_order(root)
        incoming: dict = {root: [Q(pk__in=root_qs)]}
        for model in order:
            conditions = incoming.pop(model, [])
            if not conditions:
                continue
            qs = model._base_manager.using(self.using).filter(_any(conditions))
            qs, count = self._counted(self._with_descendants(model, qs))
            if not count:
                continue
            self.deleted[model] = qs
            self.counts[model] = count
            protected: dict = {}
            for related in _relations(model):
                if not _followed(related):
                    continue
                field = related.field
                on_delete = field.remote_field.on_delete
                target = related.related_model
                condition = Q(**{f"{field.name}__in": qs})
                if on_delete is models.CASCADE:
                    if target is not model:  # the model's own tree: _with_descendants
                        incoming.setdefault(target, []).append(condition)
                        self.through.setdefault(target, []).append(field.name)
                elif on_delete is models.PROTECT:
                    protected.setdefault(target, []).append(condition)
                    self.through.setdefault((target, "protected"), []).append(
                        field.name
                    )
                else:  # RESTRICT (see the module), a custom on_delete
                    raise _LeftToDjango
            for target, target_conditions in protected.items():
                protected_qs, protected_count = self._counted(
                    target._base_manager.using(self.using).filter(
                        _any(target_conditions)
                    )
                )
                if protected_count:
                    self.protected.setdefault(target, []).append(protected_qs)
                    self.protected_counts[target] = (
                        self.protected_counts.get(target, 0) + protected_count
                    )
        if self.protected_counts:
            # A model protected through several relations: its objects once.
            for target, sets in self.protected.items():
                if len(sets) > 1:
                    union = target._base_manager.using(self.using).filter(
                        _any([Q(pk__in=s.values("pk")) for s in sets])
                    )
                    self.protected[target] = [union]
                    self.protected_counts[target] = union.count()

    def _counted(self, qs):
        """`qs` and how many objects it holds. A few hundred are read by key
        (the same one query as a COUNT) and stand for `qs` from then on: the
        models below it query a list of keys instead of a subquery nested once
        more per level."""
        keys = list(qs.order_by().values_list("pk", flat=True)[: KEYS_READ + 1])
        if len(keys) <= KEYS_READ:
            return qs.model._base_manager.using(self.using).filter(pk__in=keys), len(
                keys
            )
        return qs, qs.count()

    def _models_in_order(self, root) -> list:
        """The models a cascade from `root` may reach, each after every model
        that cascades to it (a model's relations to itself aside)."""
        reached = []
        seen = set()

        def visit(model, path):
            if model._meta.parents or any(
                hasattr(field, "bulk_related_objects")
                for field in model._meta.private_fields
            ):
                raise _LeftToDjango
            if model in seen:
                return
            seen.add(model)
            for related in _relations(model):
                if not _followed(related):
                    continue
                target = related.related_model
                if related.field.remote_field.on_delete is not models.CASCADE:
                    if target._meta.parents:
                        raise _LeftToDjango
                    continue
                if target is model:
                    continue
                if target in path:  # a cycle through other models
                    raise _LeftToDjango
                visit(target, path | {target})
            reached.append(model)

        visit(root, {root})
        reached.reverse()
        return reached

    def _with_descendants(self, model, qs):
        """`qs` and, level by level, the objects that cascade from it through
        the model's relations to itself (a reply's replies)."""
        own = [
            related.field
            for related in _relations(model)
            if related.related_model is model
            and related.field.remote_field.on_delete is models.CASCADE
        ]
        if not own:
            return qs
        manager = model._base_manager.using(self.using)
        levels = [qs]
        level = qs
        for _depth in range(MAX_DEPTH):
            level = manager.filter(_any([Q(**{f"{f.name}__in": level}) for f in own]))
            if not level.exists():
                return manager.filter(
                    _any([Q(pk__in=lv.values("pk")) for lv in levels])
                )
            levels.append(level)
        raise _LeftToDjango

    # -- the answer -------------------------------------------------------------

    def summary(self, request, admin_site):
        """Django's four answers: the objects listed (at most
        `LISTED_PER_MODEL` of each model, then how many more), the count per
        model, the kinds the person may not delete, the protected objects."""
        perms_needed = set()
        formatter = _Formatter(request, admin_site)
        related = []
        roots = []
        for model, qs in self.deleted.items():
            count = self.counts[model]
            if model is self.root_model and not isinstance(self.roots, models.QuerySet):
                listed = self.roots[:LISTED_PER_MODEL]
            else:
                listed = self._first(qs, self.through.get(model))
            self._ask(formatter, model, qs, count, listed, perms_needed)
            lines = _lines(formatter, model, listed, count)
            if model is self.root_model:
                roots = lines
            else:
                related.extend(lines)
        to_delete = roots
        if related:
            # Under the object deleted, as Django nests them; after the
            # objects selected when there are several.
            to_delete = [*roots, related] if len(roots) == 1 else [*roots, *related]
        protected = []
        for model, (qs,) in self.protected.items():
            count = self.protected_counts[model]
            listed = self._first(qs, self.through.get((model, "protected")))
            self._ask(formatter, model, qs, count, listed, perms_needed)
            protected.extend(_lines(formatter, model, listed, count))
        model_count = {
            model._meta.verbose_name_plural: count
            for model, count in self.counts.items()
        }
        return to_delete, model_count, perms_needed, protected

    @staticmethod
    def _first(qs, through) -> list:
        if through:
            qs = qs.select_related(*through)
        listed = list(qs.order_by("pk")[:LISTED_PER_MODEL])
        read_what_names_read([listed])
        return listed

    @staticmethod
    def _ask(formatter, model, qs, count, listed, perms_needed):
        """Whether the person may delete every object of `model` reached, as
        Django asks (each object, through the model's admin); one answer
        stands for all when the admin's does not depend on the object."""
        opts = model._meta
        admin_site = formatter.admin_site
        if not admin_site.is_registered(model) or opts.verbose_name in perms_needed:
            return
        model_admin = admin_site.get_model_admin(model)
        request = formatter.request
        if all(model_admin.has_delete_permission(request, obj) for obj in listed):
            if len(listed) >= count or _answer_ignores_object(model_admin):
                return
            rest = qs.order_by("pk")[len(listed) :].iterator(chunk_size=500)
            if all(model_admin.has_delete_permission(request, obj) for obj in rest):
                return
        perms_needed.add(opts.verbose_name)


def _lines(formatter, model, listed, count) -> list:
    """The objects listed, by name and link, then "… and N more"."""
    lines = [formatter.line(obj) for obj in listed]
    more = count - len(listed)
    if more > 0:
        opts = model._meta
        name = opts.verbose_name if more == 1 else opts.verbose_name_plural
        lines.append(
            ngettext(
                "… and %(count)d more %(name)s",
                "… and %(count)d more %(name)s",
                more,
            )
            % {"count": more, "name": name}
        )
    return lines


def _any(conditions: list) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def _answer_ignores_object(model_admin) -> bool:
    """Whether `model_admin.has_delete_permission(request, obj)` gives every
    object the same answer: Django's own (it does not look at `obj`), or the
    rules mixin's (`user.has_perm(perm, obj)`) when the permission's rule
    takes no object or there is none (the other backends answer for every
    object alike: the secretariat's grants all, Django's model backend none).
    An admin that overrides the method may declare it with
    `delete_permission_ignores_object = True`."""
    declared = getattr(model_admin, "delete_permission_ignores_object", None)
    if declared is not None:
        return declared
    method = type(model_admin).has_delete_permission
    if method is admin.ModelAdmin.has_delete_permission:
        return True
    if method is ObjectPermissionsModelAdminMixin.has_delete_permission:
        opts = model_admin.opts
        name = f"{opts.app_label}.{get_permission_codename('delete', opts)}"
        predicate = rules_permissions.get(name)
        return predicate is None or predicate.num_args < 2
    return False


class _Formatter:
    """Django's `format_callback` of `get_deleted_objects`, for one object."""

    def __init__(self, request, admin_site):
        self.request = request
        self.admin_site = admin_site

    def model_admin(self, model):
        if self.admin_site.is_registered(model):
            return self.admin_site.get_model_admin(model)
        return None

    def line(self, obj):
        opts = obj._meta
        no_edit_link = f"{capfirst(opts.verbose_name)}: {obj}"
        if not self.admin_site.is_registered(type(obj)):
            return no_edit_link
        try:
            admin_url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                None,
                (quote(obj.pk),),
            )
        except NoReverseMatch:
            return no_edit_link
        return format_html(
            '{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), admin_url, obj
        )
