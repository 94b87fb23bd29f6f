from django.urls import path

from . import views

app_name = "recognitions"

urlpatterns = [
    path("recognitions/", views.recognition_list, name="list"),
    path("recognitions/deadlines.ics", views.recognition_feed, name="feed"),
    path("recognitions/<slug:code>/", views.recognition_detail, name="detail"),
]
