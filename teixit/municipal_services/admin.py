from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin

from .models import MunicipalService


@admin.register(MunicipalService)
class MunicipalServiceAdmin(TeixitModelAdmin):
    list_display = [
        "member",
        "service_type",
        "name",
        "modality",
        "budget",
        "staff_fte",
        "since_year",
    ]
    list_filter = ["modality", "service_type"]
    search_fields = ["member__name", "name", "description"]
    autocomplete_fields = ["member", "partner_members"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("member", "service_type")
        return qs.managed_by(request.user)
