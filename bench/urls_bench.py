"""The site's URLs plus /bench/bare/, a view that does nothing: the baseline
every page's throughput is compared with."""

from django.http import HttpResponse
from django.urls import path

from config import urls as site_urls


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urls.urlpatterns]

handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
