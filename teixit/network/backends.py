"""The secretariat's permissions, as an authentication backend.

The technical secretariat runs the network and may do everything, like a
superuser. `SecretariatBackend` grants it every permission and every app of
the admin; every other permission comes from the rules registry
(`teixit/<app>/rules.py`, through `rules.permissions.ObjectPermissionBackend`)
and, for the admin, from Django's model permissions (`ModelBackend`). It is
listed in `AUTHENTICATION_BACKENDS` (`config/settings/base.py`); it
authenticates nobody.
"""

from .roles import is_secretariat


def _is_secretariat(user_obj) -> bool:
    if not user_obj.is_active or getattr(user_obj, "pk", None) is None:
        return False
    return bool(is_secretariat(user_obj))


class SecretariatBackend:
    """Every permission for an active member of the secretariat.

    Not a subclass of Django's BaseBackend: it has no `get_user`, so it is
    never the backend a session is tied to (as the rules backend)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return _is_secretariat(user_obj)

    def grants_everything(self, user_obj) -> bool:
        """`has_perm` and `has_module_perms` answer this whatever is asked
        (`accounts.User` asks it once per request when this backend is the
        first one asked)."""
        return _is_secretariat(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return _is_secretariat(user_obj)
