from django.urls import path

from . import views
from .feeds import SpaceFeed

app_name = "debates"

urlpatterns = [
    path("debates/", views.space_list, name="list"),
    path("debates/moderation/", views.moderation_queue, name="moderation"),
    path(
        "debates/moderation/reports/<int:report_pk>/resolve/",
        views.report_resolve,
        name="report_resolve",
    ),
    path("debates/spaces/<slug:slug>/", views.space_detail, name="space"),
    path("debates/spaces/<slug:slug>/new/", views.debate_create, name="create"),
    path("debates/spaces/<slug:slug>/feed/", SpaceFeed(), name="feed"),
    path("debates/<int:pk>/", views.debate_detail, name="detail"),
    path("debates/<int:pk>/reply/", views.reply_create, name="reply"),
    path("debates/<int:pk>/close/", views.debate_close, name="close"),
    path("debates/<int:pk>/reopen/", views.debate_reopen, name="reopen"),
    path("debates/<int:pk>/report/", views.report_create, name="report"),
    path(
        "debates/<int:pk>/replies/<int:reply_pk>/edit/",
        views.reply_edit,
        name="reply_edit",
    ),
    path(
        "debates/<int:pk>/replies/<int:reply_pk>/history/",
        views.reply_history,
        name="reply_history",
    ),
    path(
        "debates/<int:pk>/replies/<int:reply_pk>/hide/",
        views.reply_hide,
        name="reply_hide",
    ),
    path(
        "debates/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
]
