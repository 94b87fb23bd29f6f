from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teixit.core.imports import import_limits
from teixit.core.uploads import SPREADSHEET_KINDS, validate_upload
from teixit.network.models import Body

from .models import Period, Plan, Responsibility, Status, StrategicLine
from .selectors import ActionFilters
from .services import PLAN_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ActionFilterForm(forms.Form):
    """The overview's filters, read from GET parameters (bookmarkable)."""

    line = forms.ModelChoiceField(
        label=_("Strategic line"), queryset=StrategicLine.objects.none(), required=False
    )
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.all(), required=False
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Any role")), *Responsibility.Role.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Status.choices],
        required=False,
    )
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=Period.objects.none(), required=False
    )
    late = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = plan.lines.order_by("order")
        self.fields["period"].queryset = plan.periods.order_by("order")
        self.fields["body"].empty_label = _("Any body")
        self.fields["line"].empty_label = _("Every line")
        self.fields["period"].empty_label = _("Any period")

    def options_from(self, tree) -> None:
        """The options of lines, periods and bodies from what the plan's tree
        has read already (`selectors.plan_tree`), in the querysets' order, not
        three more queries; what is sent is still checked against the
        querysets."""
        for name, objects in (
            ("line", tree.lines),
            ("period", tree.periods),
            ("body", tree.bodies),
        ):
            field = self.fields[name]
            field.choices = [
                ("", field.empty_label),
                *(
                    (field.prepare_value(obj), field.label_from_instance(obj))
                    for obj in objects
                ),
            ]

    def filters(self) -> ActionFilters:
        if not self.is_valid():
            return ActionFilters()
        data = self.cleaned_data
        return ActionFilters(
            body=data["body"].pk if data.get("body") else None,
            role=data.get("role") or "",
            status=data.get("status") or "",
            period=data["period"].pk if data.get("period") else None,
            line=data["line"].pk if data.get("line") else None,
            late=bool(data.get("late")),
        )


class ReportFilterForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=Period.objects.none(), required=False
    )
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.all(), required=False
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = plan.periods.order_by("order")
        self.fields["period"].empty_label = _("Every period")
        self.fields["body"].empty_label = _("Every body")

    def filters(self) -> ActionFilters:
        if not self.is_valid():
            return ActionFilters()
        data = self.cleaned_data
        return ActionFilters(
            body=data["body"].pk if data.get("body") else None,
            period=data["period"].pk if data.get("period") else None,
        )


class ProgressUpdateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Done counts as 100 %."),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Markdown."),
    )
    links = forms.CharField(
        label=_("Evidence links"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One address per line."),
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_(
            "Documents, spreadsheets, images or plain text; web pages and scripts are not accepted."
        ),
    )

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                raise ValidationError(
                    _("%(name)s: %(reason)s")
                    % {"name": upload.name, "reason": " ".join(exc.messages)},
                    code=exc.code,
                ) from None
        return files

    def clean_links(self) -> list[str]:
        validator = forms.URLField(assume_scheme="https")
        links = []
        for line in self.cleaned_data["links"].splitlines():
            if line.strip():
                links.append(validator.clean(line.strip()))
        return links


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = PLAN_FIELDS  # what plan_update writes
        widgets = {
            "start_on": DateInput(),
            "end_on": DateInput(),
            "approved_on": DateInput(),
        }


class PlanCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=200)
    start_on = forms.DateField(label=_("Start"), widget=DateInput())
    end_on = forms.DateField(label=_("End"), widget=DateInput())

    def clean_title(self):
        title = self.cleaned_data["title"]
        if Plan.objects.filter(title=title).exists():
            raise forms.ValidationError(
                _("A plan with this title already exists."), code="duplicate"
            )
        return title

    def clean(self):
        data = super().clean()
        if (
            data.get("start_on")
            and data.get("end_on")
            and data["end_on"] < data["start_on"]
        ):
            self.add_error("end_on", _("The end date is before the start date."))
        return data


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Tab-separated text (UTF-8) or .xlsx, in the layout of the 2017-2019 plan."
        ),
    )
    plan = forms.ModelChoiceField(
        label=_("Plan to update"),
        queryset=Plan.objects.all(),
        required=False,
        help_text=_("Empty: the plan with the file's title, or a new draft plan."),
    )
    dry_run = forms.BooleanField(
        label=_("Only show what would change"), required=False, initial=True
    )
    allow_removals = forms.BooleanField(
        label=_("Delete the periods missing from the file"),
        required=False,
        help_text=_(
            "A period of the plan whose column the file lacks is deleted with its "
            "planned marks only if you tick this; otherwise the file is refused."
        ),
    )

    def clean_file(self):
        """Size, content and (for .xlsx) expansion limits before anything is
        read into memory (teixit.core.imports)."""
        upload = self.cleaned_data["file"]
        limits = import_limits("workplans")
        limits.check_size(upload.size)
        validate_upload(upload, allowed=SPREADSHEET_KINDS, max_size=limits.max_bytes)
        limits.check_archive(upload)
        return upload


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    weight = forms.DecimalField(
        label=_("Weight"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Optional weight in the objective's progress; empty counts as 1."),
    )
    periods = forms.ModelMultipleChoiceField(
        label=_("Planned periods"),
        queryset=Period.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periods"].queryset = plan.periods.order_by("order")


class IndicatorValueForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(i.pk): i for i in indicators}
        self.fields["indicator"].choices = [(str(i.pk), i.name) for i in indicators]

    def clean_indicator(self):
        return self.indicators[self.cleaned_data["indicator"]]
