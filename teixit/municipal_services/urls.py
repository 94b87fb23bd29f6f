from django.urls import path  # noqa: F401

app_name = "municipal_services"

urlpatterns: list = []
