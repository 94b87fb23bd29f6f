"""Murmurations profiles at stable addresses, outside the language prefixes
(mounted in config/urls.py next to the API): the same document whatever the
language of the visitor."""

from django.urls import path

from . import views

app_name = "murmurations"

urlpatterns = [
    path("murmurations/", views.profile_index, name="index"),
    path("murmurations/network.json", views.network_profile, name="network"),
    path(
        "murmurations/members/<slug:slug>.json",
        views.member_profile,
        name="member",
    ),
    path(
        "murmurations/entities/<int:pk>.json",
        views.entity_profile,
        name="entity",
    ),
]
