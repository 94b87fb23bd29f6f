"""A URLconf for testing the friendly error pages: views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config import urls as site_urls


def boom(request):
    raise RuntimeError("a failure on purpose")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    *site_urls.urlpatterns,
]

handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
