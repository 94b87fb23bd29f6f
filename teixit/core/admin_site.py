"""The admin site of Teixit: Django's, with a cheaper app list.

Every admin page shows the list of the apps and models a person may use (the
navigation sidebar; the index shows it twice over). Django builds it from
scratch each time it is asked: for each of the ~100 registered models, the
permission questions (each walking every authentication backend), two or three
URL reversals and a translation of the model's name, then a sort on lazy
strings. Here:

- the permission questions are asked as before (every `ModelAdmin`'s
  `has_module_permission` and `get_model_perms`, whose rules depend on the
  person's roles), their answers kept for the request by the user object
  (`teixit.accounts.models.User.has_perm`);
- the list is built once per request (the index asks twice);
- where a `ModelAdmin`'s permission method is Django's or django-rules' own
  (most of them), its question is put to the person directly
  (`user.has_perm("<app>.<action>_<model>")`, the permission's name worked
  out once), not through the method: the same question, without its
  per-call overhead (`_permission_plan`); an admin that overrides a method
  is asked through it;
- what does not depend on the person — the models' and apps' URLs and names —
  is worked out once per language, URL prefix and URLconf, not on every page;
- for a person every permission question is answered yes for without asking
  (an active superuser, or one whose first backend `grants_everything`: the
  secretariat), a model whose questions are all put to the person
  (`_permission_plan`) has every permission: its row is the same for every
  such person and is kept with the names and URLs (`_granted_rows`); an admin
  with a method of its own is still asked through it.

The result is the same list, in the same order, with the same keys; the
`admin.site` every app registers with is this site
(`TeixitAdminConfig.default_site`, in INSTALLED_APPS instead of
`django.contrib.admin`).

Every model admin registered here, the project's and the other packages'
(auth's groups, axes, the tasks), gets the delete confirmation that counts a
large cascade instead of listing every object
(`teixit.core.admin_delete.BoundedDeleteConfirmationMixin`; `TeixitModelAdmin`
has it already, the others get a subclass with it) and inline formsets that
build their empty form once (`teixit.core.admin_formsets`).
"""

from __future__ import annotations

from contextlib import ExitStack

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import ModelAdmin
from django.contrib.auth import get_permission_codename, get_user_model
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from rules.permissions import perm_exists
from rules.permissions import permissions as rules_permissions

from .admin_delete import BoundedDeleteConfirmationMixin
from .admin_formsets import KeptEmptyFormMixin

#: Where a request keeps the app dictionaries built for it, per app label.
_REQUEST_ATTR = "_teixit_admin_app_dicts"

_ACTIONS = ("add", "change", "delete", "view")

#: The permission methods whose answer without an object is one question to
#: the person (`user.has_perm(perm)`): Django's and django-rules' own.
_ONE_QUESTION = {
    ModelAdmin.has_add_permission,
    ModelAdmin.has_change_permission,
    ModelAdmin.has_delete_permission,
    ObjectPermissionsModelAdminMixin.has_change_permission,
    ObjectPermissionsModelAdminMixin.has_delete_permission,
}


def _permission_plan(model_admin) -> tuple:
    """How `_build_app_dict_now` asks this admin's permissions: (module, perms).

    `module` is the app label when `has_module_permission` is Django's (one
    `user.has_module_perms(label)`), else None (the method is called).
    `perms` is None when `get_model_perms` is not Django's (called), else one
    entry per action: ("perm", name) for `user.has_perm(name)`, ("view", view
    name, change name) for Django's view permission (view or change),
    ("rules view", view name) for django-rules' (the view permission when the
    rules know it, else the admin's change permission), or ("call", method)."""
    cls = type(model_admin)
    opts = model_admin.opts
    module = (
        opts.app_label
        if cls.has_module_permission is ModelAdmin.has_module_permission
        else None
    )
    if cls.get_model_perms is not ModelAdmin.get_model_perms:
        return module, None

    def name(action):
        return f"{opts.app_label}.{get_permission_codename(action, opts)}"

    perms = []
    for action in _ACTIONS:
        method = getattr(cls, f"has_{action}_permission")
        if method in _ONE_QUESTION:
            perms.append(("perm", name(action)))
        elif method is ModelAdmin.has_view_permission:
            perms.append(("view", name("view"), name("change")))
        elif method is ObjectPermissionsModelAdminMixin.has_view_permission:
            perms.append(("rules view", name("view")))
        else:
            perms.append(("call", f"has_{action}_permission"))
    return module, tuple(perms)


