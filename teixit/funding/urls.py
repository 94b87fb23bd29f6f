from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("funding-lines/", views.line_list, name="list"),
    path("funding-lines/overlaps/", views.overlap_matrix, name="matrix"),
    path("funding-lines/import/", views.line_import, name="import"),
    path("funding-lines/new/", views.line_create, name="create"),
    path("funding-lines/<int:pk>/", views.line_detail, name="detail"),
    path("funding-lines/<int:pk>/edit/", views.line_update, name="update"),
    path("funding-lines/<int:pk>/delete/", views.line_delete, name="delete"),
    path(
        "funding-lines/<int:pk>/overlaps/<int:other>/resolve/",
        views.overlap_resolve,
        name="resolve",
    ),
]
