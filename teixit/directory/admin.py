from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin
from teixit.network.roles import is_secretariat

from .models import DirectoryEntry


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "scope", "status", "municipality"]
    list_filter = ["status", "kind", "scope"]
    search_fields = ["name", "description", "place"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["municipality", "institution", "proposed_by", "reviewed_by"]
    filter_horizontal = ["themes", "comarques"]
    # Searched, not listed: a bank of practices, trainings and events made the
    # form 450 KB at a tenth of network scale.
    autocomplete_fields = ["trainings", "practices", "events"]

    # The secretariat only: proposals go through the review on the pages.
    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user)
