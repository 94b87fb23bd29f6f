from django.urls import path

from teixit.maps import views

app_name = "maps"

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("embed/map", views.embed_page, name="embed"),
    # Moved outside the language prefixes (data_urls.py): redirects.
    path("map/outlines.geojson", views.outlines_moved, name="outlines"),
]
