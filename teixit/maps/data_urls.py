"""The map's data at addresses outside the language prefixes (mounted in
config/urls.py next to the API): the outlines have no language, so browsers
and caches keep one copy of them, not one per language."""

from django.urls import path

from teixit.maps import views

app_name = "maps_data"

urlpatterns = [
    path("map-data/outlines.geojson", views.outlines, name="outlines"),
]
