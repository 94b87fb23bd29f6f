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


@register.simple_tag
def ranking_rows(rows, indicator, year, link=False):
    """The ranking table's rows, written here rather than by a template loop
    (five variables and a filter a row: 947 rows in the reports, 100 a page):
    the same HTML as the loop it replaced."""
    from html import escape

    from django.utils.formats import localize
    from django.utils.safestring import mark_safe

    decimals = indicator.decimals
    query = f"?year={escape(str(localize(year)))}"
    parts = []
    for row in rows:
        name = escape(str(row["territory_name"]))
        if link:
            name = f'<a href="{escape(row["url"])}{query}">{name}</a>'
        parts.append(
            f"\n      <tr><td>{escape(str(localize(row['position'])))}</td>"
            f'<th scope="row">{name}</th>'
            f"<td>{escape(str(num(row['value'], decimals)))}</td></tr>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
