from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .throttling import normalise_login


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        # Authenticated and counted by the throttle under the same form.
        return normalise_login(self.cleaned_data.get("username"))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “municipal website import”."),
    )
