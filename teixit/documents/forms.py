from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Amendment, Document


class DocumentCreateForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "title",
            "slug",
            "kind",
            "language",
            "translation_of",
            "summary",
            "text",
            "approving_body",
            "editing_body",
            "action",
            "is_public",
        ]


class DocumentEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Markdown. Paragraphs are separated by a blank line."),
    )


class AmendmentForm(forms.Form):
    paragraph = forms.IntegerField(label=_("Paragraph"), min_value=1)
    kind = forms.ChoiceField(label=_("Proposal"), choices=Amendment.Kind.choices)
    text = forms.CharField(
        label=_("Proposed text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    paragraph = forms.IntegerField(label=_("Paragraph"), min_value=1)
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Amendment.Status.ACCEPTED, _("Accept")),
            (Amendment.Status.REJECTED, _("Reject")),
            (Amendment.Status.MERGED, _("Merge")),
        ],
    )
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 2}))
    merged_text = forms.CharField(
        label=_("Merged text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when merging: the text that goes into the document."),
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
