"""The HTML of a form nobody has filled yet, written once per language and arguments.

Some pages show several unbound forms whose HTML depends only on their class, the
language and a few plain arguments (initial values, the choices the page has read):
the plan's action page holds up to nine, one per role of the person looking. Building
a form deep-copies its fields; rendering it walks every field through Django's
BoundField and widget. `unbound_form_html(FormClass, **kwargs)` is
`form_body(FormClass(**kwargs))` (`{% form_body %}`, teixit/core/templatetags) the
first time, and the same HTML from memory for the same class, language and
arguments afterwards.

The arguments are the key, so they must be plain values — strings (lazy ones are
read in the current language), numbers, booleans, dates, None, and tuples, lists and
dicts of these: anything else (a model instance, a person) raises TypeError, so that
nothing the HTML depends on can be left out of the key. What a form reads from the
database to build its choices is therefore passed in as rows (see
workplans.governance_views.ContributionForm's `members`). A bound form (posted data,
errors) is never kept: render it with `{% form_body %}`.

At most `LIMIT` forms are kept per process (the oldest half is forgotten past it).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import OrderedDict

from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language

LIMIT = 1024

_kept: OrderedDict[tuple, SafeString] = OrderedDict()

_PLAIN = (str, int, float, bool, decimal.Decimal, dt.date, dt.time, type(None))


def _frozen(value):
    """A hashable, exact image of a plain value (see the module's docstring)."""
    if isinstance(value, Promise):
        return ("lazy", str(value))
    if isinstance(value, _PLAIN):
        # The type too: 1, 1.0 and True are equal keys but may not render alike.
        return (type(value).__name__, value)
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_frozen(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple((key, _frozen(item)) for key, item in value.items()))
    raise TypeError(
        f"unbound_form_html takes plain values as arguments, not {type(value).__name__}"
    )


def unbound_form_html(form_class, **kwargs) -> SafeString:
    """`form_body(form_class(**kwargs))`, kept per class, language and arguments."""
    key = (form_class, get_language(), _frozen(kwargs))
    html = _kept.get(key)
    if html is None:
        from teixit.core.templatetags.teixit import form_body

        html = form_body(form_class(**kwargs))
        if len(_kept) >= LIMIT:
            for _ in range(LIMIT // 2):
                _kept.popitem(last=False)
        _kept[key] = html
    return html


def forget() -> None:
    """Forget every kept form (tests that change the renderer's settings)."""
    _kept.clear()
