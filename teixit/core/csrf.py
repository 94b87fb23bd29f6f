"""CSRF strings drawn with one read of the system's random source.

Django draws a CSRF secret, and the mask that hides it in every page's
token, with `get_random_string(32)`: 32 `secrets.choice` calls, each a read
of the operating system's random source (~2.5 µs): ~85 µs for the token of
every page that shows a form (the language switcher's is on every page).
`new_csrf_string` draws the same thing — 32 characters, each uniform over
the same 62 (Django's `CSRF_ALLOWED_CHARS`), from the same source
(`os.urandom`) — with one read: a byte below 248 (4 × 62) gives a character
by its remainder modulo 62 (uniform: each character has 4 of the 248
values), a byte from 248 up is dropped. `install()` (from
`CoreConfig.ready()`) puts it in the place of Django's private
`_get_new_csrf_string`, which both the cookie's secret and the masks come
from; a Django without it keeps its own drawing (and fails the test that
checks ours is in place).
"""

from __future__ import annotations

import os

from django.middleware import csrf as django_csrf

_CHARS = django_csrf.CSRF_ALLOWED_CHARS
_LENGTH = django_csrf.CSRF_SECRET_LENGTH
# The largest multiple of len(_CHARS) a byte can hold: below it, every
# character has the same number of byte values.
_BELOW = 256 - 256 % len(_CHARS)


def new_csrf_string() -> str:
    """`_LENGTH` characters of `_CHARS`, each uniform and independent."""
    picked: list[str] = []
    while True:
        for byte in os.urandom(_LENGTH + 8):
            if byte < _BELOW:
                picked.append(_CHARS[byte % len(_CHARS)])
                if len(picked) == _LENGTH:
                    return "".join(picked)


def install() -> bool:
    if not callable(getattr(django_csrf, "_get_new_csrf_string", None)):
        return False
    django_csrf._get_new_csrf_string = new_csrf_string
    return True
