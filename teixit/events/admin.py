from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin, TeixitTabularInline
from teixit.network.roles import is_secretariat, member_ids_of

from .models import (
    AgendaItem,
    Agreement,
    Event,
    EventDocument,
    Invitation,
    InvitationOptOut,
    Registration,
)


class AgendaItemInline(TeixitTabularInline):
    model = AgendaItem
    extra = 0


class EventDocumentInline(TeixitTabularInline):
    model = EventDocument
    extra = 0
    readonly_fields = ["uploaded_by"]


class AgreementInline(TeixitTabularInline):
    model = Agreement
    extra = 0
    autocomplete_fields = ["responsible_user", "responsible_body"]
    raw_id_fields = ["action"]


@admin.register(Event)
class EventAdmin(TeixitModelAdmin):
    list_display = ["title", "kind", "starts_at", "organiser", "audience", "status"]
    list_filter = ["kind", "status", "audience"]
    search_fields = ["title", "description", "organiser_name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organiser_member", "organiser_institution", "municipality"]
    filter_horizontal = ["themes", "representatives"]
    readonly_fields = ["created_by", "sequence"]
    inlines = [AgendaItemInline, EventDocumentInline, AgreementInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_secretariat(request.user):
            return qs
        return qs.filter(organiser_member_id__in=list(member_ids_of(request.user)))


@admin.register(Invitation)
class InvitationAdmin(TeixitModelAdmin):
    list_display = [
        "name",
        "email",
        "event",
        "language",
        "sent_at",
        "answer",
        "attended",
    ]
    list_filter = ["answer", "language"]
    search_fields = ["name", "email", "event__title"]
    raw_id_fields = ["event", "institution", "member"]
    readonly_fields = ["token", "sent_at", "send_count", "answered_at"]


@admin.register(InvitationOptOut)
class InvitationOptOutAdmin(TeixitModelAdmin):
    list_display = ["__str__", "reason", "created_at"]
    autocomplete_fields = ["institution"]


@admin.register(Registration)
class RegistrationAdmin(TeixitModelAdmin):
    list_display = ["name", "event", "member", "status", "attended", "queued_at"]
    list_filter = ["status", "attended"]
    search_fields = ["name", "user__email", "event__title"]
    raw_id_fields = ["event", "user", "member"]


@admin.register(Agreement)
class AgreementAdmin(TeixitModelAdmin):
    list_display = ["__str__", "event", "responsible", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["text", "event__title"]
    raw_id_fields = ["event", "action", "responsible_user"]
    autocomplete_fields = ["responsible_body"]
