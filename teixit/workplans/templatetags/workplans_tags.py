from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from teixit.core.templatetags.teixit import progress_bar

register = template.Library()


@register.simple_tag
def plan_progress(value):
    """`{% include "workplans/partials/_progress.html" with value=value %}`
    written in Python: a rolled-up progress (None when nothing counts), the
    same HTML (teixit/core/tests/test_progress_tags.py compares them)."""
    if value is None:
        return mark_safe(  # noqa: S308 - the text is escaped
            f'<span class="muted">{escape(gettext("no progress to count"))}</span>\n'
        )
    return mark_safe(progress_bar(floatformat(value, 0)) + "\n")  # noqa: S308
