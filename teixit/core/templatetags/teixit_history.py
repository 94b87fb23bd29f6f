"""The admin's history list (django-simple-history's
`simple_history/object_history_list.html`) written in Python.

Every admin history page lists the object's versions, a page of up to 100:
for each, a link to the version, the object as it was, the date, the kind of
change, who made it, the reason and the fields changed, about twenty
template variables, an `{% url %}` with variable arguments and a dozen `{%
if %}`s and `{% for %}`s: about half of such a page's CPU time in Django's
template engine. `history_list_html` writes the same characters as that
template (django-simple-history 3.x), from the same context: the values go
through Django's own `render_value_in_context` (time zone, localisation,
escaping) and the addresses through `reverse_keyed` (the `{% url %}` tag's
address). teixit/core/tests/test_admin_history_list.py compares the two byte
for byte; `teixit/core/admin_templates/simple_history/object_history_list.html`
uses it in place of the package's template.
"""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from teixit.core.template_engine import _MARKER, _current_app, reverse_keyed

register = template.Library()

# django-simple-history's messages (its catalogue translates them), named
# rather than written in the calls so that our catalogues do not extract them.
OBJECT = "Object"
DATE_TIME = "Date/time"
COMMENT = "Comment"
CHANGED_BY = "Changed by"
CHANGE_REASON = "Change reason"
CHANGES = "Changes"
NONE = "None"
ENTRY = ("entry", "entries")


def _t(message) -> str:
    """`{% trans 'message' %}` (and `{% trans column %}`): the translation,
    written as a value (escaped)."""
    return conditional_escape(gettext(message))


def _version_urls(name: str, object_pk, current_app):
    """`record_pk -> the version's address`: django-simple-history's pattern
    is a regular expression (`^([^/]+)/history/([^/]+)/$`), which `reverse()`
    works out anew for every row; a whole number is written in it as its
    digits, so the address is reversed once with the template engine's
    marker number for the version and the marker replaced. Anything else is reversed as the tag does."""

    def each(pk):
        return reverse_keyed(name, args=(object_pk, pk), current_app=current_app)

    if not isinstance(object_pk, int):
        return each
    try:
        url = reverse_keyed(name, args=(object_pk, _MARKER), current_app=current_app)
    except NoReverseMatch:
        return each
    head, marker, tail = url.partition(str(_MARKER))
    if not marker or str(_MARKER) in tail:
        return each

    def written(pk):
        if type(pk) is int and pk >= 0:
            return f"{head}{pk}{tail}"
        return each(pk)

    return written


@register.simple_tag(takes_context=True)
def history_list_html(context) -> str:
    """The template's text nodes verbatim (the whitespace around its tags
    included), in the order the template writes them."""

    def v(value) -> str:
        return render_value_in_context(value, context)

    opts = context.get("opts")
    obj = context.get("object")
    columns = context.get("history_list_display") or ()
    page_obj = context.get("page_obj")
    current_app = _current_app(context)
    out = [
        "\n\n\n\n\n"
        '<table id="change-history" class="table table-bordered table-striped">\n'
        "  <thead>\n"
        "    <tr>\n"
        f'      <th scope="col">{_t(OBJECT)}</th>\n'
        "      "
    ]
    for column in columns:
        out.append(f'\n        <th scope="col">{_t(column)}</th>\n      ')
    out.append(
        f'\n      <th scope="col">{_t(DATE_TIME)}</th>\n'
        f'      <th scope="col">{_t(COMMENT)}</th>\n'
        f'      <th scope="col">{_t(CHANGED_BY)}</th>\n'
        f'      <th scope="col">{_t(CHANGE_REASON)}</th>\n'
        f'      <th scope="col">{_t(CHANGES)}</th>\n'
        "    </tr>\n"
        "  </thead>\n"
        "  <tbody>\n"
        "    "
    )
    version_name = f"admin:{opts.app_label}_{opts.model_name}_simple_history"
    user_view = context.get("admin_user_view")
    none = _t(NONE)
    version_url_of = _version_urls(
        version_name, obj.pk if obj is not None else None, current_app
    )
    for record in page_obj if page_obj is not None else ():
        version_url = conditional_escape(version_url_of(record.pk))
        out.append(
            "\n      <tr>\n"
            "        <td>\n"
            f'          <a href="{version_url}">\n'
            f"            {v(record.history_object)}\n"
            "          </a>\n"
            "        </td>\n"
            "        "
        )
        for column in columns:
            out.append(
                f"\n          <td>{v(getattr(record, column, None))}</td>\n        "
            )
        out.append(
            f"\n        <td>{v(record.history_date)}</td>\n"
            f"        <td>{v(record.get_history_type_display())}</td>\n"
            "        <td>\n"
            "          "
        )
        user = record.history_user
        if user:
            try:
                user_url = reverse_keyed(
                    user_view, args=(record.history_user_id,), current_app=current_app
                )
            except NoReverseMatch:
                user_url = ""
            if user_url:
                person = f'\n              <a href="{v(user_url)}">{v(user)}</a>\n            '
            else:
                person = f"\n              {v(user)}\n            "
            out.append(f"\n            \n            {person}\n          ")
        else:
            out.append(f"\n            {none}\n          ")
        out.append(
            "\n        </td>\n"
            "        <td>\n"
            f"          {v(record.history_change_reason)}\n"
            "        </td>\n"
            "        <td>\n"
            "          \n"
            "            "
        )
        changes = getattr(record, "history_delta_changes", None)
        if changes:
            out.append("\n              <ul>\n                ")
            for change in changes:
                out.append(
                    "\n                  <li>\n"
                    f"                    <strong>{v(change['field'])}:</strong>\n"
                    f"                    {v(change['old'])}\n"
                    "                    \n"
                    f"                    &nbsp;&rarr;&nbsp;&nbsp;{v(change['new'])}\n"
                    "                  </li>\n"
                    "                "
                )
            out.append("\n              </ul>\n            ")
        out.append("\n          \n        </td>\n      </tr>\n    ")
    out.append(
        '\n  </tbody>\n</table>\n\n<p class="paginator" style="border-top: 0">\n  '
    )
    paginator = page_obj.paginator if page_obj is not None else None
    if context.get("pagination_required"):
        out.append("\n    ")
        page_var = v(context.get("page_var"))
        for i in context.get("page_range") or ():
            out.append("\n      ")
            if i == paginator.ELLIPSIS:
                out.append(f"\n        {v(paginator.ELLIPSIS)}\n      ")
            elif i == page_obj.number:
                out.append(f'\n        <span class="this-page">{v(i)}</span>\n      ')
            else:
                end = ' class="end" ' if i == paginator.num_pages else ""
                out.append(
                    f'\n        <a href="?{page_var}={v(i)}" {end}>{v(i)}</a>\n      '
                )
            out.append("\n    ")
        out.append("\n  ")
    count = paginator.count if paginator is not None else ""
    out.append(f"\n  {v(count)} {ngettext(*ENTRY, count)}\n</p>\n")
    return mark_safe("".join(out))
