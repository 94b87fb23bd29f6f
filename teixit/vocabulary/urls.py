from django.urls import path

from . import views

app_name = "vocabulary"

urlpatterns = [
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path(
        "vocabulary/<slug:scheme>/<str:code>/",
        views.concept_detail,
        name="concept",
    ),
]
