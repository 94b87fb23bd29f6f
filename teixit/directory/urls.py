from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("directory/", views.entry_list, name="list"),
    path("directory/propose/", views.entry_propose, name="propose"),
    path("directory/review/", views.review_queue, name="review"),
    path("directory/<slug:slug>/", views.entry_detail, name="detail"),
    path("directory/<slug:slug>/edit/", views.entry_update, name="update"),
    path("directory/<slug:slug>/delete/", views.entry_delete, name="delete"),
    path("directory/<slug:slug>/review/", views.entry_review, name="review_entry"),
]
