"""A person's model permissions (Django's `ModelBackend`) read with queries
compiled once.

Every request of a logged-in person who is not of the secretariat asks the
model permissions (the admin's app list asks about every model): Django's
`ModelBackend` reads them with two queries, the person's own permissions and
their groups', each built and compiled by the ORM anew (~0.65 ms together, for
two reads that return nothing for most people). `install()` puts
`_get_permissions` in the place of `ModelBackend._get_permissions`: the same
two queries, the same set, compiled once (`teixit.core.prepared`). It answers
only where Django's would run those two queries — a backend whose
`_get_user_permissions` or `_get_group_permissions` is not Django's, a
superuser (every permission), a person without a primary key or any other
source go to Django's method. teixit/accounts/tests/test_model_permissions.py
compares both."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from teixit.core.prepared import prepared

#: Django's `ModelBackend._get_permissions`, which `_get_permissions` replaces.
_DJANGOS = []


def _columns(queryset):
    return queryset.values_list("content_type__app_label", "codename").order_by()


def _own(pk):
    # `user_obj.user_permissions.all()`
    related = get_user_model()._meta.get_field("user_permissions").related_query_name()
    return _columns(Permission.objects.filter(**{related: pk}))


def _groups(pk):
    # `Permission.objects.filter(group__in=user_obj.groups.all())`
    related = get_user_model()._meta.get_field("groups").related_query_name()
    return _columns(
        Permission.objects.filter(group__in=Group.objects.filter(**{related: pk}))
    )


_QUERIES = {"user": prepared(_own), "group": prepared(_groups)}


def _get_permissions(self, user_obj, obj, from_name):
    query = _QUERIES.get(from_name)
    cls = type(self)
    if (
        query is None
        or cls._get_user_permissions is not ModelBackend._get_user_permissions
        or cls._get_group_permissions is not ModelBackend._get_group_permissions
        or getattr(user_obj, "is_superuser", False)
        or getattr(user_obj, "pk", None) is None
    ):
        return _DJANGOS[0](self, user_obj, obj, from_name)
    # Django's method from here on, with the query compiled once.
    if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
        return set()
    perm_cache_name = f"_{from_name}_perm_cache"
    if not hasattr(user_obj, perm_cache_name):
        setattr(
            user_obj,
            perm_cache_name,
            {f"{ct}.{name}" for ct, name in query(user_obj.pk)},
        )
    return getattr(user_obj, perm_cache_name)


def install() -> None:
    if ModelBackend._get_permissions is not _get_permissions:
        _DJANGOS[:] = [ModelBackend._get_permissions]
        ModelBackend._get_permissions = _get_permissions
