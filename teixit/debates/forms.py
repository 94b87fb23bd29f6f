from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.workplans.models import Action

from .models import Debate, Reply, Space

MENTION_HELP = _(
    "Markdown. Mention someone with @ and their name joined by hyphens, e.g. @anna-puig."
)


class DebateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MENTION_HELP,
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: a document or an image, checked like the materials."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MENTION_HELP,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: a document or an image, checked like the materials."),
    )

    def __init__(self, *args, debate: Debate, **kwargs):
        super().__init__(*args, **kwargs)
        self.debate = debate

    def _reply(self, name):
        pk = self.cleaned_data.get(name)
        if not pk:
            return None
        reply = Reply.objects.filter(pk=pk, debate=self.debate).first()
        if reply is None:
            raise forms.ValidationError(
                _("That reply is not part of this debate."), code="other_debate"
            )
        return reply

    def clean_parent(self):
        return self._reply("parent")

    def clean_quote(self):
        return self._reply("quote")


class ReplyEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6})
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), max_length=500)
    reply = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CloseForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Conclusions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Markdown. Shown at the top of the debate, on the attached page and in the assembly report."
        ),
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Plan actions the agreements concern"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actions is not None:
            self.fields["agreements"].queryset = actions


class SpaceForm(forms.ModelForm):
    class Meta:
        model = Space
        fields = ["name", "slug", "description", "kind", "visibility", "body", "theme"]
