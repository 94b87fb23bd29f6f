from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin

from .models import FundingLine, OverlapResolution


@admin.register(FundingLine)
class FundingLineAdmin(TeixitModelAdmin):
    """Read and correct plain fields; themes, beneficiaries and territory are
    edited on the line's page, which keeps the areas used by overlaps."""

    list_display = ["title", "level", "administration", "execution_start", "execution_end", "budget"]  # fmt: skip
    list_filter = ["level"]
    search_fields = ["title", "administration", "programme"]
    readonly_fields = ["created_by"]
    exclude = ["themes", "provinces", "comarques", "municipalities", "whole_catalonia"]


@admin.register(OverlapResolution)
class OverlapResolutionAdmin(TeixitModelAdmin):
    list_display = ["line_a", "line_b", "resolved_by", "created_at"]
    raw_id_fields = ["line_a", "line_b"]
    readonly_fields = ["resolved_by"]