def _ask(model_admin, request, has_perm, plan) -> dict:
    """`model_admin.get_model_perms(request)` by its plan (`has_perm`: the
    person's)."""
    answers = {}
    for action, (kind, *args) in zip(_ACTIONS, plan, strict=True):
        if kind == "perm":
            answers[action] = has_perm(args[0])
        elif kind == "view":
            answers[action] = has_perm(args[0]) or has_perm(args[1])
        elif kind == "rules view" and perm_exists(args[0]):
            answers[action] = has_perm(args[0], None)
        elif kind == "rules view":
            answers[action] = model_admin.has_change_permission(request, None)
        else:
            answers[action] = getattr(model_admin, args[0])(request)
    return answers


#: What every registered `ModelAdmin` gains (`TeixitAdminSite.register`): a
#: bounded delete confirmation, inline formsets that build their empty form once.
_EVERY_ADMIN = (BoundedDeleteConfirmationMixin, KeptEmptyFormMixin)


def _everything_granted(user) -> bool:
    """Whether `user`'s `has_perm` and `has_module_perms` (the user model's
    own, not replaced on the object) answer yes to every question without
    asking: an active superuser, or a person whose first backend grants
    everything (`_granted_everything`, Teixit's User model's)."""
    model = get_user_model()
    has_perm = getattr(user, "has_perm", None)
    has_module_perms = getattr(user, "has_module_perms", None)
    if (
        getattr(has_perm, "__func__", None) is not model.has_perm
        or getattr(has_module_perms, "__func__", None) is not model.has_module_perms
    ):
        return False
    if user.is_active and user.is_superuser:
        return True
    granted = getattr(user, "_granted_everything", None)
    return bool(granted) and granted("has_perm") and granted("has_module_perms")


#: People whose app dictionaries are kept (`_kept_app_dict`), at most.
_KEPT_LIMIT = 512

#: `user -> hashable`: the role facts the permission rules read about a
#: person (`core` imports no domain app: the app that keeps them installs
#: their reader, `install_role_facts`). Without it no app dict is kept.
_ROLE_FACTS: list = []


def install_role_facts(reader) -> None:
    _ROLE_FACTS[:] = [reader]


def _person_key(user) -> tuple | None:
    """What a person's answers to the admin's permission questions without
    an object are computed from, or None when theirs are not kept: anonymous,
    or a user object whose permission methods are not the user model's.

    A person granted everything (the secretariat, a superuser) answers yes
    to every permission asked of them (`_granted_rows`); what else their
    list depends on is the admins' own methods (asked with the request) and
    which of django-rules' permissions exist (`_granted_row` asks
    `perm_exists`), so their key holds the rules' names instead of model
    permissions (which a superuser would read from the database)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    model = get_user_model()
    if (
        getattr(getattr(user, "has_perm", None), "__func__", None) is not model.has_perm
        or getattr(getattr(user, "has_module_perms", None), "__func__", None)
        is not model.has_module_perms
    ):
        return None
    if not _ROLE_FACTS:
        return None
    facts = (
        user.pk,
        user.is_active,
        user.is_staff,
        user.is_superuser,
        _ROLE_FACTS[0](user),
    )
    if _everything_granted(user):
        return (*facts, "everything granted", frozenset(rules_permissions))
    return (*facts, frozenset(user.get_all_permissions()))


class _statements_noted:  # noqa: N801 - used as a function
    """A list that gains an entry for every statement run on any open
    connection while the block runs."""

    def __enter__(self) -> list:
        from django.db import connections

        self.ran: list = []
        self.stack = ExitStack()

        def noted(execute, sql, params, many, context):
            self.ran.append(sql)
            return execute(sql, params, many, context)

        for connection in connections.all():
            self.stack.enter_context(connection.execute_wrapper(noted))
        return self.ran

    def __exit__(self, *exc) -> None:
        self.stack.close()


def _all_asked_of_the_person(plan) -> tuple[str, ...] | None:
    """The rules permissions whose existence decides that every question of
    `plan` goes to the person's `has_perm` (`_ask`), or None when one is put
    to the admin's own method."""
    names = []
    for kind, *args in plan:
        if kind == "rules view":
            names.append(args[0])
        elif kind not in ("perm", "view"):
            return None
    return tuple(names)


