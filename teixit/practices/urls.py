from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("practices/", views.PracticeListView.as_view(), name="list"),
    path("practices/new/", views.PracticeCreateView.as_view(), name="create"),
    path("practices/export/", views.practice_export, name="export"),
    path("practices/import/", views.practice_import, name="import"),
    path(
        "practices/review/",
        views.PracticeReviewQueueView.as_view(),
        name="review_queue",
    ),
    path("practices/<int:pk>/", views.PracticeDetailView.as_view(), name="detail"),
    path("practices/<int:pk>/edit/", views.PracticeUpdateView.as_view(), name="update"),
    path("practices/<int:pk>/submit/", views.practice_submit, name="submit"),
    path("practices/<int:pk>/publish/", views.practice_publish, name="publish"),
    path("practices/<int:pk>/send-back/", views.practice_send_back, name="send_back"),
    path(
        "practices/<int:pk>/documents/<int:document_pk>/",
        views.practice_document,
        name="document",
    ),
]
