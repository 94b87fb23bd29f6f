from django.contrib import admin

from teixit.core.admin import TeixitModelAdmin

from .models import Concept, ConceptScheme


@admin.register(ConceptScheme)
class ConceptSchemeAdmin(TeixitModelAdmin):
    list_display = ["code", "label_ca", "label_es", "label_en", "source"]
    search_fields = ["code", "label_ca", "label_es", "label_en"]


@admin.register(Concept)
class ConceptAdmin(TeixitModelAdmin):
    list_display = ["code", "label_ca", "label_es", "label_en", "scheme", "broader"]
    list_filter = ["scheme"]
    search_fields = ["code", "label_ca", "label_es", "label_en", "uri", "essglobal_uri"]
    autocomplete_fields = ["broader"]
