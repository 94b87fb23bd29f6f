from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin

from .models import Debate, Reply, Report, Space


@admin.register(Space)
class SpaceAdmin(TeixitModelAdmin):
    list_display = ["name", "kind", "visibility", "body"]
    list_filter = ["kind", "visibility"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Debate)
class DebateAdmin(TeixitModelAdmin):
    list_display = ["title", "space", "author", "status", "last_activity_at"]
    # The author may be empty (a deleted account): Django's automatic join
    # follows only required keys, and the list read each author alone.
    list_select_related = ["space", "author"]
    list_filter = ["status", "space"]
    search_fields = ["title", "body"]
    raw_id_fields = ["author", "closed_by"]
    autocomplete_fields = ["agreements"]
    readonly_fields = [
        "target_type",
        "target_id",
        "target_title",
        "reply_count",
        "last_activity_at",
    ]


@admin.register(Reply)
class ReplyAdmin(TeixitModelAdmin):
    list_display = ["debate", "author", "created_at", "edited_at", "hidden_at"]
    list_select_related = ["debate", "author"]
    list_filter = ["hidden_at"]
    search_fields = ["body"]
    raw_id_fields = ["debate", "parent", "quote", "author"]
    # Hidden and shown on the debate's page (`teixit.core.moderation`, which
    # checks the moderator and resolves the reports), never set by hand here.
    readonly_fields = ["hidden_at", "hidden_by", "hidden_reason"]


@admin.register(Report)
class ReportAdmin(TeixitModelAdmin):
    list_display = [
        "debate",
        "reply",
        "reporter",
        "reason",
        "created_at",
        "resolved_at",
    ]
    list_filter = ["resolved_at"]
    raw_id_fields = ["debate", "reply", "reporter", "resolved_by"]
