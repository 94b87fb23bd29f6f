from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import Delivery


class PreferencesForm(forms.Form):
    """One choice per kind of notification: how it is e-mailed."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            kind = row["kind"]
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=row["delivery"],
                help_text=kind.help_text,
                error_messages={
                    "invalid_choice": _("Choose immediately, daily, weekly or never.")
                },
            )
