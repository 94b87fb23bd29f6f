from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="open"),
    path("notifications/read/", views.notifications_mark_read, name="mark_read"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="preferences",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path(
        "notifications/follow/<int:type_id>/<int:object_id>/",
        views.follow_toggle,
        name="follow",
    ),
]
