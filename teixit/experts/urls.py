from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("experts/", views.expert_list, name="list"),
    path("experts/<int:pk>/", views.expert_detail, name="detail"),
    path("experts/my-profile/", views.profile_edit, name="profile_edit"),
    path(
        "experts/my-profile/withdraw/", views.consent_withdraw, name="consent_withdraw"
    ),
    path("experts/my-data/", views.my_data, name="my_data"),
    path("experts/consultations/", views.consultation_list, name="consultations"),
    path(
        "experts/consultations/<int:pk>/",
        views.consultation_detail,
        name="consultation",
    ),
]
