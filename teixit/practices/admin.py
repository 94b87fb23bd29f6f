from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teixit.core.admin import TeixitModelAdmin

from . import services
from .models import Practice, PracticeDocument, PracticeLink


class PracticeDocumentInline(admin.TabularInline):
    model = PracticeDocument
    extra = 0
    fields = ["title", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # files go through the page, where they are checked


class PracticeLinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0


@admin.register(Practice)
class PracticeAdmin(TeixitModelAdmin):
    """The back office of practices is the secretariat's (the "practices" module rule);
    members use the pages."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_module_perms(
            "practices"
        ) and super().has_view_permission(request, obj)

    list_display = [
        "title",
        "outcome",
        "status",
        "visibility",
        "scope",
        "member",
        "language",
        "published_at",
    ]
    # The member may be empty: Django's automatic join follows only required
    # keys, and the list read each member alone.
    list_select_related = ["member"]
    list_filter = ["outcome", "status", "visibility", "scope", "language", "themes"]
    search_fields = ["title", "summary", "lessons"]
    # A bank of 100,000 practices is not a list to scroll: replicated_in is searched.
    autocomplete_fields = ["member", "author", "replicated_in"]
    filter_horizontal = ["themes"]
    readonly_fields = ["status", "submitted_at", "published_at"]
    inlines = [PracticeDocumentInline, PracticeLinkInline]
    actions = ["publish_selected"]

    @admin.action(description=_("Publish the selected practices in review"))
    def publish_selected(self, request, queryset):
        done = 0
        for practice in queryset.filter(status=Practice.Status.REVIEW):
            if request.user.has_perm("practices.review_practice", practice):
                services.practice_publish(practice=practice)
                done += 1
        self.message_user(
            request, _("%(count)s practices published.") % {"count": done}
        )
