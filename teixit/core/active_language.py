"""`get_language()` read without asgiref's lock and double lookup.

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
"""

from __future__ import annotations

import contextvars
import threading

from asgiref import local as asgiref_local
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

_DJANGOS = trans_real.get_language
_get_ident = threading.get_ident


def get_language():
    """Return the currently selected language (as Django's)."""
    storage = trans_real._active._storage._data.get(None)
    if storage is not None and storage.thread_id == _get_ident():
        t = storage.data.get("value")
        if t is not None:
            try:
                return t.to_language()
            except AttributeError:
                pass
    return settings.LANGUAGE_CODE


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
    # django.utils.translation's `_trans` keeps the function it was given
    # the first time it was asked.
    if translation._trans.__dict__.get("get_language") is _DJANGOS:
        translation._trans.get_language = get_language
    return True
