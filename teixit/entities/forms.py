"""Forms of the register: the technicians' entity form, the public proposal
form (with spam protection), filters, import upload and column mapping."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teixit.core.imports import import_limits
from teixit.core.uploads import SPREADSHEET_KINDS, validate_upload
from teixit.territories.forms import MunicipalityField
from teixit.territories.models import Comarca
from teixit.vocabulary.models import Concept

from .conf import entities_proposal_min_seconds
from .importing import FIELD_KINDS, PRESET_DESCRIPTIONS, PRESETS
from .models import Entity, SavedMapping
from .validation import CONTACT_FIELDS, contacts_assign
from .validators import validate_tax_id

_SIGNER_SALT = "teixit.entities.proposal"


def _concepts(scheme: str):
    return Concept.objects.filter(scheme__code=scheme).order_by("order", "code")


class ConceptChoiceField(forms.ModelChoiceField):
    """Labelled by `str(concept)` (its label in the current language, or its
    code) as Django labels options, so that the site's form renderer reads
    them as rows (`teixit.core.choices`)."""


class ConceptMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Labelled by `str(concept)` (its label in the current language, or its
    code) as Django labels options, so that the site's form renderer reads
    them as rows (`teixit.core.choices`)."""


class TaxIdField(forms.CharField):
    """The one tax-ID rule (validators.validate_tax_id), normalised."""

    def clean(self, value):
        value = super().clean(value)
        return validate_tax_id(value) if value else ""


