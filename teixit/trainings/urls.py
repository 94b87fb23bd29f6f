from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.training_list, name="list"),
    path("trainings/new/", views.training_create, name="create"),
    path("trainings/feed.ics", views.training_feed, name="feed"),
    path("trainings/<int:pk>/", views.training_detail, name="detail"),
    path("trainings/<int:pk>/edit/", views.training_update, name="update"),
    path("trainings/<int:pk>/publish/", views.training_publish, name="publish"),
    path("trainings/<int:pk>/cancel/", views.training_cancel, name="cancel"),
    path("trainings/<int:pk>/register/", views.training_register, name="register"),
    path(
        "trainings/<int:pk>/unregister/", views.registration_cancel, name="unregister"
    ),
    path(
        "trainings/<int:pk>/registrations/<int:registration_pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "trainings/<int:pk>/sessions/<int:session_pk>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path("trainings/<int:pk>/training.ics", views.training_ics, name="ics"),
]
