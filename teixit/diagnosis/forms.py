"""Forms of the diagnosis pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.territories.forms import MunicipalityField


class MunicipalityGoForm(forms.Form):
    """The index's "see a municipality": a name (or code) resolved on the
    server, with the site's autocomplete, instead of a select of every member's
    municipality (947 options, 57 KB of the page at network scale). The field
    keeps the select's parameter name, so `?code=080193` still works."""

    code = MunicipalityField(label=_("See a municipality"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "municipality-%s")
        super().__init__(*args, **kwargs)
