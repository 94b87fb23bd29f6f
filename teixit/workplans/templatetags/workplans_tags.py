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


@register.simple_tag
def plan_action_rows(actions, late_label):
    """The rows of an objective's actions on the plan's overview, written in
    Python (the template's loop was two thirds of the page with a hundred
    actions); `teixit/workplans/tests/test_plan_action_rows.py` compares them
    with the template they replace, `ACTION_ROW`."""
    from teixit.core.form_renderer import value_html as var
    from teixit.core.template_engine import reverse_keyed

    late = f' <span class="badge badge-late">{var(late_label)}</span>'
    rows = []
    for action in actions:
        responsibilities = "".join(
            f'\n    <li><span class="role">{var(r.role_label)}:</span> '
            + (
                var(r.body.name)
                if r.body
                else f'<span class="free-text">{var(r.text)}</span>'
            )
            + "</li>"
            for r in action.responsibility_list
        )
        planned = (
            ", ".join(var(p.period.label) for p in action.planned_list)
            or '<span class="muted">—</span>'
        )
        url = reverse_keyed("workplans:action_detail", args=[action.pk])
        rows.append(
            f"\n<tr>\n  <td>{var(action.code)}</td>\n"
            f'  <td><a href="{var(url)}">{var(action.text)}</a></td>\n'
            f'  <td>\n    <ul class="responsibilities">{responsibilities}\n    </ul>\n  </td>\n'
            f"  <td>{planned}</td>\n"
            f'  <td><span class="badge badge-{var(action.status)}">'
            f"{var(action.status_label)}</span>{late if action.is_late else ''}</td>\n"
            f"  <td>{progress_bar(action.progress)}</td>\n</tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped by var()


@register.simple_tag
def responsibilities_html(action):
    """`{% include "workplans/partials/_responsibilities.html" %}` written in
    Python: who is responsible for the action, the same HTML as that template
    (`teixit/workplans/tests/test_plan_action_rows.py` compares them), without
    some twenty template nodes a responsibility on the pages that list
    actions (my actions)."""
    from teixit.core.form_renderer import value_html as var

    items = []
    for r in action.responsibilities.all():
        if r.body:
            who = f'<a href="{var(r.body.get_absolute_url())}">{var(r.body.name)}</a>'
            if r.text and r.text.lower() != r.body.name.lower():
                who += f' <span class="muted">({var(r.text)})</span>'
        else:
            who = f'<span class="free-text">{var(r.text)}</span>'
        items.append(
            f'\n    <li><span class="role">{var(r.get_role_display())}:</span>'
            f"\n      {who}\n    </li>\n  "
        )
    if not items:
        items.append(
            f'\n    <li class="muted">{escape(gettext("No one named yet."))}</li>\n  '
        )
    return mark_safe(  # noqa: S308 - every value is escaped
        '\n<ul class="responsibilities">\n  ' + "".join(items) + "\n</ul>\n"
    )
