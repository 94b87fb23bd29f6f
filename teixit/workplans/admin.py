from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from teixit.core.admin import TeixitModelAdmin
from teixit.core.moderation import moderation_hide, moderation_show

from . import governance as gov
from .governance import action_refresh_members_progress
from .models import (
    Action,
    ActionComment,
    ActionGovernance,
    Evidence,
    Indicator,
    IndicatorValue,
    MemberContribution,
    Objective,
    Period,
    Plan,
    PlannedPeriod,
    ProgressUpdate,
    Responsibility,
    StrategicLine,
    WorkStep,
)
from .rules import executed_by_members
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
    # The author may be empty: Django's automatic join follows only required
    # keys, and the list read each author alone.
    list_select_related = ["action", "author"]
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


# The plan's roles on an action. The commissions' decisions (approving the
# guidelines, confirming "done") are taken on the action's page or through the
# API, by the body the plan names: here they are read-only, also for the
# secretariat. Everything else is the secretariat's, as for the plan's
# structure; technicians read their member's contributions.


@admin.register(ActionGovernance)
class ActionGovernanceAdmin(TeixitModelAdmin):
    list_display = [
        "action",
        "guidelines_approved_on",
        "done_proposed_on",
        "provider_name",
    ]
    list_filter = ["action__objective__line__plan"]
    search_fields = ["action__text", "guidelines", "provider_name"]
    raw_id_fields = ["action"]
    autocomplete_fields = ["provider_contact"]
    fields = [
        "action",
        "guidelines",
        "guidelines_approved_on",
        "guidelines_approved_by",
        "provider_name",
        "provider_contact",
        "done_proposed_on",
        "done_proposed_by",
        "done_note",
    ]
    readonly_fields = [
        "guidelines_approved_on",
        "guidelines_approved_by",
        "done_proposed_on",
        "done_proposed_by",
    ]

    def save_model(self, request, obj, form, change):
        guidelines = obj.guidelines
        if change and "guidelines" in form.changed_data and guidelines.strip():
            # A change to approved guidelines withdraws the approval (the
            # service's rule): saved through it.
            obj.guidelines = form.initial.get("guidelines", "")
            super().save_model(request, obj, form, change)
            gov.guidelines_write(action=obj.action, user=request.user, text=guidelines)
            obj.refresh_from_db()
            return
        if "guidelines" in form.changed_data:
            # Emptied guidelines are no longer approved guidelines.
            obj.guidelines_approved_on = None
            obj.guidelines_approved_by = None
        super().save_model(request, obj, form, change)


@admin.register(WorkStep)
class WorkStepAdmin(TeixitModelAdmin):
    list_display = ["text", "action", "period", "order", "written_by"]
    list_filter = ["action__objective__line__plan"]
    search_fields = ["text", "action__text"]
    raw_id_fields = ["action"]
    readonly_fields = ["written_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.written_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MemberContribution)
class MemberContributionAdmin(TeixitModelAdmin):
    list_display = ["action", "member", "on", "author"]
    list_filter = ["action__objective__line__plan"]
    search_fields = ["note", "action__text", "member__name"]
    raw_id_fields = ["action"]
    # a member of the network's ~950, searched (as in every other admin form)
    autocomplete_fields = ["member"]
    readonly_fields = ["author"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("member", "action")
            .managed_by(request.user)
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        if executed_by_members(obj.action):
            action_refresh_members_progress(action=obj.action)

    def delete_model(self, request, obj):
        action = obj.action
        super().delete_model(request, obj)
        if executed_by_members(action):
            action_refresh_members_progress(action=action)


@admin.register(Evidence)
class EvidenceAdmin(TeixitModelAdmin):
    """Evidence of updates and of the support body; files are uploaded on the
    action's page (private storage, the upload check) and shown as links."""

    list_display = ["__str__", "from_support", "action", "update", "added_on"]
    list_filter = ["from_support"]
    search_fields = ["title", "url"]
    raw_id_fields = ["action", "update"]
    fields = [
        "title",
        "url",
        "file_link",
        "update",
        "action",
        "from_support",
        "added_on",
        "added_by",
    ]
    readonly_fields = ["file_link", "added_by"]

    @admin.display(description=_("file"))
    def file_link(self, obj) -> str:
        return EvidenceInline.file_link(self, obj)


@admin.register(ActionComment)
class ActionCommentAdmin(TeixitModelAdmin):
    """Moderation of the comments on actions (the secretariat): a reason
    hides a comment (shown in its place on the action's page), an empty
    reason shows it again; the text stays the author's. Comments are written
    on the action's page or through the API."""

    list_display = ["__str__", "action", "author", "created_at", "hidden_at"]
    list_filter = [
        "action__objective__line__plan",
        ("hidden_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["body", "action__text"]
    fields = [
        "action",
        "author",
        "body",
        "evidence",
        "created_at",
        "edited_at",
        "hidden_reason",
        "hidden_at",
        "hidden_by",
    ]
    readonly_fields = [
        "action",
        "author",
        "body",
        "evidence",
        "created_at",
        "edited_at",
        "hidden_at",
        "hidden_by",
    ]

    def _moderates(self, request) -> bool:
        return request.user.has_perm("workplans.moderate_actioncomment")

    def has_add_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return self._moderates(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._moderates(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._moderates(request) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if "hidden_reason" not in form.changed_data:
            return
        reason = obj.hidden_reason.strip()
        obj.hidden_reason = form.initial.get("hidden_reason", "")
        if reason:
            moderation_hide(item=obj, user=request.user, reason=reason)
        else:
            moderation_show(item=obj, user=request.user)
