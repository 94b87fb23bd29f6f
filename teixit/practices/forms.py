import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from teixit.core import kept_rows
from teixit.core.uploads import validate_upload
from teixit.core.widgets import LongSelect, ReadyChoices
from teixit.network.models import Member
from teixit.vocabulary.models import Concept
from teixit.vocabulary.schemes import THEMES

from .models import LANGUAGES, Practice

FILE_AGAIN = _("After an error the file must be chosen again: browsers do not keep it.")


def theme_queryset():
    return Concept.objects.filter(scheme__code=THEMES).order_by("order", "code")


class PracticeForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("themes"),
        queryset=Concept.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Numbers, not a select: a bank of 100,000 practices made a select of them
    # all (the form was 440 KB at 10,000).
    replicated_in = forms.CharField(
        label=_("replicated in"),
        required=False,
        help_text=_(
            "Published practices of the bank that replicate this one: their numbers "
            "or addresses, separated by commas (for example: 12, 57)."
        ),
    )
    links = forms.CharField(
        label=_("links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the address, then optionally a space and a title."),
    )
    document = forms.FileField(
        label=_("add a document"),
        required=False,
        help_text=_("PDF, images, office documents or text, up to the size limit."),
    )
    document_title = forms.CharField(
        label=_("title of the document"), required=False, max_length=250
    )

    class Meta:
        model = Practice
        fields = [
            "title", "summary", "outcome", "context", "actions", "resources", "budget", "results",
            "enabling_factors", "difficulties", "lessons", "transferability", "scope", "member",
            "place", "country", "start_on", "end_on", "themes", "contact_name", "contact_email",
            "language", "visibility", "replicated_in",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "start_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = theme_queryset()
        others = Practice.objects.published().order_by("title")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["links"].initial = "\n".join(
                f"{link.url} {link.title}".strip() for link in self.instance.links.all()
            )
        self._replicas = others
        if self.instance.pk and not self.is_bound:
            self.initial["replicated_in"] = ", ".join(
                str(pk)
                for pk in self.instance.replicated_in.order_by("pk").values_list(
                    "pk", flat=True
                )
            )
        # Only what the select shows: a thousand members' full rows are not needed.
        self.fields["member"].queryset = Member.objects.order_by("name").only(
            "slug", "name"
        )
        self.fields["outcome"].help_text = _(
            "Failures are as valuable as successes: say what did not work."
        )

    def clean_replicated_in(self) -> list[Practice]:
        """Practice numbers or addresses (…/practices/12/), separated by commas,
        spaces or lines; each must be a published practice other than this one."""
        text = self.cleaned_data.get("replicated_in") or ""
        numbers, unknown = [], []
        for part in re.split(r"[,;\s]+", text.strip()):
            if not part:
                continue
            match = re.fullmatch(r"(?:.*/practices/)?#?(\d+)/?", part)
            if match:
                numbers.append(int(match.group(1)))
            else:
                unknown.append(part)
        found = {p.pk: p for p in self._replicas.filter(pk__in=numbers)}
        unknown += [str(n) for n in numbers if n not in found]
        if unknown:
            raise forms.ValidationError(
                _("These are not published practices of the bank: %(values)s.")
                % {"values": ", ".join(unknown)}
            )
        return [found[n] for n in dict.fromkeys(numbers)]

    def clean_links(self) -> list[tuple[str, str]]:
        links, errors = [], []
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(
            self.cleaned_data.get("links", "").splitlines(), start=1
        ):
            line = line.strip()
            if not line:
                continue
            url, _sep, title = line.partition(" ")
            try:
                validate(url)
            except ValidationError:
                errors.append(
                    _("Line %(number)s is not a web address: %(line)s")
                    % {"number": number, "line": line}
                )
                continue
            links.append((url, title.strip()))
        if errors:
            raise ValidationError(errors)
        return links

    def clean_document(self):
        file = self.cleaned_data.get("document")
        if file:
            validate_upload(file)
        return file

    def full_clean(self):
        super().full_clean()
        if (
            self.is_bound
            and self.errors
            and self.files.get(self.add_prefix("document"))
        ):
            self.fields["document"].help_text = FILE_AGAIN
            self["document"].help_text = FILE_AGAIN


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("comment for the author"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=True,
    )


class PracticeFilterForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), required=False)
    theme = forms.ModelChoiceField(
        label=_("theme"),
        queryset=Concept.objects.none(),
        required=False,
        to_field_name="code",
    )
    scope = forms.ChoiceField(label=_("scope"), required=False)
    # The member's slug. Choices read as plain values: a select of a thousand
    # members is built without a model instance each.
    member = forms.ChoiceField(label=_("territory"), required=False, widget=LongSelect)
    language = forms.ChoiceField(label=_("language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["outcome"].choices = anything + list(Practice.Outcome.choices)
        self.fields["scope"].choices = anything + list(Practice.Scope.choices)
        self.fields["language"].choices = anything + LANGUAGES
        self.fields["theme"].queryset = theme_queryset()
        self.fields["theme"].empty_label = _("Any")
        self.fields["member"].choices = ReadyChoices(
            anything
            # kept while no member is written (teixit/core/kept_rows.py)
            + kept_rows.rows(
                Member.objects.order_by("name").values_list("slug", "name")
            )
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class PracticeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or JSON-LD file"),
        help_text=_(
            "An export of this bank or of another one: one practice per row (CSV) "
            "or per node (JSON-LD)."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish them at once"),
        required=False,
        help_text=_("Otherwise they wait in the review queue, one by one."),
    )
