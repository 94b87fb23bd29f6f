from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin

from .models import Follow, Notification, NotificationEmail


@admin.register(Notification)
class NotificationAdmin(TeixitModelAdmin):
    list_display = [
        "recipient",
        "verb",
        "target_title",
        "created_at",
        "read_at",
        "delivery",
    ]
    list_filter = ["kind", "delivery"]
    search_fields = ["recipient__email", "target_title", "verb"]
    raw_id_fields = ["recipient", "actor", "email"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        # Notifications are written by the platform (every field is read only
        # here): an empty one would have no recipient.
        return False


@admin.register(NotificationEmail)
class NotificationEmailAdmin(TeixitModelAdmin):
    list_display = ["recipient", "frequency", "period", "status", "attempts", "sent_at"]
    list_filter = ["frequency", "status"]
    search_fields = ["recipient__email", "period"]
    raw_id_fields = ["recipient"]
    readonly_fields = [f.name for f in NotificationEmail._meta.fields]

    def has_add_permission(self, request):
        # The digests are written by the platform (every field is read only).
        return False


@admin.register(Follow)
class FollowAdmin(TeixitModelAdmin):
    list_display = ["user", "target_type", "target_id", "automatic", "created_at"]
    list_filter = ["target_type", "automatic"]
    raw_id_fields = ["user"]
