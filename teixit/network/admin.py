from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin

from .models import Body, BodyMembership, Institution, Member, Network, Technician


@admin.register(Network)
class NetworkAdmin(TeixitModelAdmin):
    list_display = ["name", "short_name", "languages", "open_data_licence"]


class TechnicianInline(admin.TabularInline):
    model = Technician
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Member)
class MemberAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "official_code", "comarca", "joined_on", "left_on"]
    list_filter = ["kind", "comarca"]
    search_fields = ["name", "official_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "comarca"]
    inlines = [TechnicianInline]


class BodyMembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    autocomplete_fields = ["user", "member"]


@admin.register(Body)
class BodyAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BodyMembershipInline]


@admin.register(BodyMembership)
class BodyMembershipAdmin(TeixitModelAdmin):
    list_display = ["user", "body", "member", "role", "start_on", "end_on"]
    list_filter = ["body"]
    search_fields = ["user__email", "user__name", "body__name"]
    autocomplete_fields = ["user", "member"]


@admin.register(Technician)
class TechnicianAdmin(TeixitModelAdmin):
    list_display = ["user", "member", "position", "start_on", "end_on"]
    list_filter = ["member"]
    search_fields = ["user__email", "user__name", "member__name"]
    autocomplete_fields = ["user", "member"]


@admin.register(Institution)
class InstitutionAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind", "themes"]
    search_fields = ["name"]
    filter_horizontal = ["themes"]