class TeixitAdminSite(admin.AdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)
        # (language, script prefix, urlconf) -> names and URLs of the models and apps
        self._labels_by_language: dict[tuple, dict] = {}
        # model -> (its admin, how its permissions are asked)
        self._plans: dict = {}
        # id of a `_labels` dict -> (that dict, model -> (plan, the model's
        # row when every permission is granted, or None)): see the module
        self._granted: dict[int, tuple[dict, dict]] = {}
        # (person's key, label, ids of the labels and plans) -> (labels,
        # plans, the app dict): `_kept_app_dict`
        self._kept: dict[tuple, tuple[dict, dict, dict]] = {}

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or ModelAdmin
        mixins = tuple(m for m in _EVERY_ADMIN if not issubclass(admin_class, m))
        if mixins:
            admin_class = type(
                admin_class.__name__,
                (*mixins, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def _reverse_or_none(self, name: str, **kwargs) -> str | None:
        try:
            return reverse(name, current_app=self.name, **kwargs)
        except NoReverseMatch:
            return None

    def _labels(self) -> dict:
        """The models' names and URLs and the apps' URLs and sort keys in the
        current language: what `_build_app_dict` reverses and translates for
        every model, the same for everyone."""
        key = (get_language(), get_script_prefix(), get_urlconf(), len(self._registry))
        labels = self._labels_by_language.get(key)
        if labels is not None and labels["registry"] == self._registry.keys():
            return labels
        models = {}
        app_urls = {}
        app_names = {}
        app_sort_keys = {}
        for model in self._registry:
            opts = model._meta
            info = (opts.app_label, opts.model_name)
            models[model] = (
                # the text, evaluated once: the same characters as the lazy one
                str(capfirst(opts.verbose_name_plural)),
                self._reverse_or_none(f"admin:{info[0]}_{info[1]}_changelist"),
                self._reverse_or_none(f"admin:{info[0]}_{info[1]}_add"),
            )
            if opts.app_label not in app_urls:
                app_urls[opts.app_label] = reverse(
                    "admin:app_list",
                    kwargs={"app_label": opts.app_label},
                    current_app=self.name,
                )
                # the text, evaluated once (as the models' names)
                app_names[opts.app_label] = str(
                    apps.get_app_config(opts.app_label).verbose_name
                )
                app_sort_keys[opts.app_label] = app_names[opts.app_label].lower()
        labels = {
            "registry": set(self._registry),
            "models": models,
            "app_urls": app_urls,
            "app_names": app_names,
            "app_sort_keys": app_sort_keys,
        }
        self._labels_by_language[key] = labels
        return labels

    def _build_app_dict(self, request, label=None):
        """Django's `AdminSite._build_app_dict`, the same dictionary, its
        person-independent parts from `_labels` and built once per request."""
        built = getattr(request, _REQUEST_ATTR, None)
        if built is None:
            built = {}
            try:
                setattr(request, _REQUEST_ATTR, built)
            except AttributeError:
                pass
        if label not in built:
            built[label] = self._kept_app_dict(request, label)
        return _copy_app_dict(built[label])

    def _kept_app_dict(self, request, label=None):
        """`_build_app_dict_now`, kept across requests for a person by what
        it is computed from (`_person_key`): the person, their flags, their
        role facts (`teixit.network.roles`: secretariat seat, bodies, members,
        today's), their model permissions (groups and their own; for a person
        granted everything, the rules that exist) and the names and URLs of
        the current language. The questions have no object; a build
        during which any statement reached the database (a rule that reads
        data of its own) is not kept, and is built again on the next
        request."""
        user = getattr(request, "user", None)
        person = _person_key(user)
        if person is None:
            return self._build_app_dict_now(request, label)
        labels = self._labels()
        key = (person, label, id(labels), id(self._plans))
        held = self._kept.get(key)
        if held is not None and held[0] is labels and held[1] is self._plans:
            return held[2]
        plans = self._plans
        with _statements_noted() as ran:
            app_dict = self._build_app_dict_now(request, label)
        if not ran:
            if len(self._kept) >= _KEPT_LIMIT:
                self._kept.clear()
            self._kept[key] = (labels, plans, app_dict)
        return app_dict

    def _plan(self, model, model_admin) -> tuple:
        held = self._plans.get(model)
        if held is None or held[0] is not model_admin:
            held = self._plans[model] = (model_admin, _permission_plan(model_admin))
        return held[1]

    def _build_app_dict_now(self, request, label=None):
        labels = self._labels()
        app_dict = {}
        # the person's methods, bound once (not through the lazy user each time)
        has_perm = request.user.has_perm
        ask_module = request.user.has_module_perms
        granted = (
            self._granted_rows(labels) if _everything_granted(request.user) else None
        )
        for model, model_admin in self._registry.items():
            app_label = model._meta.app_label
            if label and app_label != label:
                continue

            module, plan = self._plan(model, model_admin)
            if granted is not None:
                held = granted.get(model)
                if held is None or held[0] is not plan:  # a new plan: anew
                    held = granted[model] = (
                        plan,
                        _granted_row(model, module, plan, labels),
                    )
                row = held[1]
                if row is not None and all(map(perm_exists, row[1])):
                    # every question of this admin goes to the person, who
                    # has every permission: the row is every such person's
                    _add_model(app_dict, app_label, labels, True, row[0])
                    continue

            if module is not None:
                has_module_perms = ask_module(module)
            else:
                has_module_perms = model_admin.has_module_permission(request)
            if not has_module_perms:
                continue

            if plan is not None:
                perms = _ask(model_admin, request, has_perm, plan)
            else:
                perms = model_admin.get_model_perms(request)
            if True not in perms.values():
                continue

            model_dict = _model_row(model, labels, perms)

            _add_model(app_dict, app_label, labels, has_module_perms, model_dict)
        return app_dict

    def _granted_rows(self, labels: dict) -> dict:
        """model -> (the plan it was made for, its row when every permission
        is granted or None): the rows of these names and URLs, filled as the
        models are met (`_granted_row`)."""
        held = self._granted.get(id(labels))
        if held is None or held[0] is not labels:
            if len(self._granted) > 16:
                self._granted.clear()
            held = self._granted[id(labels)] = (labels, {})
        return held[1]

    def get_app_list(self, request, app_label=None):
        """Django's order (apps by name, models by name), sorted on the
        names' text in the current language rather than on lazy strings."""
        app_dict = self._build_app_dict(request, app_label)
        sort_keys = self._labels()["app_sort_keys"]
        app_list = sorted(app_dict.values(), key=lambda x: sort_keys[x["app_label"]])
        for app in app_list:
            app["models"].sort(key=lambda x: x["name"])
        return app_list


def _granted_row(model, module, plan, labels: dict) -> tuple | None:
    """(the model's row with every permission, the rules permissions that must
    exist for every question to go to the person) when its admin's module and
    model questions all go to the person's `has_perm`/`has_module_perms`
    (`_permission_plan`), else None."""
    if module is None or plan is None:
        return None
    rules_perms = _all_asked_of_the_person(plan)
    if rules_perms is None:
        return None
    return _model_row(model, labels, dict.fromkeys(_ACTIONS, True)), rules_perms


def _model_row(model, labels: dict, perms: dict) -> dict:
    """A model's entry of Django's app dictionary, with these permissions."""
    name, changelist_url, add_url = labels["models"][model]
    model_dict = {
        "model": model,
        "name": name,
        "object_name": model._meta.object_name,
        "perms": perms,
        "admin_url": None,
        "add_url": None,
    }
    if perms.get("change") or perms.get("view"):
        model_dict["view_only"] = not perms.get("change")
        model_dict["admin_url"] = changelist_url
    if perms.get("add"):
        model_dict["add_url"] = add_url
    return model_dict


def _add_model(app_dict, app_label, labels, has_module_perms, model_dict) -> None:
    if app_label in app_dict:
        app_dict[app_label]["models"].append(model_dict)
    else:
        app_dict[app_label] = {
            "name": labels["app_names"][app_label],
            "app_label": app_label,
            "app_url": labels["app_urls"][app_label],
            "has_module_perms": has_module_perms,
            "models": [model_dict],
        }


def _copy_app_dict(app_dict: dict) -> dict:
    """A copy a caller may sort or change without touching the request's."""
    return {
        app_label: {
            **app,
            "models": [
                {**model, "perms": dict(model["perms"])} for model in app["models"]
            ],
        }
        for app_label, app in app_dict.items()
    }


class TeixitAdminConfig(AdminConfig):
    """`django.contrib.admin` with `TeixitAdminSite` as `admin.site`."""

    default_site = "teixit.core.admin_site.TeixitAdminSite"
