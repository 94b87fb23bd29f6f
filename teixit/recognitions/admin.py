from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin, TeixitTabularInline

from .models import EntityLabel, Recognition


class EntityLabelInline(TeixitTabularInline):
    model = EntityLabel
    extra = 0
    autocomplete_fields = ["entity"]


@admin.register(Recognition)
class RecognitionAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "granted_by", "deadline", "published"]
    list_filter = ["kind", "published", "for_entities", "for_municipalities"]
    search_fields = ["name", "granted_by", "code"]
    prepopulated_fields = {"code": ["name"]}
    filter_horizontal = ["themes"]
    inlines = [EntityLabelInline]
