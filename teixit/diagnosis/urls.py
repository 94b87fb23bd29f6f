from django.urls import path, re_path

from . import views

app_name = "diagnosis"

urlpatterns = [
    path("diagnosis/", views.index, name="index"),
    path("diagnosis/new/", views.diagnosis_start, name="diagnosis_start"),
    path("diagnosis/<int:pk>/", views.diagnosis_detail, name="diagnosis_detail"),
    path("diagnosis/<int:pk>/edit/", views.diagnosis_edit, name="diagnosis_edit"),
    path(
        "diagnosis/<int:pk>/answers/<int:question_pk>/",
        views.answer_autosave,
        name="answer_autosave",
    ),
    path(
        "diagnosis/<int:pk>/answers/<int:answer_pk>/file/",
        views.answer_file_download,
        name="answer_file",
    ),
    path(
        "diagnosis/<int:pk>/submit/",
        views.diagnosis_submit_view,
        name="diagnosis_submit",
    ),
    path(
        "diagnosis/<int:pk>/validate/",
        views.diagnosis_validate_view,
        name="diagnosis_validate",
    ),
    path(
        "diagnosis/<int:pk>/reopen/",
        views.diagnosis_reopen_view,
        name="diagnosis_reopen",
    ),
    path(
        "diagnosis/<int:pk>/visibility/",
        views.diagnosis_visibility,
        name="diagnosis_visibility",
    ),
    path(
        "diagnosis/<int:pk>/documents/", views.document_upload, name="document_upload"
    ),
    path(
        "diagnosis/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "diagnosis/<int:pk>/documents/<int:document_pk>/delete/",
        views.document_delete,
        name="document_delete",
    ),
    path("diagnosis/municipalities/", views.municipality_go, name="municipality_go"),
    path(
        "diagnosis/municipalities/<str:code>/",
        views.municipality_detail,
        name="municipality",
    ),
    re_path(
        r"^diagnosis/municipalities/(?P<code>[0-9A-Za-z]+)/report\.(?P<fmt>html|pdf|xlsx|csv)$",
        views.municipality_report,
        name="municipality_report",
    ),
    path("diagnosis/network/", views.network_view, name="network"),
    re_path(
        r"^diagnosis/network/report\.(?P<fmt>html|pdf|xlsx|csv)$",
        views.network_report,
        name="network_report",
    ),
]
