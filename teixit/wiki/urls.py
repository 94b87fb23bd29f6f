from django.urls import path

from . import views

app_name = "wiki"

urlpatterns = [
    path("wiki/", views.wiki_index, name="index"),
    path("wiki/<slug:space>/", views.space_detail, name="space"),
    path("wiki/<slug:space>/<slug:slug>/", views.page_detail, name="page"),
    path("wiki/<slug:space>/<slug:slug>/edit/", views.page_edit, name="edit"),
    path("wiki/<slug:space>/<slug:slug>/history/", views.page_history, name="history"),
    path("wiki/<slug:space>/<slug:slug>/diff/", views.page_diff, name="diff"),
    path(
        "wiki/<slug:space>/<slug:slug>/revert/<int:number>/",
        views.page_revert,
        name="revert",
    ),
    path(
        "wiki/<slug:space>/<slug:slug>/attachments/",
        views.attachment_upload,
        name="attach",
    ),
    path(
        "wiki/<slug:space>/<slug:slug>/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment",
    ),
]
