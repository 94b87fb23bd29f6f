from django import forms
from django.utils.translation import gettext_lazy as _


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Markdown. Link another page with [[Page name]]."),
    )
    summary = forms.CharField(
        label=_("Summary of the change"), max_length=300, required=False
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
