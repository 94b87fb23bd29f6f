from django.urls import path

from . import views

app_name = "municipal_services"

urlpatterns = [
    path("municipal-services/", views.service_list, name="list"),
    path("municipal-services/compare/", views.service_compare, name="compare"),
    path("municipal-services/new/", views.service_create, name="create"),
    path("municipal-services/<int:pk>/", views.service_detail, name="detail"),
    path("municipal-services/<int:pk>/edit/", views.service_update, name="update"),
    path("municipal-services/<int:pk>/delete/", views.service_delete, name="delete"),
]
