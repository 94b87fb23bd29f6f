from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin

from .models import DirectoryEntry


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "scope", "status", "municipality"]
    list_filter = ["status", "kind", "scope"]
    search_fields = ["name", "description", "place"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["municipality", "institution", "proposed_by", "reviewed_by"]
    filter_horizontal = ["themes", "comarques", "trainings", "practices", "events"]
