import operator

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from .models import Comarca, Municipality, Population, Province

# Reference data comes from `import_territories`; the admin is for corrections.
# No change history on these models (bulk imports), so no history admin either.


class WithoutBoundaries:
    """The outlines are neither shown nor edited here (`exclude`): not read
    either (JSON decoded for each row, the related rows' too). A save of a
    row read so writes only the fields read, so its outline stays."""

    deferred = ["boundary"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*self.deferred)


class WithoutBoundaryFilter(admin.RelatedFieldListFilter):
    """A list filter on a province, comarca or municipality (a relation to a
    model with an outline, anywhere in the admin: a member's comarca, say):
    its choices are read without their outlines, which Django's filter reads
    and decodes for every choice (the 43 comarques' outlines, 215 KB of JSON, on
    every page).
    Same choices, ordering and HTML as `RelatedFieldListFilter`."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        rows = field.related_model._default_manager.complex_filter(
            field.get_limit_choices_to()
        ).defer("boundary")
        if ordering:
            rows = rows.order_by(*ordering)
        value_of = operator.attrgetter(field.remote_field.get_related_field().attname)
        return [(value_of(row), str(row)) for row in rows]


def _has_outline(model) -> bool:
    return any(f.name == "boundary" for f in model._meta.concrete_fields)


admin.FieldListFilter.register(
    # A foreign key or one-to-one of the filtered model itself (a concrete
    # field: not a relation seen from the other side, nor a many-to-many).
    lambda field: (
        field.is_relation
        and field.concrete
        and not field.many_to_many
        and _has_outline(field.related_model)
    ),
    WithoutBoundaryFilter,
    take_priority=True,
)


@admin.register(Province)
class ProvinceAdmin(WithoutBoundaries, ObjectPermissionsModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]
    exclude = ["boundary"]


@admin.register(Comarca)
class ComarcaAdmin(WithoutBoundaries, ObjectPermissionsModelAdmin):
    deferred = ["boundary", "province__boundary"]
    list_display = ["code", "name", "province"]
    list_select_related = ["province"]
    list_filter = ["province"]
    search_fields = ["name", "code"]
    exclude = ["boundary"]


class PopulationInline(admin.TabularInline):
    model = Population
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(WithoutBoundaries, ObjectPermissionsModelAdmin):
    deferred = ["boundary", "comarca__boundary", "province__boundary"]
    list_display = ["code", "ine_code", "name", "comarca", "province", "area_km2"]
    list_select_related = ["comarca", "province"]
    list_filter = ["province", "comarca"]
    search_fields = ["name", "search_name", "code", "ine_code"]
    exclude = ["boundary"]
    readonly_fields = ["search_name"]
    inlines = [PopulationInline]
    list_per_page = 50
