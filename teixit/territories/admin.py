from django.contrib import admin

from .models import Comarca, Municipality, Population, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Comarca)
class ComarcaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    search_fields = ["name", "code"]


class PopulationInline(admin.TabularInline):
    model = Population
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "comarca", "province", "area_km2"]
    list_filter = ["province", "comarca"]
    search_fields = ["name", "code", "ine_code"]
    exclude = ["boundary"]
    inlines = [PopulationInline]
