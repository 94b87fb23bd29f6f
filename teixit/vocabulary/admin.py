from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin

from .models import Concept, ConceptScheme


@admin.register(ConceptScheme)
class ConceptSchemeAdmin(TeixitModelAdmin):
    list_display = ["code", "label_ca", "label_es", "label_en", "source"]
    search_fields = ["code", "label_ca", "label_es", "label_en"]


@admin.register(Concept)
class ConceptAdmin(TeixitModelAdmin):
    list_display = [
        "code",
        "label_ca",
        "label_es",
        "label_en",
        "scheme",
        "broader",
        "order",
    ]
    list_select_related = ["scheme", "broader"]
    list_filter = ["scheme"]
    search_fields = [
        "code",
        "label_ca",
        "label_es",
        "label_en",
        "search_text",
        "uri",
        "essglobal_uri",
    ]
    autocomplete_fields = ["broader"]
    fieldsets = [
        (None, {"fields": ["scheme", "code", "order", "broader"]}),
        ("ca", {"fields": ["label_ca", "definition_ca"]}),
        ("es", {"fields": ["label_es", "definition_es"]}),
        ("en", {"fields": ["label_en", "definition_en"]}),
        ("URI", {"fields": ["uri", "essglobal_uri"]}),
    ]
