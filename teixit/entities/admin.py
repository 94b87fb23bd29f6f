"""Back office of the register: the same rules as the pages (technicians see
and edit only the entities of their members' municipalities)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teixit.core.admin import TeixitModelAdmin
from teixit.network.roles import is_secretariat
from teixit.vocabulary.schemes import LEGAL_FORMS, SECTORS, SSE_PRINCIPLES

from .models import Entity, ImportBatch, SavedMapping


@admin.register(Entity)
class EntityAdmin(TeixitModelAdmin):
    list_display = [
        "name",
        "municipality",
        "status",
        "legal_form",
        "last_verified_on",
        "source",
    ]
    list_filter = ["status", "location_approximate", "legal_form"]
    search_fields = ["name", "tax_id", "source_key"]
    raw_id_fields = ["merged_into", "source_batch", "proposed_by"]
    filter_horizontal = ["sectors", "criteria"]
    readonly_fields = ["name_key", "created_at", "updated_at"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("municipality", "legal_form")
        return qs.managed_by(request.user)

    def get_autocomplete_fields(self, request):
        """The secretariat chooses among 8,000 municipalities by searching (a
        select of them all made the page 440 KB); a technician's choice is their
        own few municipalities, a short select."""
        return ["municipality"] if is_secretariat(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            from .selectors import municipalities_for

            kwargs["queryset"] = municipalities_for(request.user)
        if db_field.name == "legal_form":
            from teixit.vocabulary.models import Concept

            kwargs["queryset"] = Concept.objects.filter(scheme__code=LEGAL_FORMS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        from teixit.vocabulary.models import Concept

        scheme = {"sectors": SECTORS, "criteria": SSE_PRINCIPLES}.get(db_field.name)
        if scheme:
            kwargs["queryset"] = Concept.objects.filter(scheme__code=scheme)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ImportBatch)
class ImportBatchAdmin(TeixitModelAdmin):
    list_display = [
        "source_name",
        "status",
        "dry_run",
        "valid_only",
        "progress",
        "total_rows",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]
    # The uploaded file is private (its storage has no URL): its name only.
    exclude = ["file"]
    readonly_fields = [
        "source_name",
        "file_name",
        "mapping",
        "status",
        "progress",
        "total_rows",
        "report",
        "created_by",
        "dry_run",
        "valid_only",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("file"))
    def file_name(self, obj) -> str:
        return obj.file.name.rsplit("/", 1)[-1] if obj.file else "—"


@admin.register(SavedMapping)
class SavedMappingAdmin(TeixitModelAdmin):
    list_display = ["name", "created_by", "updated_at"]
    search_fields = ["name"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
