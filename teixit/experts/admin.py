"""Admin of the directory: profiles only. Consultations are private between
their two people and have no admin page; consents are shown read-only."""

from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin, TeixitTabularInline

from .models import ExpertConsent, ExpertProfile


class ExpertConsentInline(TeixitTabularInline):
    model = ExpertConsent
    extra = 0
    can_delete = False
    readonly_fields = ["text", "language", "given_at", "withdrawn_at"]

    # Consents are records of what a person agreed to: nobody edits them.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(ExpertProfile)
class ExpertProfileAdmin(TeixitModelAdmin):
    list_display = ["user", "member", "headline", "listed", "takes_consultations"]
    list_filter = ["listed", "takes_consultations", "areas"]
    search_fields = ["user__name", "user__email", "headline"]
    readonly_fields = ["user", "listed"]
    autocomplete_fields = ["member"]
    filter_horizontal = ["areas"]
    inlines = [ExpertConsentInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user", "member")
        return qs.managed_by(request.user)

    def has_add_permission(self, request):
        # Profiles are created by their person, with consent, on the site.
        return False
