from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teixit.core.admin import TeixitModelAdmin

from . import services
from .models import Material, MaterialVersion


class MaterialVersionInline(admin.TabularInline):
    model = MaterialVersion
    extra = 0
    fields = ["number", "original_name", "content_type", "size", "note", "uploaded_at"]
    readonly_fields = ["number", "original_name", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # files go through the page, where they are checked


@admin.register(Material)
class MaterialAdmin(TeixitModelAdmin):
    """The back office of materials is the secretariat's (the "materials" module rule);
    members use the pages."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_module_perms(
            "materials"
        ) and super().has_view_permission(request, obj)

    list_display = [
        "title",
        "kind",
        "status",
        "visibility",
        "language",
        "author_member",
        "created_at",
    ]
    list_filter = ["status", "visibility", "language", "kind", "themes"]
    search_fields = ["title", "description", "authors"]
    autocomplete_fields = ["author_member", "created_by"]
    filter_horizontal = ["themes"]
    readonly_fields = ["status"]
    inlines = [MaterialVersionInline]
    actions = ["publish_selected"]

    @admin.action(description=_("Publish the selected materials"))
    def publish_selected(self, request, queryset):
        done = 0
        for material in queryset.filter(status=Material.Status.DRAFT):
            services.material_publish(material=material)
            done += 1
        self.message_user(
            request, _("%(count)s materials published.") % {"count": done}
        )
