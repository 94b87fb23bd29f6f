"""The secretariat maintains the profile here. Self-assessments are private
and deliberately have no admin page."""

from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin, TeixitTabularInline

from .models import (
    Competence,
    CompetenceProfile,
    LevelDescriptor,
    ProfileFunction,
    ProfileRole,
)


class ProfileRoleInline(TeixitTabularInline):
    model = ProfileRole
    extra = 0


class ProfileFunctionInline(TeixitTabularInline):
    model = ProfileFunction
    extra = 0


@admin.register(CompetenceProfile)
class CompetenceProfileAdmin(TeixitModelAdmin):
    list_display = ["name", "is_default"]
    inlines = [ProfileRoleInline, ProfileFunctionInline]


class LevelDescriptorInline(TeixitTabularInline):
    model = LevelDescriptor
    extra = 0
    max_num = 4


@admin.register(Competence)
class CompetenceAdmin(TeixitModelAdmin):
    list_display = ["name", "profile", "function", "target_level", "order"]
    list_filter = ["profile", "target_level"]
    search_fields = ["name", "code", "description"]
    filter_horizontal = ["themes"]
    inlines = [LevelDescriptorInline]