class EntityForm(forms.ModelForm):
    municipality = MunicipalityField(label=_("municipality"))
    legal_form = ConceptChoiceField(
        queryset=Concept.objects.none(), required=False, label=_("legal form")
    )
    sectors = ConceptMultipleChoiceField(
        queryset=Concept.objects.none(),
        required=False,
        label=_("sectors"),
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = ConceptMultipleChoiceField(
        queryset=Concept.objects.none(),
        required=False,
        label=_("SSE criteria met"),
        widget=forms.CheckboxSelectMultiple,
    )
    tax_id = TaxIdField(required=False, max_length=20, label=_("tax ID (NIF/CIF)"))
    # Plain texts: several values are split by `clean` (validation.contacts_split).
    website = forms.CharField(required=False, label=_("website"))
    email = forms.CharField(required=False, label=_("e-mail"))
    phone = forms.CharField(required=False, label=_("phone"))
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label=_("It is not a duplicate of the entities listed above: save it anyway."),
    )

    class Meta:
        model = Entity
        fields = [
            "name", "legal_form", "sectors", "criteria", "description", "tax_id",
            "address", "postcode", "municipality", "latitude", "longitude",
            "website", "website_public", "email", "email_public", "phone", "phone_public",
            "year_founded", "workers_total", "workers_women", "members_count",
            "social_balance_year", "last_verified_on",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "last_verified_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].queryset = _concepts("legal-forms")
        self.fields["sectors"].queryset = _concepts("sectors")
        self.fields["criteria"].queryset = _concepts("sse-principles")
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities
        self.duplicates = []

    def clean_postcode(self):
        from .validators import repair_postcode

        return repair_postcode(self.cleaned_data.get("postcode"))

    def clean(self):
        # The register's rule for contacts (validation.contacts_assign): the
        # first value in the field, the others in `other_contacts`.
        cleaned = super().clean()
        try:
            values, others = contacts_assign(
                {n: cleaned[n] for n in CONTACT_FIELDS if n in cleaned},
                self.instance.other_contacts,
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name, messages)
            return cleaned
        cleaned.update(values)
        self.instance.other_contacts = others
        return cleaned


class ProposalForm(forms.ModelForm):
    """What the public may propose. Spam protection without external services:
    a honeypot field hidden from people, a signed timestamp (a form sent faster
    than a person can fill it is refused) and a rate limit per IP (in the view)."""

    municipality = MunicipalityField(label=_("municipality"))

    legal_form = ConceptChoiceField(
        queryset=Concept.objects.none(), required=False, label=_("legal form")
    )
    sectors = ConceptMultipleChoiceField(
        queryset=Concept.objects.none(),
        required=False,
        label=_("sectors"),
        widget=forms.CheckboxSelectMultiple,
    )
    proposer_name = forms.CharField(max_length=200, label=_("your name"))
    proposer_email = forms.EmailField(
        label=_("your e-mail"),
        help_text=_("Only the network's technicians see it, to contact you if needed."),
    )
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Entity
        fields = [
            "name",
            "legal_form",
            "sectors",
            "description",
            "address",
            "postcode",
            "municipality",
            "website",
            "email",
            "phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].queryset = _concepts("legal-forms")
        self.fields["sectors"].queryset = _concepts("sectors")
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=_SIGNER_SALT)

    def clean_postcode(self):
        from .validators import repair_postcode

        return repair_postcode(self.cleaned_data.get("postcode"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise ValidationError(
                _("The form could not be sent. Please try again."), code="spam"
            )
        try:
            started = signing.loads(
                self.data.get("started", ""), salt=_SIGNER_SALT, max_age=24 * 3600
            )
        except signing.BadSignature:
            raise ValidationError(
                _("The form expired. Please send it again."), code="expired"
            ) from None
        if time.time() - float(started) < entities_proposal_min_seconds():
            raise ValidationError(
                _("The form was sent too quickly. Please check it and send it again."),
                code="too_fast",
            )
        return cleaned


class FilterForm(forms.Form):
    """The public filters (see selectors.EntityFilters), as a GET form."""

    q = forms.CharField(required=False, label=_("Text"))
    legal_form = forms.ChoiceField(required=False, label=_("legal form"))
    sector = forms.ChoiceField(required=False, label=_("sector"))
    criterion = forms.ChoiceField(required=False, label=_("SSE criterion"))
    comarca = forms.ChoiceField(required=False, label=_("comarca"))
    municipality = forms.CharField(required=False, label=_("municipality code"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in _filter_choices().items():
            self.fields[name].choices = choices


def _build_filter_choices() -> dict[str, list]:
    any_ = [("", str(_("Any")))]

    def choices(scheme):
        return any_ + [(c.code, c.label or c.code) for c in _concepts(scheme)]

    return {
        "legal_form": choices("legal-forms"),
        "sector": choices("sectors"),
        "criterion": choices("sse-principles"),
        "comarca": any_
        + list(Comarca.objects.order_by("name").values_list("code", "name")),
    }


#: (database, its name, register stamp, language) -> the filters' options.
_FILTER_CHOICES: dict[tuple, dict[str, list]] = {}


def _filter_choices() -> dict[str, list]:
    """The options of the register's filters (legal forms, sectors, SSE
    criteria, comarques) in the current language, read once per process
    while the register's stamp holds: every write to concepts, their schemes
    and comarques changes it (`entities.database`), so a label edited in the
    admin shows on the next page. Four queries and ~150 concepts made on
    every page of the register's lists before. The stamp is read again after
    building: options are kept only if nothing was written meanwhile."""
    from django.db import connections, router
    from django.utils.translation import get_language

    from .selectors import register_stamp

    using = router.db_for_read(Concept)
    stamp = register_stamp(using)
    if stamp is None:
        return _build_filter_choices()
    key = (using, connections[using].settings_dict["NAME"], stamp, get_language())
    found = _FILTER_CHOICES.get(key)
    if found is None:
        found = _build_filter_choices()
        if register_stamp(using) == stamp:
            while len(_FILTER_CHOICES) >= 16:  # the oldest first
                _FILTER_CHOICES.pop(next(iter(_FILTER_CHOICES)))
            _FILTER_CHOICES[key] = found
    return found


class StatusFilterForm(FilterForm):
    status = forms.ChoiceField(
        required=False,
        label=_("status"),
        choices=[("", _("Any"))] + list(Entity.Status.choices),
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("CSV (any delimiter, UTF-8 or Latin-1), .xlsx or GeoJSON."),
    )
    source_name = forms.CharField(
        max_length=200,
        required=False,
        label=_("source name"),
        help_text=_(
            "Re-importing a list with the same source name updates the entities it created. Required unless the file has the identifier column of a known preset (ESSGlobal, OpenStreetMap)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".tsv", ".txt", ".xlsx", ".geojson", ".json")):
            raise ValidationError(
                _("Upload a CSV, .xlsx or GeoJSON file."), code="file_type"
            )
        # Size, content and (for .xlsx) expansion limits, before it is stored.
        limits = import_limits("entities")
        limits.check_size(upload.size)
        validate_upload(upload, allowed=SPREADSHEET_KINDS, max_size=limits.max_bytes)
        limits.check_archive(upload)
        return upload


class MappingForm(forms.Form):
    """Which column fills which field; built from the file's columns."""

    preset = forms.ChoiceField(required=False, label=_("start from a preset"))
    key = forms.ChoiceField(
        required=False,
        label=_("column with the entity's ID in the source"),
        help_text=_(
            "Used to update instead of duplicating on re-import. Empty: name and municipality."
        ),
    )
    save_as = forms.CharField(
        required=False, max_length=100, label=_("save this mapping as")
    )
    dry_run = forms.BooleanField(
        required=False, label=_("dry run: check and report, write nothing")
    )
    valid_only = forms.BooleanField(
        required=False, label=_("import only the valid rows if some have errors")
    )

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        column_choices = [("", "—")] + [(c, c) for c in columns if c]
        self.fields["preset"].choices = (
            [("", "—")]
            + [
                (
                    k,
                    PRESET_DESCRIPTIONS[k][0]
                    if k in PRESET_DESCRIPTIONS
                    else v["label"],
                )
                for k, v in PRESETS.items()
            ]
            + [(f"saved:{m.pk}", m.name) for m in SavedMapping.objects.all()]
        )
        self.fields["key"].choices = column_choices
        for name in FIELD_KINDS:
            try:
                label = Entity._meta.get_field(name).verbose_name
            except Exception:  # pragma: no cover
                label = name
            self.fields[f"col_{name}"] = forms.ChoiceField(
                required=name in ("name", "municipality"),
                choices=column_choices,
                label=label,
            )

    def field_columns(self):
        return [self[f"col_{name}"] for name in FIELD_KINDS]

    def clean_save_as(self):
        name = self.cleaned_data.get("save_as", "").strip()
        if name and (
            name in PRESETS or SavedMapping.objects.filter(name=name).exists()
        ):
            raise ValidationError(
                _("A mapping with this name already exists."), code="exists"
            )
        return name

    def mapping(self) -> dict:
        columns = {
            name: self.cleaned_data[f"col_{name}"]
            for name in FIELD_KINDS
            if self.cleaned_data.get(f"col_{name}")
        }
        return {"columns": columns, "key": self.cleaned_data.get("key") or None}


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("number of the duplicate entity to merge into this one"), min_value=1
    )
