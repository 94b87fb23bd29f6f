from django.urls import path

from . import views

app_name = "materials"

urlpatterns = [
    path("materials/", views.MaterialListView.as_view(), name="list"),
    path("materials/new/", views.MaterialCreateView.as_view(), name="create"),
    path("materials/<int:pk>/", views.MaterialDetailView.as_view(), name="detail"),
    path("materials/<int:pk>/edit/", views.MaterialUpdateView.as_view(), name="update"),
    path("materials/<int:pk>/publish/", views.material_publish, name="publish"),
    path(
        "materials/<int:pk>/versions/<int:number>/",
        views.material_download,
        name="download",
    ),
    path(
        "materials/<int:pk>/versions/<int:number>/preview.png",
        views.material_preview,
        name="preview",
    ),
]
