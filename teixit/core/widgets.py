"""Form widgets."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A select whose options are written in Python instead of one template
    rendering each: the same HTML as Django's `Select`, for lists of hundreds of
    options (the map's 947 municipalities took half a second to render)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            format_html(
                '<select name="{}"{}>', widget["name"], flatatt(widget["attrs"])
            )
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            for option in options:
                attrs = option["attrs"]
                extra = (
                    " selected"
                    + flatatt({k: v for k, v in attrs.items() if k != "selected"})
                    if attrs.get("selected")
                    else flatatt(attrs)
                    if attrs
                    else ""
                )
                parts.append(
                    f'<option value="{escape(option["value"])}"{extra}>'
                    f"{escape(option['label'])}</option>"
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
