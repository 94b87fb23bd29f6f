from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from teixit.core.admin import TeixitModelAdmin, TeixitTabularInline
from teixit.network.models import Member
from teixit.network.roles import is_secretariat

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
    # Files are private (their storage has no URL): shown as a link to the
    # view that checks permissions, and added on the event's page.
    fields = ["kind", "title", "file_link", "uploaded_by"]
    readonly_fields = ["file_link", "uploaded_by"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def file_link(self, obj) -> str:
        if not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            obj.get_absolute_url(),
            obj.file.name.rsplit("/", 1)[-1],
        )


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
    autocomplete_fields = [
        "organiser_member",
        "organiser_institution",
        "municipality",
        "representatives",
    ]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_by", "sequence"]
    inlines = [AgendaItemInline, EventDocumentInline, AgreementInline]
    # Only the secretariat publishes, writes the minutes and the representation
    # log (rules.py): for the others these fields are read-only here too.
    secretariat_fields = [
        "status",
        "minutes",
        "representatives",
        "presented",
        "contacts_made",
        "follow_up",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_secretariat(request.user):
            fields += [f for f in self.secretariat_fields if f not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if is_secretariat(request.user):
            return form
        own = set(Member.objects.managed_by(request.user).values_list("pk", flat=True))

        class OwnMemberEventForm(form):
            """A technician's events are organised by their member (as in
            `services.event_save`)."""

            def clean(self):
                data = super().clean()
                member = data.get("organiser_member")
                if (
                    data.get("organiser_kind") != Event.Organiser.MEMBER
                    or member is None
                    or member.pk not in own
                ):
                    self.add_error(
                        "organiser_member"
                        if "organiser_member" in self.fields
                        else None,
                        _("Your events are organised by your member."),
                    )
                return data

        return OwnMemberEventForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = obj.created_by or request.user
            if not is_secretariat(request.user):
                obj.status = Event.Status.DRAFT
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).managed_by(request.user)


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
