from django.urls import path

from teixit.maps import views

app_name = "maps"

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("embed/map", views.embed_page, name="embed"),
    path("map/outlines.geojson", views.outlines, name="outlines"),
]
