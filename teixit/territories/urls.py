from django.urls import path

from . import views

app_name = "territories"

urlpatterns = [
    path(
        "territories/municipalities/suggest/",
        views.municipality_suggest,
        name="municipality_suggest",
    ),
    path(
        "territories/municipalities/<str:code>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality_detail",
    ),
]
