from django import forms
from django.utils.translation import gettext_lazy as _

from teixit.network.models import Member
from teixit.network.roles import sole_member_id
from teixit.territories.models import Comarca

from .models import MunicipalService
from .selectors import service_types


class MunicipalServiceForm(forms.ModelForm):
    class Meta:
        model = MunicipalService
        fields = [
            "member", "service_type", "name", "modality", "description", "budget", "staff_fte",
            "since_year", "partner_members", "partner_bodies",
        ]  # fmt: skip
        widgets = {"partner_members": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types()
        # Only what the selects show: a thousand members' full rows are not needed.
        self.fields["partner_members"].queryset = Member.objects.active().only(
            "slug", "name"
        )
        if user is not None:
            self.fields["member"].queryset = Member.objects.managed_by(user).only(
                "slug", "name"
            )
            if sole_member_id(user) is not None and not self.instance.pk:
                self.initial.setdefault("member", sole_member_id(user))


class ServiceFilterForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Type of service"), required=False)
    modality = forms.ChoiceField(label=_("How it is run"), required=False)
    comarca = forms.ChoiceField(label=_("Comarca"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = [("", _("Any type"))] + [
            (t.code, t.label) for t in service_types()
        ]
        self.fields["modality"].choices = [("", _("Any modality"))] + list(
            MunicipalService.Modality.choices
        )
        self.fields["comarca"].choices = [("", _("Any comarca"))] + list(
            Comarca.objects.filter(members__sse_services__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("code", "name")
        )
