from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("needs/", views.need_list, name="list"),
    path("needs/new/", views.need_create, name="create"),
    path("needs/<int:pk>/", views.need_detail, name="detail"),
    path("needs/<int:pk>/edit/", views.need_update, name="update"),
    path("needs/<int:pk>/status/", views.need_status, name="status"),
    path("needs/<int:pk>/mark/", views.need_mark, name="mark"),
    path("social-market/", views.supplier_search, name="buy"),
]
