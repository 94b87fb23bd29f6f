from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin, TeixitTabularInline

from .models import Registration, Training, TrainingSession


class TrainingSessionInline(TeixitTabularInline):
    model = TrainingSession
    extra = 0


@admin.register(Training)
class TrainingAdmin(TeixitModelAdmin):
    list_display = ["title", "organiser", "language", "seats", "status"]
    list_filter = ["status", "language", "open_to_other_members"]
    search_fields = ["title", "organiser_name", "member__name"]
    autocomplete_fields = ["member", "institution"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_by"]
    inlines = [TrainingSessionInline]

    def get_queryset(self, request):
        # Others see the trainings they may edit.
        qs = super().get_queryset(request).select_related("member", "institution")
        return qs.managed_by(request.user)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Registration)
class RegistrationAdmin(TeixitModelAdmin):
    list_display = ["training", "user", "status", "queued_at"]
    list_filter = ["status"]
    search_fields = ["training__title", "user__email", "user__name"]
    raw_id_fields = ["training", "user"]
