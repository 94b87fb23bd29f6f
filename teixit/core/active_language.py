"""`get_language()` and `gettext()` read without asgiref's lock and double lookup.

Django keeps the active translation in an asgiref `Local`; reading it takes
the `Local`'s lock, then an attribute of its storage that is not an
attribute (Python's lookup fails before `__getattr__` answers), then the
context variable: ~4 µs a call. The site's templates ask the active language
for every kept `{% translate %}`, `{% url %}`, menu and address (~100 times on
the plan's action page: 0.4 ms of it).

`get_language` below reads the same context variable directly: the storage
asgiref (3.13) keeps in it belongs to the current thread (asgiref's own
check, repeated here) and holds `value`, Django's active translation. The
lock is not needed to read: asgiref replaces the stored object whole on
every write. `trans_real._active` is looked up on every call (Django's test
signals put a new `Local` there when LANGUAGES or LANGUAGE_CODE change).
`install()` (from `CoreConfig.ready()`) puts it in Django's place only when
the `Local` is the one it was written for; otherwise Django's stays.
`core/tests/test_active_language.py` compares both under activate,
override, deactivate, deactivate_all, threads and async tasks.

`gettext` reads the active translation the same way: Django's reads it
through the `Local` at every call, and a page translates a few dozen to a
few hundred strings (lazy labels, verbose names, the admin's words): ~60 on
an admin page, ~3 % of its time in the `Local`. Everything else is Django's
function as it is (line endings, the default translation when none is
active, safe strings kept safe); `pgettext` calls it through the module.
"""

from __future__ import annotations

import contextvars
import threading

from asgiref import local as asgiref_local
from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import trans_real

_DJANGOS = trans_real.get_language
_DJANGOS_GETTEXT = trans_real.gettext
_get_ident = threading.get_ident


def _active():
    """The active translation of this thread and context, or None."""
    storage = trans_real._active._storage._data.get(None)
    if storage is not None and storage.thread_id == _get_ident():
        return storage.data.get("value")
    return None


def get_language():
    """Return the currently selected language (as Django's)."""
    t = _active()
    if t is not None:
        try:
            return t.to_language()
        except AttributeError:
            pass
    return settings.LANGUAGE_CODE


def gettext(message):
    """Translate `message` with the active translation (as Django's)."""
    eol_message = message.replace("\r\n", "\n").replace("\r", "\n")
    if eol_message:
        t = _active()
        if t is None:
            t = trans_real._default
            if t is None:
                t = trans_real._default = trans_real.translation(settings.LANGUAGE_CODE)
        result = t.gettext(eol_message)
    else:
        result = type(message)("")
    if isinstance(message, SafeData):
        return mark_safe(result)
    return result


def supported() -> bool:
    """Whether Django's active-translation `Local` is asgiref's as read
    above (a `_DefaultLocal` over a `_CVar` of thread-tagged storage)."""
    active = trans_real._active
    storage = getattr(active, "__dict__", {}).get("_storage")
    return (
        type(active).__name__ == "_DefaultLocal"
        and isinstance(storage, asgiref_local._CVar)
        and isinstance(getattr(storage, "_data", None), contextvars.ContextVar)
        and set(getattr(asgiref_local._Storage, "__slots__", ()))
        == {"thread_id", "data"}
    )


def install() -> bool:
    if not supported():
        return False
    trans_real.get_language = get_language
    trans_real.gettext = gettext
    # django.utils.translation's `_trans` keeps the function it was given
    # the first time it was asked.
    if translation._trans.__dict__.get("get_language") is _DJANGOS:
        translation._trans.get_language = get_language
    if translation._trans.__dict__.get("gettext") is _DJANGOS_GETTEXT:
        translation._trans.gettext = gettext
    return True
