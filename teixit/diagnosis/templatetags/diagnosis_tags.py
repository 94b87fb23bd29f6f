from django import template

from teixit.diagnosis.charts import fmt

register = template.Library()


@register.filter
def num(value, decimals=2):
    """A number in the current language's format, or a dash when missing."""
    if value is None or value == "":
        return "—"
    try:
        return fmt(float(value), int(decimals))
    except (TypeError, ValueError):
        return value
