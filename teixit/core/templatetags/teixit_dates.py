"""`{{ value|long_date }}`: "5 de desembre de 2026" (teixit.core.dates)."""

from django import template

from teixit.core.dates import long_date as _long_date

register = template.Library()


@register.filter
def long_date(value) -> str:
    return _long_date(value)
