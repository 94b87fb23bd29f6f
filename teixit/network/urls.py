from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("network/", views.MemberListView.as_view(), name="member_list"),
    path(
        "network/members/<slug:slug>/",
        views.MemberDetailView.as_view(),
        name="member_detail",
    ),
    path(
        "network/bodies/<slug:slug>/",
        views.BodyDetailView.as_view(),
        name="body_detail",
    ),
]
