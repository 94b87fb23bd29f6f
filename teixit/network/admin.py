"""Admin of the network. Permissions come from teixit/network/rules.py (through
TeixitModelAdmin), so the technical secretariat runs it without being superuser.
The admin forms apply the same validation as the services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teixit.core.admin import TeixitModelAdmin, TeixitTabularInline
from teixit.territories.admin import WithoutBoundaries

from .models import Body, BodyMembership, Institution, Member, Network, Technician
from .roles import forget_roles
from .selectors import network_forget_cache
from .services import body_membership_validate, staff_access_sync, technician_validate


class _ServiceValidatedForm(forms.ModelForm):
    """Runs a service validator on the instance once the model is clean."""

    validator = None

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            type(self).validator(self.instance)
        except ValidationError as exc:
            self._update_errors(exc)


class BodyMembershipAdminForm(_ServiceValidatedForm):
    validator = staticmethod(lambda obj: body_membership_validate(membership=obj))

    class Meta:
        model = BodyMembership
        fields = ["body", "user", "member", "role", "start_on", "end_on"]


class TechnicianAdminForm(_ServiceValidatedForm):
    validator = staticmethod(lambda obj: technician_validate(post=obj))

    class Meta:
        model = Technician
        fields = ["member", "user", "position", "start_on", "end_on"]


def _after_people_change(user) -> None:
    forget_roles(user)
    staff_access_sync(user=user)


@admin.register(Network)
class NetworkAdmin(TeixitModelAdmin):
    list_display = ["name", "short_name", "languages", "open_data_licence"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        network_forget_cache()


class TechnicianInline(TeixitTabularInline):
    model = Technician
    form = TechnicianAdminForm
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Member)
class MemberAdmin(WithoutBoundaries, TeixitModelAdmin):
    # The comarca's name in each row, not its outline (decoded for every row).
    deferred = ["comarca__boundary"]
    list_display = ["name", "kind", "official_code", "comarca", "joined_on", "left_on"]
    list_select_related = ["comarca"]
    list_filter = ["kind", "comarca"]
    search_fields = ["name", "official_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "comarca"]
    inlines = [TechnicianInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for post in formset.new_objects + [
            obj for obj, _fields in formset.changed_objects
        ]:
            if isinstance(post, Technician):
                forget_roles(post.user)


class BodyMembershipInline(TeixitTabularInline):
    model = BodyMembership
    form = BodyMembershipAdminForm
    extra = 0
    autocomplete_fields = ["user", "member"]


@admin.register(Body)
class BodyAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BodyMembershipInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for seat in formset.new_objects + [
            obj for obj, _fields in formset.changed_objects
        ]:
            if isinstance(seat, BodyMembership):
                _after_people_change(seat.user)


@admin.register(BodyMembership)
class BodyMembershipAdmin(TeixitModelAdmin):
    form = BodyMembershipAdminForm
    list_display = ["user", "body", "member", "role", "start_on", "end_on"]
    list_filter = ["body"]
    search_fields = ["user__email", "user__name", "body__name"]
    autocomplete_fields = ["user", "member"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _after_people_change(obj.user)


class PostFilter(admin.SimpleListFilter):
    """Whether a technician's post is current today (as `Technician.objects.current()`
    decides), has ended or is still to start."""

    title = _("post")
    parameter_name = "post"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Current")),
            ("ended", _("Ended")),
            ("upcoming", _("Not started yet")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.current(on=today)
        if self.value() == "ended":
            return queryset.filter(end_on__lt=today)
        if self.value() == "upcoming":
            return queryset.filter(start_on__gt=today)
        return queryset


@admin.register(Technician)
class TechnicianAdmin(TeixitModelAdmin):
    form = TechnicianAdminForm
    list_display = ["user", "member", "position", "start_on", "end_on"]
    # The member is found by the search (its name); a filter listing every
    # member was two thirds of the page (949 links at a tenth of network scale).
    list_filter = [PostFilter, "member__kind", "member__comarca"]
    search_fields = ["user__email", "user__name", "member__name"]
    autocomplete_fields = ["user", "member"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_roles(obj.user)


@admin.register(Institution)
class InstitutionAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind", "themes"]
    search_fields = ["name"]
    filter_horizontal = ["themes"]
