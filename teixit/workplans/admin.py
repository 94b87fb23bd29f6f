from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from teixit.core.admin import TeixitModelAdmin

from .models import (
    Action,
    Evidence,
    Indicator,
    IndicatorValue,
    Objective,
    Period,
    Plan,
    PlannedPeriod,
    ProgressUpdate,
    Responsibility,
    StrategicLine,
)
from .services import action_refresh_progress


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


class StrategicLineInline(admin.TabularInline):
    model = StrategicLine
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(TeixitModelAdmin):
    list_display = [
        "title",
        "start_on",
        "end_on",
        "status",
        "visibility",
        "approved_on",
    ]
    list_filter = ["status", "visibility"]
    search_fields = ["title"]
    inlines = [PeriodInline, StrategicLineInline]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    show_change_link = True


@admin.register(StrategicLine)
class StrategicLineAdmin(TeixitModelAdmin):
    list_display = ["code", "title", "plan", "order", "weight"]
    list_filter = ["plan"]
    inlines = [ObjectiveInline]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["order", "text", "weight"]
    show_change_link = True


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "unit", "target", "source", "order"]


@admin.register(Objective)
class ObjectiveAdmin(TeixitModelAdmin):
    list_display = ["code", "title", "line", "order", "weight"]
    list_filter = ["line__plan"]
    inlines = [ActionInline, IndicatorInline]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


class PlannedPeriodInline(admin.TabularInline):
    model = PlannedPeriod
    extra = 0


@admin.register(Action)
class ActionAdmin(TeixitModelAdmin):
    list_display = ["__str__", "objective", "status", "progress", "last_update_on"]
    list_filter = ["status", "objective__line__plan"]
    search_fields = ["text"]
    readonly_fields = ["status", "progress", "last_update_on"]
    inlines = [ResponsibilityInline, PlannedPeriodInline, IndicatorInline]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    # Files are private: shown as a link to the view that checks permissions,
    # and uploaded through the action's page.
    fields = ["title", "url", "file_link"]
    readonly_fields = ["file_link"]

    @admin.display(description=_("file"))
    def file_link(self, obj) -> str:
        if not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', obj.href, obj.file.name.rsplit("/", 1)[-1]
        )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(TeixitModelAdmin):
    list_display = ["action", "on", "status", "percent", "author"]
    list_filter = ["status"]
    autocomplete_fields = ["author"]
    raw_id_fields = ["action"]
    inlines = [EvidenceInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action_refresh_progress(action=obj.action)

    def delete_model(self, request, obj):
        action = obj.action
        super().delete_model(request, obj)
        action_refresh_progress(action=action)


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    exclude = ["recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(TeixitModelAdmin):
    list_display = ["name", "objective", "action", "unit", "target", "source"]
    raw_id_fields = ["action", "objective"]
    inlines = [IndicatorValueInline]
