from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin, TeixitTabularInline

from .models import Need, SupplierMark


class SupplierMarkInline(TeixitTabularInline):
    model = SupplierMark
    extra = 0
    autocomplete_fields = ["entity"]
    readonly_fields = ["marked_by"]


@admin.register(Need)
class NeedAdmin(TeixitModelAdmin):
    list_display = ["title", "status", "origin", "member", "created_at"]
    list_filter = ["status", "origin", "themes"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["member", "municipalities", "comarques", "materials"]
    filter_horizontal = ["themes", "sectors"]
    raw_id_fields = ["diagnosis_answer"]
    readonly_fields = ["raised_by"]
    inlines = [SupplierMarkInline]
