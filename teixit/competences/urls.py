from django.urls import path

from . import views

app_name = "competences"

urlpatterns = [
    path("competences/", views.profile_view, name="profile"),
    path("competences/self-assessment/", views.self_assessment, name="self_assessment"),
    path(
        "competences/self-assessment/delete/",
        views.self_assessment_delete,
        name="self_assessment_delete",
    ),
    path("competences/gaps/", views.gaps, name="gaps"),
    path("competences/stats/", views.stats, name="stats"),
]
