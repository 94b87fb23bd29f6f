from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.document_list, name="list"),
    path("documents/new/", views.document_create, name="create"),
    path("documents/<slug:slug>/", views.document_detail, name="detail"),
    path("documents/<slug:slug>/edit/", views.document_edit, name="edit"),
    path("documents/<slug:slug>/stage/", views.document_stage, name="stage"),
    path("documents/<slug:slug>/amend/", views.amendment_create, name="amend"),
    path("documents/<slug:slug>/comment/", views.comment_create, name="comment"),
    path(
        "documents/<slug:slug>/amendments/<int:pk>/answer/",
        views.amendment_answer,
        name="answer",
    ),
    path("documents/<slug:slug>/compare/", views.version_compare, name="compare"),
    path("documents/<slug:slug>/v<int:number>/", views.version_detail, name="version"),
    path("documents/<slug:slug>/v<int:number>/pdf/", views.version_pdf, name="pdf"),
    path("about/", views.public_list, name="public_list"),
    path("about/<slug:slug>/", views.public_page, name="public"),
]
