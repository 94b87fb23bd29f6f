"""Dates as each language writes them (teixit.core.dates):

* `{{ value|long_date }}`: "5 de desembre de 2026";
* `{{ value|long_datetime }}`: "5 de desembre de 2026, 10:30";
* `{{ value|month_year }}`: "desembre de 2026" (add `|capfirst` in a heading).
"""

from django import template

from teixit.core.dates import long_date as _long_date
from teixit.core.dates import long_datetime as _long_datetime
from teixit.core.dates import month_year as _month_year

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value) -> str:
    return _long_date(value)


@register.filter(expects_localtime=True)
def long_datetime(value) -> str:
    return _long_datetime(value, convert=False)


@register.filter
def month_year(value) -> str:
    return _month_year(value)
