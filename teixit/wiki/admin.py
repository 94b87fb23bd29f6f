"""The back office of the wiki: the secretariat creates and arranges its spaces
(the network's, each commission's, each theme's); pages are written on the site."""

from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin
from teixit.network.roles import is_secretariat

from .models import WikiSpace


@admin.register(WikiSpace)
class WikiSpaceAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "visibility", "body", "parent"]
    list_filter = ["kind", "visibility"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["parent"]

    def has_module_permission(self, request):
        return is_secretariat(request.user) or request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        # Technicians read the spaces on the site; arranging them is the
        # secretariat's.
        return (
            is_secretariat(request.user) or request.user.is_superuser
        ) and super().has_view_permission(request, obj)
