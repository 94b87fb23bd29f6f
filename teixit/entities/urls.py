from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("entities/<int:pk>/", views.entity_detail, name="detail"),
    path("entities/propose/", views.EntityProposeView.as_view(), name="propose"),
    path("entities/export/", views.entity_export, name="export"),
    path("entities/manage/", views.EntityManageListView.as_view(), name="manage"),
    path(
        "entities/unverified/",
        views.EntityUnverifiedListView.as_view(),
        name="unverified",
    ),
    path("entities/new/", views.EntityCreateView.as_view(), name="create"),
    path("entities/<int:pk>/edit/", views.EntityUpdateView.as_view(), name="update"),
    path("entities/<int:pk>/publish/", views.entity_publish, name="publish"),
    path("entities/<int:pk>/archive/", views.entity_archive, name="archive"),
    path("entities/<int:pk>/verify/", views.entity_verify, name="verify"),
    path("entities/<int:pk>/merge/", views.EntityMergeView.as_view(), name="merge"),
    path("entities/imports/", views.ImportListView.as_view(), name="import_list"),
    path(
        "entities/imports/<int:pk>/mapping/",
        views.ImportMappingView.as_view(),
        name="import_mapping",
    ),
    path("entities/imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("entities/imports/<int:pk>/run/", views.import_rerun, name="import_rerun"),
]
